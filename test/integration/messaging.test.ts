import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { countSms } from '../../electron/core/api/contract/sms-count';
import { placeholderValues, renderTemplate } from '../../electron/core/distribution/messaging/message-template';
import jsQR from 'jsqr';
import { africasTalking, graph, orange, twilio } from '../fakes/messaging-providers';
import { decodePng } from '../helpers/cards';
import { api, channelSettings, messagingApp, type MessagingFixture } from '../helpers/messaging';

// Sending cards through loopback fakes of the Graph API and the SMS gateways, over real HTTP with real
// SQLite: channel settings (validated, secrets sealed and never shown), WhatsApp (image + caption, or an
// approved template with an image header), SMS by Twilio, Africa's Talking and Orange with their exact
// request shapes, message placeholders, phone numbers, and the card made on the fly.

let f: MessagingFixture;
let call: ReturnType<typeof api>;
let settings: ReturnType<typeof channelSettings>;
let next = 0;
/** A fresh enrollment for each test that needs one: no card, no MPI ID yet. */
const fresh = (): string => f.enrollments[next++]!;
const cardOf = (uid: string) => f.app.cards.models.forEnrollment(uid).card;
const fill = (template: string, uid: string): string => renderTemplate(template, placeholderValues(cardOf(uid), 'fr'));
const secrets = [graph.token, twilio.authToken, africasTalking.apiKey, orange.clientSecret];
/** What the QR of a card PNG says. */
const qrOf = (png: Buffer): string => {
  const image = decodePng(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  assert.ok(code, 'the card\'s QR decodes');
  return code.data;
};
/** The signed token on the enrollment's latest card, read from its PNG. */
const cardToken = (uid: string): string => qrOf(readFileSync((f.app.db.prepare('SELECT file FROM cards WHERE enrollment_uid = ?').get(uid) as { file: string }).file));
const verified = async (token: string): Promise<string> => ((await f.app.dispatch('POST', '/dhis2/verify', { qr: token })).body as { status: string }).status;
/** The lines an SMS ends with: the MPI ID, then the card's verification code. */
const smsTail = (uid: string): string => `\nID MPI : ${cardOf(uid).mpiId}\nCode de vérification : ${cardToken(uid)}`;

before(async () => {
  f = await messagingApp();
  call = api(f.url);
  settings = channelSettings(f.fakes);
});
after(() => f.close());

test('nothing configured: GET /dhis2/channels says so and send-card answers 409 naming the channel', async () => {
  const view = await call.channels();
  assert.equal(view.status, 200);
  assert.deepEqual(view.body, { whatsapp: { configured: false }, sms: { configured: false }, default_country: 'SN', default_calling_code: '+221' });
  const res = await call.send({ enrollment_id: f.enrollments[0], channel: 'sms', phone_number: '77 123 45 67', message: 'Bonjour {first_name}' });
  assert.equal(res.status, 409, res.text);
  assert.match(res.body.error.message, /SMS is not configured yet.*POST \/dhis2\/channels/);
  assert.equal((await call.send({ enrollment_id: 'Zzzzzzzzzzz', channel: 'sms', phone_number: '771234567' })).status, 404);
});

test('channel settings are validated field by field, and a refused update changes nothing', async () => {
  const cases: [unknown, string[]][] = [
    [{}, ['body']],
    [{ whatsapp: { access_token: graph.token } }, ['whatsapp.phone_number_id']],
    [{ whatsapp: { phone_number_id: '+221771234567', access_token: 'short' } }, ['whatsapp.phone_number_id', 'whatsapp.access_token']],
    [{ whatsapp: { phone_number_id: graph.phoneNumberId, access_token: graph.token, template_name: 'Card Template', colour: 1 } }, ['whatsapp.template_name', 'whatsapp.colour']],
    [{ whatsapp: { phone_number_id: graph.phoneNumberId, access_token: graph.token, api_base_url: 'https://user:pw@proxy.example' } }, ['whatsapp.api_base_url']],
    [{ sms: { provider: 'nexmo' } }, ['sms.provider']],
    [{ sms: { provider: 'twilio', account_sid: 'AC123', auth_token: twilio.authToken } }, ['sms.account_sid', 'sms.sender']],
    [{ sms: { provider: 'africastalking', api_key: africasTalking.apiKey, sender: 'A sender far too long' } }, ['sms.username', 'sms.sender']],
    [{ sms: { provider: 'orange', client_id: orange.clientId, client_secret: orange.clientSecret, sender_address: '12' } }, ['sms.sender_address']],
    [{ sms: { provider: 'twilio', account_sid: twilio.accountSid, sender: twilio.from } }, ['sms.auth_token']],
    [{ default_country: 'XX' }, ['default_country']],
    [{ whatsapp: 'yes' }, ['whatsapp']],
    [{ email: {} }, ['email']],
  ];
  for (const [body, fields] of cases) {
    const res = await call.channels(body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
    const got = (res.body.error.details ?? []).map((d: { field: string }) => d.field);
    for (const field of fields) assert.ok(got.includes(field), `${JSON.stringify(body)}: ${field} not in ${JSON.stringify(got)}`);
    for (const s of secrets) assert.ok(!res.text.includes(s), 'no secret echoed in an error');
  }
  assert.deepEqual((await call.channels()).body.whatsapp, { configured: false });
});

test('configured channels are shown without their secrets, and no secret is stored in clear', async () => {
  const res = await call.channels({ whatsapp: settings.whatsapp, sms: settings.twilio });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.whatsapp, {
    configured: true, mode: 'image', phone_number_id: graph.phoneNumberId, template_name: null, template_language: null, api_version: 'v23.0',
    api_base_url: f.fakes.graph.url, updated_at: res.body.whatsapp.updated_at,
  });
  assert.deepEqual(res.body.sms, {
    configured: true, provider: 'twilio', account_sid: twilio.accountSid, sender: twilio.from, messaging_service_sid: null,
    api_base_url: f.fakes.twilio.url, updated_at: res.body.sms.updated_at,
  });
  for (const body of [res.text, (await call.channels()).text]) for (const s of secrets) assert.ok(!body.includes(s));
  // Every provider's secret has been configured once by the end of this file; none is in the data files.
  await call.channels({ sms: settings.africasTalking });
  await call.channels({ sms: settings.orange });
  await call.channels({ sms: settings.twilio });
  const rows = f.app.db.prepare('SELECT provider, secret FROM messaging_channels').all() as { provider: string; secret: string }[];
  assert.deepEqual(rows.map((r) => r.secret.slice(0, 3)), ['k1.', 'k1.']);
  f.app.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const file of readdirSync(f.app.dataDir).filter((n) => n.startsWith('oomus.sqlite'))) {
    const bytes = readFileSync(join(f.app.dataDir, file));
    for (const s of secrets) assert.equal(bytes.indexOf(s), -1, `${s} found in clear in ${file}`);
  }
});

test('WhatsApp, image with caption: the card is made on the fly, uploaded, then sent with the text', async () => {
  const uid = fresh();
  assert.deepEqual(f.app.db.prepare('SELECT count(*) AS n FROM cards WHERE enrollment_uid = ?').get(uid), { n: 0 });
  const uploads = f.fakes.graph.on('media').length;
  const template = 'Bonjour {first_name} {last_name}, voici votre carte {programme_name}. ID : {mpi_id}';
  const res = await call.send({ enrollment_id: uid, channel: 'whatsapp', phone_number: '77 123 45 67', message: template });
  assert.equal(res.status, 200, res.text);
  const b = res.body;
  assert.equal(b.enrollment_id, uid);
  assert.equal(b.channel, 'whatsapp');
  assert.equal(b.status, 'sent', b.reason);
  assert.match(b.message_id, /^wamid\./);
  assert.match(b.sent_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(b.phone_number, '+221771234567');

  // Made on the fly: the enrollment now has an MPI ID and a latest card, outside any generation task.
  const card = f.app.db.prepare('SELECT task_id, file FROM cards WHERE enrollment_uid = ?').get(uid) as { task_id: string; file: string };
  assert.equal(card.task_id, 'on-demand');
  assert.ok(existsSync(card.file));
  const mpiId = cardOf(uid).mpiId;
  assert.match(mpiId ?? '', /^MPI-/);
  const caption = fill(template, uid);
  assert.ok(caption.includes(mpiId!));
  assert.equal(b.message, caption);

  const upload = f.fakes.graph.on('media').at(-1)!;
  assert.equal(f.fakes.graph.on('media').length, uploads + 1);
  assert.equal(upload.path, `/v23.0/${graph.phoneNumberId}/media`);
  assert.equal(upload.headers.authorization, `Bearer ${graph.token}`);
  assert.deepEqual(upload.multipart!.fields, { messaging_product: 'whatsapp', type: 'image/png' });
  assert.deepEqual(upload.multipart!.files.map((x) => [x.name, x.filename, x.type]), [['file', 'card.png', 'image/png']]);
  assert.ok(upload.multipart!.files[0]!.data.equals(readFileSync(card.file)), 'the uploaded bytes are the card PNG');
  const token = qrOf(upload.multipart!.files[0]!.data);
  assert.match(token, /^OC1:/, 'the card sent carries the signed token');
  assert.equal(await verified(token), 'valid');
  const mediaId = [...f.fakes.graph.media.keys()].at(-1);

  const sent = f.fakes.graph.delivered.at(-1)!;
  assert.equal(sent.path, `/v23.0/${graph.phoneNumberId}/messages`);
  assert.equal(sent.headers.authorization, `Bearer ${graph.token}`);
  assert.match(String(sent.headers['content-type']), /^application\/json/);
  assert.deepEqual(sent.json, {
    messaging_product: 'whatsapp', recipient_type: 'individual', to: '+221771234567', type: 'image', image: { id: mediaId, caption },
  });
  const again = await call.send({ enrollment_id: uid, channel: 'whatsapp', phone_number: '771234567', message: 'Encore {first_name}' });
  assert.equal(again.body.status, 'sent');
  assert.equal((f.app.db.prepare('SELECT file FROM cards WHERE enrollment_uid = ?').get(uid) as { file: string }).file, card.file, 'the existing card is reused');
});

test('WhatsApp with an approved template: image header by media ID, the text as the body parameter', async () => {
  // Only the settings change: the stored access token of the same provider is kept.
  const res = await call.channels({ whatsapp: { phone_number_id: graph.phoneNumberId, template_name: 'oomus_card', template_language: 'fr', api_base_url: f.fakes.graph.url } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.whatsapp.mode, 'template');
  const uid = fresh();
  const template = 'Bonjour {first_name},\nvoici votre carte.';
  const sent = await call.send({ enrollment_id: uid, channel: 'whatsapp', phone_number: '+221 76 000 00 01', message: template });
  assert.equal(sent.body.status, 'sent', sent.text);
  const mediaId = [...f.fakes.graph.media.keys()].at(-1);
  assert.deepEqual(f.fakes.graph.delivered.at(-1)!.json, {
    messaging_product: 'whatsapp', recipient_type: 'individual', to: '+221760000001', type: 'template',
    template: {
      name: 'oomus_card', language: { code: 'fr' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { id: mediaId } }] },
        { type: 'body', parameters: [{ type: 'text', text: fill(template, uid).replace(/\s+/g, ' ') }] },
      ],
    },
  });
  assert.equal((await call.channels({ whatsapp: settings.whatsapp })).body.whatsapp.mode, 'image');
});

test('SMS by Twilio: form-encoded To, From, Body with Basic auth; the MPI ID follows the message; encoding counted', async () => {
  await call.channels({ sms: settings.twilio });
  const uid = fresh();
  const res = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '00221 77 123 45 67', message: 'Bonjour {first_name}, voici votre carte.' });
  assert.equal(res.body.status, 'sent', res.text);
  const body = `${fill('Bonjour {first_name}, voici votre carte.', uid)}${smsTail(uid)}`;
  const r = f.fakes.twilio.delivered.at(-1)!;
  assert.equal(r.path, `/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
  assert.equal(r.headers.authorization, `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`);
  assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.deepEqual(r.form, { To: '+221771234567', From: twilio.from, Body: body });
  assert.match(res.body.message_id, /^SM[0-9a-f]{32}$/);
  const count = countSms(body);
  assert.deepEqual(res.body.sms, { encoding: count.encoding, segments: count.segments, characters: count.characters });

  const accents = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Ça y est, {first_name} : votre carte est prête, gardez-la bien.' });
  assert.equal(accents.body.sms.encoding, 'UCS-2', 'ê is not in GSM-7');
});

test("SMS by Africa's Talking: form fields username, to, message, from with the apiKey header", async () => {
  await call.channels({ sms: settings.africasTalking });
  const uid = fresh();
  const res = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '77 123 45 67', message: 'Carte de {full_name}' });
  assert.equal(res.body.status, 'sent', res.text);
  const r = f.fakes.africasTalking.delivered.at(-1)!;
  assert.equal(r.path, '/version1/messaging');
  assert.equal(r.headers.apikey, africasTalking.apiKey);
  assert.equal(r.headers.accept, 'application/json');
  assert.deepEqual(r.form, { username: africasTalking.username, to: '+221771234567', message: `${fill('Carte de {full_name}', uid)}${smsTail(uid)}`, from: africasTalking.sender });
  assert.match(res.body.message_id, /^ATXid_/);
  assert.equal(res.body.provider, 'africastalking');
});

test('SMS by Orange: client-credentials token, then the outbound request; an expired token is renewed once', async () => {
  await call.channels({ sms: settings.orange });
  const uid = fresh();
  const tokens = f.fakes.orange.on('token').length;
  const res = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Bonjour {first_name}' });
  assert.equal(res.body.status, 'sent', res.text);
  const token = f.fakes.orange.on('token').at(-1)!;
  assert.equal(f.fakes.orange.on('token').length, tokens + 1);
  assert.equal(token.headers.authorization, `Basic ${Buffer.from(`${orange.clientId}:${orange.clientSecret}`).toString('base64')}`);
  assert.deepEqual(token.form, { grant_type: 'client_credentials' });
  const r = f.fakes.orange.delivered.at(-1)!;
  assert.equal(r.path, `/smsmessaging/v1/outbound/${encodeURIComponent(`tel:${orange.senderAddress}`)}/requests`);
  assert.equal(r.path, '/smsmessaging/v1/outbound/tel%3A%2B221770000000/requests');
  assert.match(String(r.headers.authorization), /^Bearer tok/);
  assert.deepEqual(r.json, {
    outboundSMSMessageRequest: {
      address: 'tel:+221771234567', senderAddress: 'tel:+221770000000', senderName: orange.senderName,
      outboundSMSTextMessage: { message: `${fill('Bonjour {first_name}', uid)}${smsTail(uid)}` },
    },
  });
  assert.match(res.body.message_id, /^[0-9a-f]{24}$/);

  f.fakes.orange.expireTokens();
  const sms = f.fakes.orange.on('sms').length;
  const renewed = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Encore' });
  assert.equal(renewed.body.status, 'sent', renewed.text);
  assert.equal(f.fakes.orange.on('sms').length, sms + 2, 'refused once (401), then sent with a new token');
  assert.equal(f.fakes.orange.on('token').length, tokens + 2);
  await call.channels({ sms: settings.twilio });
});

test('an unknown placeholder, a bad phone number or bad fields are 400 naming the field, and nothing is sent', async () => {
  const uid = f.enrollments[0]!;
  const before = { requests: f.fakes.twilio.requests.length, outbox: f.app.db.prepare('SELECT count(*) AS n FROM outbox').get() };
  const unknown = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Bonjour {prenom} {first_name} {Nom}' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details[0].field, 'message');
  assert.match(unknown.body.error.message, /\{prenom\}, \{Nom\}.*known: \{first_name\}/);
  for (const phone of ['12345', '33 823 45 67', '+221 77 123 45 6', 'call me', '+0771234567']) {
    const res = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: phone, message: 'Bonjour' });
    assert.equal(res.status, 400, `${phone}: ${res.text}`);
    assert.equal(res.body.error.details[0].field, 'phone_number');
  }
  const cases: [unknown, string][] = [
    [{ enrollment_id: uid, channel: 'email', phone_number: '771234567' }, 'channel'],
    [{ enrollment_id: uid, channel: 'sms' }, 'phone_number'],
    [{ channel: 'sms', phone_number: '771234567' }, 'enrollment_id'],
    [{ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: '' }, 'message'],
    [{ enrollment_id: uid, channel: 'sms', phone_number: '771234567', idempotency_key: 'a b' }, 'idempotency_key'],
    [{ enrollment_id: uid, channel: 'sms', phone_number: '771234567', colour: 'red' }, 'colour'],
    [{ enrollment_id: uid, channel: 'whatsapp', phone_number: '771234567', message: 'x'.repeat(1100) }, 'message'],
  ];
  for (const [body, field] of cases) {
    const res = await call.send(body);
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
    assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), res.text);
  }
  assert.equal(f.fakes.twilio.requests.length, before.requests);
  assert.deepEqual(f.app.db.prepare('SELECT count(*) AS n FROM outbox').get(), before.outbox);
});

test('numbers are normalised to E.164 with the default country, which can be changed', async () => {
  const uid = f.enrollments[0]!;
  const sent = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '77 123 45 67', message: 'Bonjour' });
  assert.equal(sent.body.phone_number, '+221771234567');
  assert.equal(f.fakes.twilio.delivered.at(-1)!.form!.To, '+221771234567');
  assert.equal((await call.channels({ default_country: 'CI' })).body.default_calling_code, '+225');
  const ci = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '07 07 12 34 56', message: 'Bonjour' });
  assert.equal(ci.body.phone_number, '+2250707123456');
  assert.equal((await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '77 123 45 67', message: 'Bonjour' })).status, 400);
  assert.equal((await call.channels({ default_country: 'SN' })).body.default_country, 'SN');
});

test('a card made before cards were signed, or no longer true, is made anew for a message; its token is in the SMS', async () => {
  await call.channels({ sms: settings.twilio });
  const uid = fresh();
  assert.equal((await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Bonjour' })).body.status, 'sent');
  const first = f.app.db.prepare('SELECT file, card_id FROM cards WHERE enrollment_uid = ?').get(uid) as { file: string; card_id: string };
  const token = cardToken(uid);
  assert.equal(await verified(token), 'valid');
  // Sent again: the same card and the same token.
  await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Encore' });
  assert.ok(f.fakes.twilio.delivered.at(-1)!.form!.Body!.endsWith(`Code de vérification : ${token}`));
  assert.equal((f.app.db.prepare('SELECT card_id FROM cards WHERE enrollment_uid = ?').get(uid) as { card_id: string }).card_id, first.card_id);

  // A file from before signing (migration 13 leaves its card_id empty; its QR says OOMUS1/…): a new signed card.
  f.app.db.prepare('UPDATE cards SET card_id = NULL WHERE enrollment_uid = ?').run(uid);
  await call.send({ enrollment_id: uid, channel: 'whatsapp', phone_number: '771234567', message: 'Bonjour' });
  const remade = f.app.db.prepare('SELECT card_id FROM cards WHERE enrollment_uid = ?').get(uid) as { card_id: string };
  assert.equal(remade.card_id, first.card_id, 'drawn again with the live signed card (same data, same template), now recorded');
  assert.equal(qrOf(f.fakes.graph.on('media').at(-1)!.multipart!.files[0]!.data), token);

  // Its card revoked (an MPI split): the next message carries a new card, and the old one no longer verifies.
  f.app.verify.issuer.revoke(uid, 'MPI split');
  await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Bonjour' });
  const third = cardToken(uid);
  assert.notEqual(third, token);
  assert.ok(f.fakes.twilio.delivered.at(-1)!.form!.Body!.endsWith(`Code de vérification : ${third}`));
  assert.equal(await verified(third), 'valid');
  const old = await f.app.dispatch('POST', '/dhis2/verify', { qr: token });
  assert.deepEqual([(old.body as any).status, (old.body as any).reason], ['invalid', 'revoked']);
});

test('with Google Wallet configured, the SMS carries a compact save link within one SMS message limit', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configured = await f.app.dispatch('POST', '/dhis2/google-wallet/config', {
    issuer_id: '3388000000022222228',
    service_account: {
      type: 'service_account', project_id: 'oomus-test', private_key_id: 'a1', client_id: '1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), client_email: 'wallet@oomus-test.iam.gserviceaccount.com',
    },
  });
  assert.equal(configured.status, 200, JSON.stringify(configured.body));
  const uid = fresh();
  const full = ((await f.app.dispatch('GET', `/dhis2/google-wallet/${uid}`)).body as { wallet_url: string }).wallet_url;
  const res = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: 'Bonjour {first_name}' });
  assert.equal(res.body.status, 'sent', res.text);
  const body = f.fakes.twilio.delivered.at(-1)!.form!.Body!;
  // The SMS carries the compact pass (holder, programme, QR, validity): a signed link about half the length of
  // the full one, so message, MPI ID and link stay within what one SMS may hold.
  // The card's verification code does not fit beside the link (1,742 characters with both); the link's pass
  // carries it in its QR, and the note says so.
  const lines = body.split('\n');
  assert.equal(lines.slice(0, 2).join('\n'), `${fill('Bonjour {first_name}', uid)}\nID MPI : ${cardOf(uid).mpiId}`);
  const compact = lines[2]!;
  assert.match(compact, /^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.ok(compact.length < full.length * 0.7, `${compact.length} vs ${full.length}`);
  assert.ok(body.length <= 1600, `${body.length}`);
  const claims = JSON.parse(Buffer.from(compact.split('/').pop()!.split('.')[1]!, 'base64url').toString('utf8'));
  assert.equal(claims.typ, 'savetowallet');
  assert.equal(claims.payload.genericObjects[0].barcode.alternateText, cardOf(uid).mpiId);
  assert.equal(claims.payload.genericObjects[0].barcode.value, cardToken(uid), 'the pass, the card and the SMS carry one token');
  assert.match(res.body.note, /verification code was left out.*pass carries the same code in its QR/);
  assert.equal(res.body.sms.segments, countSms(body).segments);
  // A message too long for the link: the code's line stays, the link goes.
  const long = await call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message: `Bonjour {first_name}. ${'Gardez cette carte avec vous. '.repeat(4)}` });
  assert.equal(long.body.status, 'sent', long.text);
  assert.ok(f.fakes.twilio.delivered.at(-1)!.form!.Body!.endsWith(`Code de vérification : ${cardToken(uid)}`));
  assert.match(long.body.note, /Google Wallet link \(\d+ characters\) was left out/);
});
