import { createHash } from 'node:crypto';
import type { SmsSettings } from '../channel-config';
import type { ProviderResponse } from '../provider-http';
import { bodyJson, classifyStatus, exchange, formBody, isResult, textOf, type AttemptContext, type AttemptResult, type MessagingProvider } from './provider';

// Orange SMS API (Africa and Middle East): an OAuth 2.0 client-credentials token, then the message.
//   POST /oauth/v3/token, Authorization: Basic base64(client_id:client_secret), grant_type=client_credentials
//     → {"token_type": "Bearer", "access_token", "expires_in"}
//   POST /smsmessaging/v1/outbound/{tel:+SENDER, URL-encoded}/requests, Bearer token, JSON
//     {"outboundSMSMessageRequest": {"address": "tel:+221…", "senderAddress": "tel:+221…", "senderName"?,
//      "outboundSMSTextMessage": {"message"}}} → 201 with outboundSMSMessageRequest.resourceURL (…/requests/{id}).
// A 401 on the message means the token expired: nothing was sent, so one new token and one resend.

export const orangeBaseUrl = 'https://api.orange.com';

interface Token { value: string; expiresAt: number }
const tokens = new Map<string, Token>();

export function createOrangeProvider(settings: Extract<SmsSettings, { provider: 'orange' }>, clientSecret: string, now: () => number = Date.now): MessagingProvider {
  const base = settings.api_base_url ?? orangeBaseUrl;
  const secrets = [clientSecret];
  const cacheKey = createHash('sha256').update(`${base}|${settings.client_id}|${clientSecret}`).digest('hex');

  const token = async (ctx: AttemptContext, fresh: boolean): Promise<string | AttemptResult> => {
    const cached = tokens.get(cacheKey);
    if (!fresh && cached && cached.expiresAt > now()) return cached.value;
    tokens.delete(cacheKey);
    const res = await exchange(ctx, {
      method: 'POST', url: `${base}/oauth/v3/token`,
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.client_id}:${clientSecret}`, 'utf8').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: formBody({ grant_type: 'client_credentials' }),
    }, { delivering: false, label: 'Orange token', secrets });
    if (isResult(res)) return res;
    const problem = classifyStatus(res, 'Orange token', orangeDetail(res), secrets);
    if (problem) {
      return problem.kind === 'failed' ? { kind: 'failed', reason: `${problem.reason}. Check the client ID and client secret in the SMS settings.` } : problem;
    }
    const json = bodyJson(res);
    if (typeof json.access_token !== 'string') return { kind: 'retry', reason: 'Orange answered the token request without an access token.', offline: false };
    const seconds = Number(json.expires_in ?? 3600);
    tokens.set(cacheKey, { value: json.access_token, expiresAt: now() + Math.max(60, (Number.isFinite(seconds) ? seconds : 3600) - 60) * 1000 });
    return json.access_token;
  };

  return {
    name: 'orange',
    async send(message, ctx) {
      const sender = `tel:${settings.sender_address}`;
      const payload = {
        outboundSMSMessageRequest: {
          address: `tel:${message.phone}`,
          senderAddress: sender,
          ...(settings.sender ? { senderName: settings.sender } : {}),
          outboundSMSTextMessage: { message: message.body },
        },
      };
      for (let round = 0; round < 2; round++) {
        const bearer = await token(ctx, round > 0);
        if (typeof bearer !== 'string') return bearer;
        const res = await exchange(ctx, {
          method: 'POST', url: `${base}/smsmessaging/v1/outbound/${encodeURIComponent(sender)}/requests`,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(payload),
        }, { delivering: true, label: 'Orange', secrets: [...secrets, bearer] });
        if (isResult(res)) return res;
        if (res.status === 401 && round === 0) continue; // expired token: refused, nothing sent
        const problem = classifyStatus(res, 'Orange', orangeDetail(res), [...secrets, bearer]);
        if (problem) return problem;
        const request = bodyJson(res).outboundSMSMessageRequest as { resourceURL?: unknown } | undefined;
        const resource = typeof request?.resourceURL === 'string' ? request.resourceURL : '';
        const id = resource.split('/').filter(Boolean).pop();
        if (!id) return { kind: 'unknown', reason: `Orange answered ${res.status} without a resourceURL: ${textOf(res)}` };
        return { kind: 'sent', providerMessageId: id };
      }
      return { kind: 'failed', reason: 'Orange refused a fresh token (401): check the client ID and client secret in the SMS settings.' };
    },
  };
}

/** Orange's {"requestError": {"serviceException" | "policyException": {"messageId", "text", "variables"}}}. */
function orangeDetail(res: ProviderResponse): string {
  const json = bodyJson(res);
  const error = json.requestError as Record<string, { messageId?: string; text?: string; variables?: string[] }> | undefined;
  const e = error?.serviceException ?? error?.policyException;
  if (e?.text) {
    let text = e.text;
    (e.variables ?? []).forEach((v, i) => (text = text.replace(`%${i + 1}`, v)));
    return `(${e.messageId ?? '?'}) ${text}`;
  }
  if (typeof json.error_description === 'string') return json.error_description;
  if (typeof json.description === 'string') return json.description;
  return textOf(res);
}
