import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { projectRoot } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

// POST /dhis2/test-connection against the ways a real network fails, each on loopback: the answer must
// be the reference's 401/503 shape, within the time bound, with a message that says which failure it was.
const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, dhis2: { timeoutMs: 1500 } });
after(() => app.close());

const sockets = new Set<Socket>();
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, tls = false): Promise<string> {
  const fixtures = `${projectRoot}/test/fixtures/tls`;
  const server: Server = tls
    ? createHttpsServer({ key: readFileSync(`${fixtures}/self-signed.key`), cert: readFileSync(`${fixtures}/self-signed.crt`) }, handler)
    : createHttpServer(handler);
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => { for (const s of sockets) s.destroy(); server.close(); });
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function check(url: string, username = 'admin', password = 'district') {
  const started = Date.now();
  const res = await app.dispatch('POST', '/dhis2/test-connection', { url, username, password });
  return { status: res.status, body: res.body as { status: string; error: string }, ms: Date.now() - started };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
};

test('an unknown host name is a DNS failure', async () => {
  const r = await check('https://no-such-dhis2.invalid');
  assert.equal(r.status, 503);
  assert.equal(r.body.status, 'unreachable');
  assert.match(r.body.error, /could not be found \(DNS\)/);
});

test('a closed port is "refused"', async () => {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const r = await check(`http://127.0.0.1:${port}`);
  assert.equal(r.status, 503);
  assert.match(r.body.error, /refused the connection/);
});

test('a server that never answers is a timeout, within the bound', async () => {
  const silent = createTcpServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  after(() => silent.close());
  const r = await check(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
  assert.equal(r.status, 503);
  assert.match(r.body.error, /did not answer (the connection test )?within/);
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('an untrusted certificate is a TLS error', async () => {
  const url = await serve((_req, res) => json(res, 200, {}), true);
  const r = await check(url);
  assert.equal(r.status, 503);
  assert.match(r.body.error, /secure connection .* failed/);
});

test('an HTML page, a login redirect and non-JSON are "not a DHIS2"', async () => {
  const html = await serve((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>Login</title>'); });
  assert.match((await check(html)).body.error, /web page, not DHIS2 data/);
  const redirect = await serve((_req, res) => { res.writeHead(302, { location: '/dhis-web-login/' }); res.end(); });
  assert.match((await check(redirect)).body.error, /redirected to a login page/);
  const text = await serve((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('not json at all'); });
  assert.match((await check(text)).body.error, /did not answer JSON/);
  const wrongJson = await serve((_req, res) => json(res, 200, { hello: 'world' }));
  assert.match((await check(wrongJson)).body.error, /did not describe a DHIS2 server/);
});

test('DHIS2 2.30 is refused as too old; a 401 is auth_failed with the reference body', async () => {
  const old = JSON.parse(readFileSync(`${projectRoot}/test/fixtures/dhis2/dhis2-android-capture-app/systeminfo/systeminfo.json`, 'utf8'));
  const url = await serve((_req, res) => json(res, 200, old));
  const r = await check(url);
  assert.equal(r.status, 503);
  assert.equal(r.body.status, 'unsupported_version');
  assert.match(r.body.error, /DHIS2 2\.30; the app needs 2\.36 or newer/);

  const unauthorized = readFileSync(`${projectRoot}/test/fixtures/dhis2/dhis2-android-capture-app/user/unauthorize.json`, 'utf8');
  const denied = await serve((_req, res) => { res.writeHead(401, { 'content-type': 'application/json' }); res.end(unauthorized); });
  const d = await check(denied, 'admin', 'wrong');
  assert.equal(d.status, 401);
  assert.deepEqual(d.body, { status: 'auth_failed', error: 'Invalid DHIS2 credentials.' });
});

test('bad input is a 400 naming the field; without a stored connection the stored test is a 409', async () => {
  const cases: [unknown, string][] = [
    [{ url: 'ftp://x.org', username: 'a', password: 'b' }, 'url'],
    [{ url: 'https://admin:district@x.org', username: 'a', password: 'b' }, 'url'],
    [{ url: 'https://x.org', username: 'a' }, 'password'],
    [{ url: 'https://x.org', password: 'b' }, 'username'],
    [{ url: 'https://x.org', token: 'not-a-pat' }, 'token'],
    [{ url: 'https://x.org', token: 'd2pat_abcdefghijklmnopqrstuvwxyz0123456789', username: 'a', password: 'b' }, 'token'],
    [{ username: 'a', password: 'b' }, 'url'],
    [{ url: 'https://x.org', username: 'a', password: 'b', remember: true }, 'remember'],
  ];
  for (const [body, field] of cases) {
    const res = await app.dispatch('POST', '/dhis2/test-connection', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.ok((res.body as any).error.details.some((d: any) => d.field === field), `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
  }
  const stored = await app.dispatch('POST', '/dhis2/test-connection', {});
  assert.equal(stored.status, 409);
  assert.match((stored.body as any).error.message, /No DHIS2 connection is configured/);
});

test('the password is sealed, never returned, and the URL is normalised', async () => {
  const saved = await app.dispatch('POST', '/dhis2/config', { url: 'https://dhis2.sante.gov.sn/api/', username: 'oomus_readonly', password: 'MotDePasseDHIS2' });
  assert.equal(saved.status, 200);
  const body = saved.body as any;
  assert.match(body.config_id, /^dhis2cfg_/);
  assert.equal(body.url, 'https://dhis2.sante.gov.sn');
  assert.equal(body.username, 'oomus_readonly');
  assert.equal(body.status, 'configured');
  assert.match(body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const read = await app.dispatch('GET', '/dhis2/config');
  assert.ok(!JSON.stringify(read.body).includes('MotDePasse'));
  const row = app.db.prepare('SELECT secret FROM dhis2_config').get() as { secret: string };
  assert.ok(!row.secret.includes('MotDePasse'));
  assert.equal(app.secrets.open('dhis2.credentials', row.secret), 'MotDePasseDHIS2');
  // Saving again keeps the config id and creation time.
  const again = await app.dispatch('POST', '/dhis2/config', { url: 'https://dhis2.sante.gov.sn', token: 'd2pat_5xVA12xyUbWNedQxy4ohH77WlxRGVvZZ1151814092' });
  assert.equal((again.body as any).config_id, body.config_id);
  assert.equal((again.body as any).username, null);
  assert.equal((again.body as any).auth_type, 'token');
});
