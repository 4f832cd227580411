import assert from 'node:assert/strict';
import { test } from 'node:test';
import { http, startApp } from '../helpers/app';

// IPC goes through the very same route table as HTTP: for the same request, the same status and body.
const { app, url } = await startApp();

const same: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/dhis2/settings' },
  { method: 'POST', path: '/dhis2/settings', body: { language: 'zz' } },
  { method: 'POST', path: '/dhis2/settings', body: { language: 'fr', extra: 1 } },
  { method: 'GET', path: '/dhis2/tasks?limit=oops' },
  { method: 'GET', path: '/dhis2/tasks/..%2Fx' },
  { method: 'GET', path: '/dhis2/tasks/task_01MISSING' },
  { method: 'GET', path: '/dhis2/no-such-route' },
  { method: 'POST', path: '/dhis2/generate-cards', body: { programme_uid: 'P3jJH5Tu5VC', template: 'pulse' } },
  { method: 'GET', path: '/dhis2/preview-card-png?enrollment_id=xyz123abc&template=pulse' },
];

test('IPC dispatch answers exactly as HTTP does, without a token', async () => {
  for (const req of same) {
    const viaIpc = await app.dispatch(req.method, req.path, req.body);
    const viaHttp = await http(`${url}${req.path}`, { method: req.method, ...(req.body === undefined ? {} : { body: req.body }) });
    assert.equal(viaIpc.status, viaHttp.status, `${req.method} ${req.path}`);
    assert.deepEqual(viaIpc.body, viaHttp.body, `${req.method} ${req.path}`);
  }
});

test('IPC writes reach the same store', async () => {
  const res = await app.dispatch('POST', '/dhis2/settings', { language: 'en' });
  assert.equal(res.status, 200);
  assert.deepEqual((await http(`${url}/dhis2/settings`)).body, { language: 'en' });
});

test('a malformed IPC request is refused with a JSON error, never a throw', async () => {
  for (const [method, path] of [['DELETE', '/dhis2/settings'], ['GET', 'dhis2/settings'], ['GET', 42]] as const) {
    const res = await app.dispatch(method, path as string);
    assert.equal(res.status, 400);
    assert.equal((res.body as any).error.code, 'validation_failed');
  }
});

test('the in-process header that stands for IPC is not accepted over HTTP with a guessed value', async () => {
  const res = await fetch(`${url}/dhis2/settings`, { headers: { 'x-oomus-ipc': 'guess' } });
  assert.equal(res.status, 401);
});
