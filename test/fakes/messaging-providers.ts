import { randomBytes } from 'node:crypto';
import { createFakeServer, type FakeServer, type Recorded, type Reply } from './fake-server';

// Loopback fakes of Meta's Graph API (WhatsApp Cloud API), Twilio, Africa's Talking and Orange. Each
// checks credentials and the exact request shape the real service documents, answers like it (its
// success and error bodies), and counts what it "delivered". Faults come from fake-server.ts.

export interface FakeProvider extends FakeServer {
  /** Requests that delivered a message (accepted sends). */
  delivered: Recorded[];
}

const e164 = /^\+[1-9]\d{7,14}$/;
const hex = (n: number): string => randomBytes(n).toString('hex');
const keysOf = (o: object | undefined): string[] => Object.keys(o ?? {}).sort();
const sameKeys = (o: object | undefined, keys: string[]): boolean => JSON.stringify(keysOf(o)) === JSON.stringify([...keys].sort());

export const graph = { token: 'EAAGraphFakeToken0123456789abcdef', phoneNumberId: '106540352242922', version: 'v23.0' };

export async function createFakeGraph(): Promise<FakeProvider & { media: Map<string, Buffer> }> {
  const delivered: Recorded[] = [];
  const media = new Map<string, Buffer>();
  const graphError = (status: number, code: number, message: string): Reply => ({ status, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } } });
  const base = `/${graph.version}/${graph.phoneNumberId}`;
  const server = await createFakeServer(
    (r) => (r.path === `${base}/media` ? 'media' : r.path === `${base}/messages` ? 'messages' : 'other'),
    (r, route) => {
      if (r.method !== 'POST' || route === 'other') return graphError(400, 100, `Unsupported ${r.method} request ${r.path}`);
      if (r.headers.authorization !== `Bearer ${graph.token}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      if (route === 'media') {
        const m = r.multipart;
        const file = m?.files[0];
        if (!m || !sameKeys(m.fields, ['messaging_product', 'type']) || m.fields.messaging_product !== 'whatsapp' || m.fields.type !== 'image/png'
          || m.files.length !== 1 || file?.name !== 'file' || file.type !== 'image/png' || file.data.readUInt32BE(0) !== 0x89504e47) {
          return graphError(400, 100, '(#100) The parameter messaging_product is required / file must be an image/png upload');
        }
        const id = `${Date.now()}${media.size + 1}`;
        media.set(id, file.data);
        return { status: 200, body: { id } };
      }
      const j = r.json;
      const common = j?.messaging_product === 'whatsapp' && j.recipient_type === 'individual' && e164.test(j.to ?? '');
      const image = j?.type === 'image' && sameKeys(j, ['messaging_product', 'recipient_type', 'to', 'type', 'image'])
        && sameKeys(j.image, ['id', 'caption']) && media.has(j.image.id) && typeof j.image.caption === 'string' && j.image.caption.length <= 1024;
      const t = j?.template;
      const template = j?.type === 'template' && sameKeys(j, ['messaging_product', 'recipient_type', 'to', 'type', 'template'])
        && typeof t?.name === 'string' && sameKeys(t.language, ['code']) && Array.isArray(t.components) && t.components.length === 2
        && t.components[0].type === 'header' && t.components[0].parameters?.[0]?.type === 'image' && media.has(t.components[0].parameters[0].image?.id)
        && t.components[1].type === 'body' && t.components[1].parameters?.[0]?.type === 'text' && !/[\n\t]/.test(t.components[1].parameters[0].text);
      if (!common || !(image || template)) return graphError(400, 100, '(#100) Invalid parameter');
      delivered.push(r);
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: j.to, wa_id: j.to.slice(1) }], messages: [{ id: `wamid.HBgM${hex(8)}` }] } };
    },
  );
  return Object.assign(server, { delivered, media });
}

export const twilio = { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'f00dfeedf00dfeedf00dfeedf00dfeed', from: '+15005550006' };

export async function createFakeTwilio(): Promise<FakeProvider> {
  const delivered: Recorded[] = [];
  const path = `/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`;
  const error = (status: number, code: number, message: string): Reply =>
    ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });
  const server = await createFakeServer((r) => (r.method === 'POST' && r.path === path ? 'messages' : 'other'), (r, route) => {
    if (route !== 'messages') return error(404, 20404, `The requested resource ${r.path} was not found`);
    const basic = `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`;
    if (r.headers.authorization !== basic) return error(401, 20003, 'Authenticate');
    const f = r.form;
    const fromOk = f && (sameKeys(f, ['To', 'From', 'Body']) || sameKeys(f, ['To', 'MessagingServiceSid', 'Body']));
    if (!f || !fromOk) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    if (!e164.test(f.To ?? '')) return error(400, 21211, `The 'To' number ${f.To} is not a valid phone number.`);
    if (!f.Body) return error(400, 21602, 'Message body is required.');
    delivered.push(r);
    return { status: 201, body: { sid: `SM${hex(16)}`, account_sid: twilio.accountSid, to: f.To, from: f.From ?? null, messaging_service_sid: f.MessagingServiceSid ?? null, body: f.Body, status: 'queued', num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01', error_code: null, error_message: null } };
  });
  return Object.assign(server, { delivered });
}

export const africasTalking = { username: 'oomus_dakar', apiKey: 'atsk_fake0123456789abcdef', sender: 'OOMUS' };

export async function createFakeAfricasTalking(): Promise<FakeProvider> {
  const delivered: Recorded[] = [];
  const server = await createFakeServer((r) => (r.method === 'POST' && r.path === '/version1/messaging' ? 'messaging' : 'other'), (r, route) => {
    if (route !== 'messaging') return { status: 404, body: 'Not Found' };
    if (r.headers.apikey !== africasTalking.apiKey) return { status: 401, body: 'The supplied authentication is invalid' };
    const f = r.form;
    const keysOk = f && (sameKeys(f, ['username', 'to', 'message', 'from']) || sameKeys(f, ['username', 'to', 'message']));
    if (!f || !keysOk || f.username !== africasTalking.username || r.headers.accept !== 'application/json' || !f.message) {
      return { status: 400, body: 'Request is missing required form field' };
    }
    if (!e164.test(f.to ?? '')) {
      return { status: 201, body: { SMSMessageData: { Message: 'Sent to 0/1 Total Cost: 0', Recipients: [{ statusCode: 403, number: f.to, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }] } } };
    }
    delivered.push(r);
    return { status: 201, body: { SMSMessageData: { Message: 'Sent to 1/1 Total Cost: XOF 25.0000', Recipients: [{ statusCode: 101, number: f.to, status: 'Success', cost: 'XOF 25.0000', messageId: `ATXid_${hex(16)}` }] } } };
  });
  return Object.assign(server, { delivered });
}

export const orange = { clientId: 'OrangeClientId42', clientSecret: 'OrangeSecret0123456789', senderAddress: '+221770000000', senderName: 'OOMUS' };

export async function createFakeOrange(): Promise<FakeProvider & { expireTokens(): void }> {
  const delivered: Recorded[] = [];
  const tokens = new Set<string>();
  const sender = encodeURIComponent(`tel:${orange.senderAddress}`);
  const smsPath = `/smsmessaging/v1/outbound/${sender}/requests`;
  const fault = (status: number, kind: string, messageId: string, text: string, variables: string[] = []): Reply =>
    ({ status, body: { requestError: { [kind]: { messageId, text, variables } } } });
  let url = '';
  const server = await createFakeServer(
    (r) => (r.method === 'POST' && r.path === '/oauth/v3/token' ? 'token' : r.method === 'POST' && r.path === smsPath ? 'sms' : 'other'),
    (r, route) => {
      if (route === 'token') {
        const basic = `Basic ${Buffer.from(`${orange.clientId}:${orange.clientSecret}`).toString('base64')}`;
        if (r.headers.authorization !== basic) return { status: 401, body: { error: 'invalid_client', error_description: 'The requested service needs credentials, but the ones provided were invalid.' } };
        if (!r.form || !sameKeys(r.form, ['grant_type']) || r.form.grant_type !== 'client_credentials') return { status: 400, body: { error: 'invalid_request' } };
        const token = `tok${hex(12)}`;
        tokens.add(token);
        return { status: 200, body: { token_type: 'Bearer', access_token: token, expires_in: 3600 } };
      }
      if (route !== 'sms') return { status: 404, body: { code: 60, message: 'Resource not found' } };
      const bearer = /^Bearer (\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
      if (!bearer || !tokens.has(bearer)) return { status: 401, body: { code: 42, message: 'Expired credentials', description: 'The requested service needs credentials, and the ones provided were out-of-date.' } };
      const m = r.json?.outboundSMSMessageRequest;
      if (!m || !sameKeys(r.json, ['outboundSMSMessageRequest']) || !sameKeys(m, ['address', 'senderAddress', 'senderName', 'outboundSMSTextMessage'])
        || m.senderAddress !== `tel:${orange.senderAddress}` || !sameKeys(m.outboundSMSTextMessage, ['message'])) {
        return fault(400, 'serviceException', 'SVC0002', 'Invalid input value for message part %1', ['outboundSMSMessageRequest']);
      }
      if (!/^tel:\+[1-9]\d{7,14}$/.test(m.address)) return fault(400, 'serviceException', 'SVC0004', 'No valid addresses provided in message part %1', ['address']);
      delivered.push(r);
      return { status: 201, body: { outboundSMSMessageRequest: { ...m, resourceURL: `${url}${smsPath}/${hex(12)}` } } };
    },
  );
  url = server.url;
  return Object.assign(server, { delivered, expireTokens: () => tokens.clear() });
}
