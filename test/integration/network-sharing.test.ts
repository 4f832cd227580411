import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from '../helpers/temp';
import { freePort } from '../helpers/free-port';

// Sharing on the office network, on loopback addresses only: turned on from the app's own window (IPC),
// another client reaches the API and the UI over HTTPS with a token and checks the certificate by its
// fingerprint, is refused without a token or under another Host, cannot switch sharing off, and cannot
// reach anything once sharing is off. Sharing that was on comes back at the next start.

const token = 'lan-client-token';
const dataDir = tempDir();
const rendererDir = tempDir();
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Oomus CampaignID</title>');
const open = (background = false): Promise<App> =>
  createApp({ dataDir, rendererDir, env: { OOMUS_TOKEN: token }, logger: silentLogger, background });
let app = await open();
after(() => app.close());

interface Answer { status: number; body: string; fingerprint: string }
/** A request from another laptop: HTTPS, the certificate read (not trusted blindly: its fingerprint is compared). */
function lan(port: number, path: string, init: { method?: string; auth?: string | null; host?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: init.host ?? `127.0.0.1:${port}` };
    if (init.auth !== null) headers.authorization = `Bearer ${init.auth ?? token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers, rejectUnauthorized: false, agent: false }, (res) => {
      const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

test('off by default; turned on from the window on the loopback interface, it serves the API and the UI over HTTPS', async () => {
  const first = (await app.dispatch('GET', '/dhis2/network')).body as any;
  assert.equal(first.enabled, false);
  assert.equal(first.running, false);
  const loopback = first.interfaces.find((i: any) => i.loopback && i.address === '127.0.0.1');
  assert.ok(loopback, JSON.stringify(first.interfaces));
  const port = await freePort();
  const on = await app.dispatch('POST', '/dhis2/network', { enabled: true, interface: loopback.name, port });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  const status = on.body as any;
  assert.equal(status.running, true);
  assert.equal(status.url, `https://127.0.0.1:${port}/`);
  assert.match(status.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.match(status.qr_svg, /^<svg/);

  const settings = await lan(port, '/dhis2/settings');
  assert.equal(settings.status, 200, settings.body);
  assert.equal(settings.fingerprint, status.fingerprint, 'the certificate the client sees is the one Settings shows');
  const ui = await lan(port, '/', { auth: null });
  assert.equal(ui.status, 200);
  assert.match(ui.body, /Oomus CampaignID/);
});

test('over the network: no token is a 401, another Host a 421, and sharing cannot be switched off from there', async () => {
  const status = (await app.dispatch('GET', '/dhis2/network')).body as any;
  const port = status.port as number;
  assert.equal((await lan(port, '/dhis2/settings', { auth: null })).status, 401);
  assert.equal((await lan(port, '/dhis2/settings', { auth: 'wrong' })).status, 401);
  assert.equal((await lan(port, '/dhis2/settings', { host: `attacker.example:${port}` })).status, 421);
  const off = await lan(port, '/dhis2/network', { method: 'POST', body: { enabled: false } });
  assert.equal(off.status, 403, off.body);
  assert.equal(JSON.parse(off.body).error.code, 'forbidden');
  assert.equal(((await app.dispatch('GET', '/dhis2/network')).body as any).running, true);
});

test('a wrong interface or port is refused naming the field, and nothing changes', async () => {
  for (const [body, field] of [[{ enabled: true, interface: 'no-such-nic' }, 'interface'], [{ enabled: true, port: 80 }, 'port'], [{ enabled: 'yes' }, 'enabled']] as const) {
    const res = await app.dispatch('POST', '/dhis2/network', body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.ok((res.body as any).error.details.some((d: any) => d.field === field), JSON.stringify(res.body));
  }
  assert.equal(((await app.dispatch('GET', '/dhis2/network')).body as any).running, true);
});

test('turned on again at the next start; turned off, nothing answers on its port', async () => {
  const before = (await app.dispatch('GET', '/dhis2/network')).body as any;
  await app.close();
  app = await open(true);
  const again = (await app.dispatch('GET', '/dhis2/network')).body as any;
  assert.equal(again.running, true, JSON.stringify(again));
  assert.equal(again.port, before.port);
  assert.equal(again.fingerprint, before.fingerprint, 'the same certificate');
  assert.equal((await lan(again.port, '/health')).status, 200);

  const off = (await app.dispatch('POST', '/dhis2/network', { enabled: false })).body as any;
  assert.deepEqual([off.enabled, off.running, off.url], [false, false, null]);
  await assert.rejects(lan(again.port, '/health'), /ECONNREFUSED/);
  await app.close();
  app = await open(true);
  assert.equal(((await app.dispatch('GET', '/dhis2/network')).body as any).running, false, 'stays off');
});
