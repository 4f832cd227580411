import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { interruptedReason } from '../../electron/core/distribution/messaging/outbox-store';
import { silentLogger } from '../../electron/core/logger';
import { http, testToken } from '../helpers/app';
import { startServe } from '../helpers/cli';
import { api, channelSettings, later, messagingApp, timeouts, type MessagingFixture } from '../helpers/messaging';

// The outbox across a real crash: `serve` is killed (SIGKILL) while a message is in the provider's hands.
// At the next start, a message whose delivering request had left is "unknown" and never sent again; one
// killed before that request (during the WhatsApp card upload) is queued again and sent exactly once.

let f: MessagingFixture;
let uid: string;
const reopen = (): Promise<App> =>
  createApp({ dataDir: f.app.dataDir, logger: silentLogger, background: false, renderWorkers: 1, env: { OOMUS_TOKEN: testToken, ...timeouts } });

before(async () => {
  f = await messagingApp(5);
  uid = f.enrollments[0]!;
  const s = channelSettings(f.fakes);
  assert.equal((await api(f.url).channels({ whatsapp: s.whatsapp, sms: s.twilio })).status, 200);
  await f.app.close(); // the data directory now belongs to the serve processes below
});
after(() => f.close());

/** Starts serve on the data directory, sends, waits until the fake holds the request, then kills serve. */
async function killMidSend(body: Record<string, unknown>, held: () => number): Promise<void> {
  const before = held();
  const served = await startServe(f.app.dataDir, { OOMUS_TOKEN: testToken, OOMUS_MESSAGING_TIMEOUT_MS: '120000', OOMUS_MESSAGING_CONNECT_TIMEOUT_MS: '5000' });
  try {
    const pending = http(`${served.url}/dhis2/send-card`, { body }).catch((err: Error) => err);
    for (let tries = 0; held() === before; tries++) {
      assert.ok(tries < 3000, `the provider never saw the request:\n${served.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await served.stop('SIGKILL');
    assert.ok((await pending) instanceof Error, 'serve died before answering');
  } finally {
    await served.stop('SIGKILL');
  }
}

test('killed while the SMS gateway held the message: "unknown" at restart, and never sent again', async () => {
  f.fakes.twilio.fail('messages', { kind: 'hang' });
  const seen = (): number => f.fakes.twilio.on('messages').length;
  await killMidSend({ enrollment_id: uid, channel: 'sms', phone_number: '77 123 45 67', message: 'Bonjour {first_name}', idempotency_key: 'crash-sms-0001' }, seen);
  const count = seen();
  f.fakes.twilio.heal();

  const app = await reopen();
  try {
    assert.deepEqual(app.messaging.recovered, { requeued: 0, unknown: 1 });
    const row = app.messaging.outbox.byKey('crash-sms-0001')!;
    assert.equal(row.status, 'unknown');
    assert.equal(row.last_error, interruptedReason);
    assert.deepEqual(await app.messaging.worker.drain(later()), { attempted: 0, sent: 0, queued: 0, failed: 0, unknown: 0 });
    // The client repeating its request gets the message's state, not a second SMS.
    const again = await app.dispatch('POST', '/dhis2/send-card', { enrollment_id: uid, channel: 'sms', phone_number: '77 123 45 67', message: 'Bonjour {first_name}', idempotency_key: 'crash-sms-0001' });
    assert.equal((again.body as { status: string }).status, 'unknown');
    assert.equal(seen(), count);
    assert.equal(f.fakes.twilio.delivered.length, 0);
  } finally {
    await app.close();
  }
});

test('killed during the WhatsApp card upload: queued again at restart and sent exactly once', async () => {
  f.fakes.graph.fail('media', { kind: 'hang' });
  const uploads = (): number => f.fakes.graph.on('media').length;
  await killMidSend({ enrollment_id: uid, channel: 'whatsapp', phone_number: '77 123 45 67', message: 'Bonjour {first_name}', idempotency_key: 'crash-wa-0001' }, uploads);
  f.fakes.graph.heal();
  assert.equal(f.fakes.graph.on('messages').length, 0, 'nothing reached the person before the kill');

  const app = await reopen();
  try {
    assert.deepEqual(app.messaging.recovered, { requeued: 1, unknown: 0 });
    assert.equal(app.messaging.outbox.byKey('crash-wa-0001')!.status, 'queued');
    assert.equal((await app.messaging.worker.drain()).sent, 1, 'due at once');
    const row = app.messaging.outbox.byKey('crash-wa-0001')!;
    assert.equal(row.status, 'sent');
    assert.match(row.provider_message_id ?? '', /^wamid\./);
    assert.equal((await app.messaging.worker.drain(later())).attempted, 0);
    assert.equal(f.fakes.graph.on('messages').length, 1);
    assert.equal(f.fakes.graph.delivered.length, 1);
  } finally {
    await app.close();
  }
});
