import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { referenceMapping } from '../helpers/cards';
import { http, testToken } from '../helpers/app';
import { cachedSet } from '../helpers/dhis2';
import { P, serverSet, setUp, startSandbox, startSync, syncOk } from '../helpers/sync';
import { tempDir } from '../helpers/temp';

// What the sync tells of the link (bytes as they crossed the wire, the rate, which side held it up), and that the
// engine keeps answering while a sync runs.

test('progress tells the bytes that crossed the wire (gzipped, as nginx sends them), the rate, and that the link held it up', async () => {
  const { sandbox, app } = await setUp({ enrollments: 400, faults: { gzip: true, latencyMs: 40, bandwidthKbit: 800 } });
  const slow = await syncOk(app);
  // Everything the sandbox sent went to this sync, and the sync counted it as sent: compressed.
  assert.equal(slow.details.bytes_received, sandbox.bytesSent);
  assert.ok(slow.details.bytes_per_second > 0, `rate ${slow.details.bytes_per_second}`);
  assert.equal(slow.details.limited_by, 'network', 'pages were awaited: the link, not the computer, was slow');
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));

  // The same download uncompressed: several times the bytes, counted the same way.
  sandbox.setFaults({ gzip: false, bandwidthKbit: null, latencyMs: 0 });
  const before = sandbox.bytesSent;
  const plain = await syncOk(app, { programme_uid: P, full: true });
  assert.equal(plain.details.bytes_received, sandbox.bytesSent - before);
  assert.ok(plain.details.bytes_received > 4 * slow.details.bytes_received, `${plain.details.bytes_received} B plain, ${slow.details.bytes_received} B gzipped`);
  assert.ok(['network', 'computer'].includes(plain.details.limited_by));
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('while a sync runs (pages written by the worker thread), /health and a card preview answer', async () => {
  const sandbox = await startSandbox({ enrollments: 3000 });
  const app = await createApp({
    dataDir: tempDir(), env: { OOMUS_TOKEN: testToken }, logger: silentLogger, background: false, renderWorkers: 1, dhis2: { pageSize: 250, retries: 0 },
  });
  after(() => app.close());
  const { url } = await app.listen('127.0.0.1', 0);
  assert.equal((await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncOk(app);
  assert.equal((await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: P, mappings: referenceMapping })).status, 200);
  const someone = serverSet(sandbox)[0]?.split('|')[0] ?? assert.fail('no enrollment');
  const card = `${url}/dhis2/preview-card-png?enrollment_id=${someone}&template=pulse&dpi=300`;
  assert.equal((await http(card)).status, 200, 'the render pool is up before the sync');

  // Every page rewritten again, slowly: the answers below must come while it runs.
  sandbox.setFaults({ latencyMs: 150 });
  const { task_id } = await startSync(app, { programme_uid: P, full: true });
  let rounds = 0;
  for (;;) {
    const health = await http(`${url}/health`, { token: null });
    const preview = await fetch(card, { headers: { authorization: `Bearer ${testToken}` } });
    const png = Buffer.from(await preview.arrayBuffer());
    const task = (await app.dispatch('GET', `/dhis2/tasks/${task_id}`)).body as any;
    if (task.status !== 'running') break;
    assert.equal(health.status, 200);
    assert.deepEqual(health.body.status, 'ok');
    assert.equal(preview.status, 200);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    rounds++;
  }
  assert.ok(rounds >= 1, 'both answered while the sync was still running');
});
