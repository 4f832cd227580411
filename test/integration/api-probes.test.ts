import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { http, startApp } from '../helpers/app';

// What probing the API with bad input found, held: numbers as people write them, JSON bodies only, the
// error shape even for requests Node itself refuses, and a database only its owner can read.
const { url, dataDir } = await startApp();

const listRoutes = ['/dhis2/tasks?', '/dhis2/outbox?', '/dhis2/mpi/review?', '/dhis2/preview-enrollments?programme_uid=P3jJH5Tu5VC&'];

test('a limit not written in decimal digits is a 400 naming limit, on every list route', async () => {
  for (const route of listRoutes) {
    for (const limit of ['1e309', '-1e309', '0x10', '1e1', '5.5', 'Infinity', '']) {
      const res = await http(`${url}${route}limit=${encodeURIComponent(limit)}`);
      assert.equal(res.status, 400, `${route}limit=${limit}: ${res.text}`);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(res.body.error.details.map((d: { field: string }) => d.field), ['limit'], `${route}limit=${limit}`);
    }
  }
  const sixteen = await http(`${url}/dhis2/tasks?limit=16`);
  assert.equal(sixteen.status, 200, sixteen.text);
});

test('a JSON number too large for a double (1e309) is a 400 naming the field, not a 500', async () => {
  const res = await http(`${url}/dhis2/generate-cards`, { raw: '{"programme_uid":"P3jJH5Tu5VC","template":"vital","dpi":1e309}' });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body.error.details.map((d: { field: string }) => d.field), ['dpi']);
  const stringDpi = await http(`${url}/dhis2/generate-cards`, { body: { programme_uid: 'P3jJH5Tu5VC', template: 'vital', dpi: '300' } });
  assert.equal(stringDpi.body.error.details[0].problem, 'must be of type integer', 'a JSON string is still refused by its type');
});

test('a text/plain body is a 415, as for any body that is not JSON', async () => {
  const res = await http(`${url}/dhis2/settings`, { raw: 'language=en', type: 'text/plain' });
  assert.equal(res.status, 415, res.text);
  assert.equal(res.body.error.code, 'unsupported_media_type');
  assert.equal((await http(`${url}/dhis2/settings`)).body.language, 'fr', 'nothing changed');
});

test('a query string over what the server reads is a 431 in the API error shape', async () => {
  const res = await http(`${url}/dhis2/tasks?kind=${'x'.repeat(20_000)}`);
  assert.equal(res.status, 431);
  assert.equal(res.body.error.code, 'headers_too_large');
  assert.match(res.body.error.message, /shorter query string/);
  assert.equal((await http(`${url}/health`)).status, 200, 'the server goes on answering');
});

test('the database and its WAL are readable by their owner only', { skip: process.platform === 'win32' }, () => {
  for (const file of ['oomus.sqlite', 'oomus.sqlite-wal']) {
    assert.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, file);
  }
});

test('a request whose Host is not this machine (DNS rebinding) is refused, for the API and the UI alike', async () => {
  const { request } = await import('node:http');
  const port = Number(new URL(url).port);
  const ask = (path: string, host: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host, authorization: 'Bearer test-token-for-integration' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
  for (const path of ['/dhis2/settings', '/health', '/']) {
    const res = await ask(path, `attacker.example:${port}`);
    assert.equal(res.status, 421, `${path}: ${res.body}`);
    assert.equal(JSON.parse(res.body).error.code, 'wrong_host');
  }
  assert.equal((await ask('/dhis2/settings', `127.0.0.1:${port}`)).status, 200);
  assert.equal((await ask('/dhis2/settings', `localhost:${port}`)).status, 200);
  assert.equal((await ask('/dhis2/settings', '127.0.0.1:1')).status, 421, 'another port');
});
