import assert from 'node:assert/strict';
import { request } from 'node:https';
import { test } from 'node:test';
import { startServe } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

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
