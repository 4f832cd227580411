import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from '../helpers/cli';
import { createSandbox, type Sandbox } from '../sandbox/server';

// The sandbox's office link: gzip for clients that ask (as nginx does), one pipe of a set bandwidth that answers in
// flight share, and the bytes it carried; the same from the CLI.

const auth = `Basic ${Buffer.from('admin:district').toString('base64')}`;
const page = (n: number): string => `/api/tracker/trackedEntities?program=P3jJH5Tu5VC&orgUnitMode=ACCESSIBLE&pageSize=200&page=${n}`;

/** A raw GET (no decompression): status, headers and the body as it crossed the wire. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers: { authorization: auth, accept: 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

let sandbox: Sandbox;
after(() => sandbox?.close());

test('gzip only for a client that asks for it; the same JSON either way; the bytes sent are the compressed ones', async () => {
  sandbox = await createSandbox({ enrollments: 600, faults: { gzip: true } });
  const plain = await get(sandbox.url, page(1));
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  const before = sandbox.bytesSent;
  const zipped = await get(sandbox.url, page(1), { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')));
  assert.equal(sandbox.bytesSent - before, zipped.body.length);
  assert.ok(zipped.body.length * 4 < plain.body.length, `${zipped.body.length} B gzipped, ${plain.body.length} B plain`);
  // Off, as by default: no compression even when asked.
  sandbox.setFaults({ gzip: false });
  assert.equal((await get(sandbox.url, page(1), { 'accept-encoding': 'gzip' })).headers['content-encoding'], undefined);
});

test('one pipe: answers in flight together take at least their bytes ÷ the bandwidth, and a cut answer is cut', async () => {
  // The simulator may be slower than its bandwidth on a busy machine, never faster: only a lower bound is checked.
  sandbox.setFaults({ gzip: false, bandwidthKbit: 2000 });
  const started = performance.now();
  const answers = await Promise.all([get(sandbox.url, page(1)), get(sandbox.url, page(2))]);
  const seconds = (performance.now() - started) / 1000;
  const bytes = answers.reduce((sum, a) => sum + a.body.length, 0);
  assert.ok(seconds >= ((bytes * 8) / 2_000_000) * 0.95, `${bytes} B in ${seconds.toFixed(2)} s through 2 Mbit/s`);

  sandbox.setFaults({ bandwidthKbit: null, gzip: true, dropPages: [1] });
  await assert.rejects(get(sandbox.url, page(1), { 'accept-encoding': 'gzip' }), /aborted|socket hang up|ECONNRESET/);
  sandbox.clearFaults();
});

test('the CLI takes --bandwidth-kbit and --gzip, and refuses a bad bandwidth', async () => {
  const run = (args: string[]): Promise<{ code: number | null; out: string; stop: () => void }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts', '--port', '0', '--enrollments', '20', ...args], { cwd: projectRoot });
      let out = '';
      const collect = (c: Buffer): void => {
        out += c.toString();
        if (/^admin:/m.test(out)) resolve({ code: null, out, stop: () => child.kill('SIGTERM') });
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('exit', (code) => resolve({ code, out, stop: () => undefined }));
    });
  const ok = await run(['--latency-ms', '30', '--bandwidth-kbit', '4000', '--gzip']);
  ok.stop();
  assert.match(ok.out, /faults: \{"latencyMs":30,"bandwidthKbit":4000,"gzip":true\}/);
  const bad = await run(['--bandwidth-kbit', 'fast']);
  assert.equal(bad.code, 2);
  assert.match(bad.out, /--bandwidth-kbit must be an integer from 1 to 10000000, not "fast"/);
});
