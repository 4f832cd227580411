import assert from 'node:assert/strict';
import { request } from 'node:https';
import { test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { startServe } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { freePort } from '../helpers/free-port';

// `serve` as people start it: the first time, with no token yet, it makes one and prints an address that
// signs a browser in, once; off loopback it speaks HTTPS only, with the installation's certificate.

test('the first start makes a token and prints a one-time sign-in address; the next start prints none', async () => {
  const dataDir = tempDir();
  const env = { OOMUS_TOKEN: '' };
  const first = await startServe(dataDir, env);
  await new Promise((r) => setTimeout(r, 300));
  const line = /sign in from a browser \(shown this once\): (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9._~+/=-]+)/.exec(first.output());
  assert.ok(line, first.output());
  const res = await fetch(`${line[1]}/dhis2/settings`, { headers: { authorization: `Bearer ${line[2]}` } });
  assert.equal(res.status, 200, 'the printed token signs in');
  assert.equal((await fetch(`${line[1]}/dhis2/settings`)).status, 401);
  assert.equal(await first.stop(), 0);
  const second = await startServe(dataDir, env);
  await new Promise((r) => setTimeout(r, 300));
  assert.doesNotMatch(second.output(), /sign in from a browser/);
  await second.stop();
});

test('off loopback, serve answers over HTTPS only, with a certificate whose fingerprint it prints', { skip: process.platform !== 'linux' }, async () => {
  // 127.0.0.2 is a loopback address on Linux that the app does not treat as loopback: the LAN path.
  const served = await startServe(tempDir(), { OOMUS_TOKEN: 'net-token' }, ['--host', '127.0.0.2']);
  try {
    assert.match(served.url, /^https:\/\/127\.0\.0\.2:\d+$/);
    const printed = /certificate SHA-256 ([0-9A-F:]{95})/.exec(served.output())?.[1];
    assert.ok(printed, served.output());
    const seen = await new Promise<{ status: number; fingerprint: string }>((resolve, reject) => {
      const { port } = new URL(served.url);
      request({ host: '127.0.0.2', port, path: '/dhis2/settings', headers: { authorization: 'Bearer net-token' }, rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, fingerprint: (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256 });
      }).on('error', reject).end();
    });
    assert.deepEqual(seen, { status: 200, fingerprint: printed });
    await assert.rejects(fetch(served.url.replace('https:', 'http:') + '/health'), 'no plain HTTP there');
  } finally {
    await served.stop();
  }
});

test('serve on a data directory where the desktop left sharing on does not open the office network by itself', { skip: process.platform !== 'linux' }, async () => {
  const dataDir = tempDir();
  const port = await freePort();
  const desktop = await createApp({ dataDir, logger: silentLogger, background: false });
  const on = await desktop.dispatch('POST', '/dhis2/network', { enabled: true, interface: 'lo', port });
  assert.equal((on.body as any).running, true, JSON.stringify(on.body));
  await desktop.close();

  const served = await startServe(dataDir, { OOMUS_TOKEN: 't' });
  try {
    const status = await (await fetch(`${served.url}/dhis2/network`, { headers: { authorization: 'Bearer t' } })).json() as any;
    assert.deepEqual([status.enabled, status.running], [true, false], 'the setting is kept for the desktop app, not acted on');
    await assert.rejects(new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false, agent: false }, resolve).on('error', reject).end();
    }), /ECONNREFUSED/);
  } finally {
    await served.stop();
  }
});

test('serve cannot open a certificate key sealed by another box (the desktop keychain): it uses its own for the run and leaves the stored one', { skip: process.platform !== 'linux' }, async () => {
  const dataDir = tempDir();
  // Another key stands for the desktop's keychain: what it sealed, serve's key file cannot open.
  const desktopEnv = { OOMUS_SECRET_KEY: 'ab'.repeat(32) };
  const open = () => createApp({ dataDir, env: desktopEnv, logger: silentLogger, background: false });
  let desktop = await open();
  const on = (await desktop.dispatch('POST', '/dhis2/network', { enabled: true, interface: 'lo', port: await freePort() })).body as any;
  assert.equal(on.running, true, JSON.stringify(on));
  const stored = on.fingerprint as string;
  await desktop.dispatch('POST', '/dhis2/network', { enabled: false });
  await desktop.close();

  const served = await startServe(dataDir, { OOMUS_TOKEN: 't' }, ['--host', '127.0.0.2']);
  try {
    const printed = /certificate SHA-256 ([0-9A-F:]{95})/.exec(served.output())?.[1];
    assert.ok(printed, served.output());
    assert.notEqual(printed, stored);
  } finally {
    await served.stop();
  }
  desktop = await open();
  try {
    assert.equal(((await desktop.dispatch('GET', '/dhis2/network')).body as any).fingerprint, stored, 'the desktop keeps the certificate its clients checked');
  } finally {
    await desktop.close();
  }
});
