import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { africasTalking, graph, orange, twilio } from '../fakes/messaging-providers';
import { api, channelSettings, closedPort, later, messagingApp, type MessagingFixture } from '../helpers/messaging';

// The offline outbox against providers that fail on demand: 5xx, 429, no answer in time, a dropped
// connection, no network at all, a 4xx. What may be retried is queued and sent once the fake heals;
// what the provider refused fails with its reason; a delivering request whose answer was lost is
// "unknown" and never sent twice. One send request is one message, whatever the client repeats.

let f: MessagingFixture;
let call: ReturnType<typeof api>;
let uid: string;
const drain = (at?: Date) => f.app.messaging.worker.drain(at);
const row = (id: string) => f.app.messaging.outbox.get(id)!;
const sms = (message = 'Bonjour {first_name}', extra: Record<string, unknown> = {}) =>
  call.send({ enrollment_id: uid, channel: 'sms', phone_number: '771234567', message, ...extra });
const whatsapp = (message = 'Bonjour {first_name}') => call.send({ enrollment_id: uid, channel: 'whatsapp', phone_number: '771234567', message });

before(async () => {
  f = await messagingApp(10);
  call = api(f.url);
  uid = f.enrollments[0]!;
  const s = channelSettings(f.fakes);
  assert.equal((await call.channels({ whatsapp: s.whatsapp, sms: s.twilio })).status, 200);
});
after(() => f.close());

test('SMS: a 500 is queued with backoff, not retried before it is due, then sent once the gateway heals', async () => {
  const delivered = f.fakes.twilio.delivered.length;
  f.fakes.twilio.fail('messages', { kind: 'status', status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } });
  const res = await sms();
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.status, 'queued');
  assert.equal(res.body.message_id, null);
  assert.equal(res.body.sent_at, null);
  assert.match(res.body.reason, /Twilio answered 500: \(20500\) Internal Server Error/);
  const due = Date.parse(res.body.next_attempt_at);
  assert.ok(due >= Date.now() + 10_000 && due <= Date.now() + 31_000, res.body.next_attempt_at);
  assert.deepEqual(await drain(), { attempted: 0, sent: 0, queued: 0, failed: 0, unknown: 0 }, 'not due yet');
  f.fakes.twilio.heal();
  assert.deepEqual(await drain(later()), { attempted: 1, sent: 1, queued: 0, failed: 0, unknown: 0 });
  const after = row(res.body.outbox_id);
  assert.equal(after.status, 'sent');
  assert.equal(after.attempts, 2);
  assert.match(after.provider_message_id ?? '', /^SM/);
  assert.equal(f.fakes.twilio.delivered.length, delivered + 1);
});

test('SMS: a 429 waits at least its Retry-After', async () => {
  f.fakes.twilio.fail('messages', { kind: 'status', status: 429, headers: { 'retry-after': '600' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
  const res = await sms();
  assert.equal(res.body.status, 'queued');
  assert.match(res.body.reason, /429.*slow down/);
  assert.ok(Date.parse(res.body.next_attempt_at) >= Date.now() + 595_000, res.body.next_attempt_at);
  f.fakes.twilio.heal();
  assert.equal((await drain(later())).sent, 1);
  assert.equal(row(res.body.outbox_id).status, 'sent');
});

test('SMS: no network at all (nothing listens) is queued without counting against the provider, and sent later', async () => {
  const port = await closedPort();
  await call.channels({ sms: { ...channelSettings(f.fakes).twilio, auth_token: undefined, api_base_url: `http://127.0.0.1:${port}` } });
  const res = await sms();
  assert.equal(res.body.status, 'queued', res.text);
  assert.match(res.body.reason, /refused the connection/);
  assert.equal(row(res.body.outbox_id).provider_errors, 0);
  assert.equal((await drain(later())).queued, 1, 'still offline');
  assert.equal(row(res.body.outbox_id).provider_errors, 0);
  await call.channels({ sms: channelSettings(f.fakes).twilio });
  assert.equal((await drain(later())).sent, 1);
  assert.equal(row(res.body.outbox_id).status, 'sent');
});

test('SMS: a 4xx fails for good with the provider\'s reason and is never retried', async () => {
  f.fakes.twilio.fail('messages', { kind: 'status', status: 400, body: { code: 21211, message: "The 'To' number +221771234567 is not a valid phone number.", status: 400 } }, 1);
  const requests = f.fakes.twilio.requests.length;
  const res = await sms();
  assert.equal(res.body.status, 'failed');
  assert.match(res.body.reason, /Twilio answered 400: \(21211\) The 'To' number \+221771234567 is not a valid phone number/);
  assert.equal((await drain(later())).attempted, 0);
  assert.equal(f.fakes.twilio.requests.length, requests + 1);

  await call.channels({ sms: { ...channelSettings(f.fakes).twilio, auth_token: 'wrongwrongwrong42' } });
  const refused = await sms();
  assert.equal(refused.body.status, 'failed');
  assert.match(refused.body.reason, /401.*Authenticate.*Check the Account SID and auth token/);
  assert.ok(!refused.text.includes('wrongwrongwrong42'));
  await call.channels({ sms: channelSettings(f.fakes).twilio });
});

test('SMS: a provider that keeps failing is given up after the bounded number of attempts', async () => {
  f.fakes.twilio.fail('messages', { kind: 'status', status: 503, body: 'Service Unavailable' });
  const res = await sms();
  assert.equal(res.body.status, 'queued');
  for (let i = 0; i < 6; i++) assert.equal((await drain(later())).queued, 1);
  assert.equal((await drain(later())).failed, 1);
  const gaveUp = row(res.body.outbox_id);
  assert.equal(gaveUp.status, 'failed');
  assert.equal(gaveUp.attempts, 8);
  assert.match(gaveUp.last_error ?? '', /^Gave up after 8 failed attempts: Twilio answered 503: Service Unavailable/);
  f.fakes.twilio.heal();
  assert.equal((await drain(later())).attempted, 0);
});

test('SMS: no answer in time, or a cut connection, after the message left: "unknown", never sent again', async () => {
  for (const fault of [{ kind: 'hang' }, { kind: 'drop' }] as const) {
    f.fakes.twilio.fail('messages', fault);
    const requests = f.fakes.twilio.on('messages').length;
    const res = await sms();
    assert.equal(res.body.status, 'unknown', `${fault.kind}: ${res.text}`);
    assert.match(res.body.reason, fault.kind === 'hang' ? /did not answer within 700 ms.*not sent again automatically/ : /cut.*not sent again automatically/);
    f.fakes.twilio.heal();
    assert.equal((await drain(later())).attempted, 0);
    assert.equal(f.fakes.twilio.on('messages').length, requests + 1, 'the gateway saw it once');
    assert.equal(row(res.body.outbox_id).send_started_at !== null, true);
  }
});

test('WhatsApp: an upload that times out, is cut, or answers 500 is safe to retry: queued, then sent', async () => {
  for (const fault of [{ kind: 'hang' }, { kind: 'drop' }, { kind: 'status', status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } }] as const) {
    f.fakes.graph.fail('media', fault);
    const messages = f.fakes.graph.on('messages').length;
    const res = await whatsapp();
    assert.equal(res.body.status, 'queued', `${fault.kind}: ${res.text}`);
    assert.match(res.body.reason, /^WhatsApp media upload/);
    assert.equal(f.fakes.graph.on('messages').length, messages, 'nothing was sent to the person');
    f.fakes.graph.heal();
    assert.equal((await drain(later())).sent, 1);
    assert.equal(f.fakes.graph.on('messages').length, messages + 1);
    assert.equal(row(res.body.outbox_id).status, 'sent');
  }
});

test('WhatsApp: a 500 on the message is retried with the media already uploaded; a lost answer is "unknown"', async () => {
  f.fakes.graph.fail('messages', { kind: 'status', status: 500, body: { error: { message: 'Something went wrong', code: 131000 } } }, 1);
  const uploads = f.fakes.graph.on('media').length;
  const res = await whatsapp();
  assert.equal(res.body.status, 'queued');
  assert.match(res.body.reason, /WhatsApp answered 500: \(#131000\) Something went wrong/);
  assert.equal((await drain(later())).sent, 1);
  assert.equal(f.fakes.graph.on('media').length, uploads + 1, 'the card was uploaded once, its media ID reused');

  f.fakes.graph.fail('messages', { kind: 'hang' });
  const lost = await whatsapp();
  assert.equal(lost.body.status, 'unknown');
  f.fakes.graph.heal();
  assert.equal((await drain(later())).attempted, 0);
});

test('WhatsApp: Graph error codes decide: rate limits are retried, a closed 24-hour window fails with what to do', async () => {
  f.fakes.graph.fail('messages', { kind: 'status', status: 400, body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } } }, 1);
  const limited = await whatsapp();
  assert.equal(limited.body.status, 'queued');
  f.fakes.graph.fail('messages', { kind: 'status', status: 400, body: { error: { message: 'Re-engagement message', code: 131047, error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } } } }, 1);
  const closed = await whatsapp();
  assert.equal(closed.body.status, 'failed');
  assert.match(closed.body.reason, /131047.*set an approved template \(template_name\)/);
  assert.equal((await drain(later())).sent, 1, 'the rate-limited one went out');
});

test('one send request is one message: the same idempotency key answers the same message, even at once', async () => {
  const delivered = f.fakes.twilio.delivered.length;
  const first = await sms('Bonjour {first_name}', { idempotency_key: 'campaign-42:card-0001' });
  assert.equal(first.body.status, 'sent');
  const again = await sms('Bonjour {first_name}', { idempotency_key: 'campaign-42:card-0001' });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  const other = await sms('Another text', { idempotency_key: 'campaign-42:card-0001' });
  assert.equal(other.status, 409);
  assert.equal(other.body.error.details[0].field, 'idempotency_key');
  const both = await Promise.all([1, 2, 3].map(() => sms('Bonjour {first_name}', { idempotency_key: 'campaign-42:card-0002' })));
  assert.equal(new Set(both.map((r) => r.body.outbox_id)).size, 1);
  assert.equal(f.fakes.twilio.delivered.length, delivered + 2);
  assert.match((await sms()).body.idempotency_key, /^send_/, 'a key is made when the client sends none');
});

test('GET /dhis2/outbox shows every message with its state, filters, and never a secret', async () => {
  const all = await call.outbox('?limit=1000');
  assert.equal(all.status, 200);
  const total = (f.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  assert.equal(all.body.messages.length, total);
  const counts = all.body.counts;
  assert.equal(Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0), total);
  assert.ok(counts.sent > 0 && counts.failed > 0 && counts.unknown > 0);
  const m = all.body.messages[0];
  assert.deepEqual(Object.keys(m).sort(), [
    'attempts', 'channel', 'created_at', 'enrollment_id', 'idempotency_key', 'message', 'message_id', 'next_attempt_at', 'note', 'outbox_id',
    'phone_number', 'provider', 'reason', 'sent_at', 'sms', 'status', 'updated_at',
  ]);
  const sent = await call.outbox('?status=sent&channel=whatsapp');
  assert.ok(sent.body.messages.length > 0);
  assert.ok(sent.body.messages.every((x: { status: string; channel: string }) => x.status === 'sent' && x.channel === 'whatsapp'));
  assert.equal((await call.outbox(`?enrollment_id=${uid}&limit=1`)).body.messages.length, 1);
  assert.equal((await call.outbox('?limit=0')).status, 400);
  assert.equal((await call.outbox('?status=lost')).status, 400);
  for (const s of [graph.token, twilio.authToken, africasTalking.apiKey, orange.clientSecret]) assert.ok(!all.text.includes(s));
});
