import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { reasonOfDhis2Message } from '../../renderer/src/error-words';
import { tempDir } from '../helpers/temp';

// An address typed without a scheme becomes https://; a server that speaks only plain HTTP then fails the
// TLS handshake. The test-connection answer must say so with a reason a client can word in its language.
const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, dhis2: { timeoutMs: 1500 } });
after(() => app.close());

const server: Server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
after(() => server.close());
const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;

test('host:port of a plain-HTTP server, typed without a scheme, is reason plain_http', async () => {
  const res = await app.dispatch('POST', '/dhis2/test-connection', { url: hostPort, username: 'admin', password: 'district' });
  const body = res.body as { status: string; error: string; reason?: string };
  assert.equal(res.status, 503);
  assert.equal(body.status, 'unreachable');
  assert.equal(body.reason, 'plain_http');
  assert.match(body.error, /plain HTTP, not HTTPS/);
  // A sync stores only the sentence: the UI reads the same reason back from the engine's own wording.
  assert.equal(reasonOfDhis2Message(body.error), 'plain_http');
});

test('a refused port keeps its own reason, not plain_http', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const res = await app.dispatch('POST', '/dhis2/test-connection', { url: `https://127.0.0.1:${port}`, username: 'admin', password: 'district' });
  const body = res.body as { error: string; reason?: string };
  assert.equal(body.reason, 'refused');
  assert.equal(reasonOfDhis2Message(body.error), 'refused');
});
