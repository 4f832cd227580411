import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, createApiClient, routePath, type ApiClient } from '../../electron/core/api/contract/index';
import { createHttpTransport } from '../../renderer/src/transport/http';
import { createIpcTransport } from '../../renderer/src/transport/ipc';
import { startApp, testToken } from '../helpers/app';

// The renderer's typed client over its two real transports: IPC (its IPC transport on the core's dispatch,
// which the preload's invoke reaches in Electron) and HTTP (its fetch transport, with a token, on loopback).
const { app, url } = await startApp();
const clients: [string, ApiClient][] = [
  ['IPC', createApiClient(createIpcTransport({ invoke: (method, path, body) => app.dispatch(method, path, body) }))],
  ['HTTP', createApiClient(createHttpTransport(() => testToken, url))],
];

test('the path of a call is built from its catalogue key: parameters encoded, query from the values given', () => {
  assert.equal(routePath('GET /dhis2/tasks/:task_id/pdf', { params: { task_id: 'task_1 2' }, query: { layout: 'cr80' } }).path, '/dhis2/tasks/task_1%202/pdf?layout=cr80');
  assert.equal(routePath('GET /dhis2/cards/:enrollment_id.png', { params: { enrollment_id: 'a/b' } }).path, '/dhis2/cards/a%2Fb.png');
  assert.equal(routePath('GET /dhis2/outbox', { query: { limit: 5, status: undefined, channel: 'sms' } }).path, '/dhis2/outbox?limit=5&channel=sms');
  assert.deepEqual(routePath('POST /dhis2/sync'), { method: 'POST', path: '/dhis2/sync' });
  assert.throws(() => routePath('GET /dhis2/tasks/:task_id', { params: { task_id: '' } }), /task_id is missing/);
  assert.throws(() => routePath('GET /dhis2/nothing' as never), /No route/);
});

test('both transports read and write the same store, with typed answers', async () => {
  const [[, ipc], [, web]] = clients as [[string, ApiClient], [string, ApiClient]];
  assert.deepEqual(await ipc.call('POST /dhis2/settings', { body: { language: 'en' } }), { language: 'en' });
  assert.equal((await web.call('GET /dhis2/settings')).language, 'en');
  const created = await web.call('POST /dhis2/tokens', { body: { name: 'laptop 3' } });
  assert.match(created.token, /.{20,}/);
  const listed = (await ipc.call('GET /dhis2/tokens')).tokens.find((t) => t.id === created.id);
  assert.equal(listed?.name, 'laptop 3');
  assert.equal('token' in (listed ?? {}), false, 'a listed token never carries the token');
});

test('a task reads the same over both, its details typed by its kind', async () => {
  app.tasks.create('task_01CLIENT', 'sync', 'P3jJH5Tu5VC', { full: false });
  const answers = await Promise.all(clients.map(([, c]) => c.call('GET /dhis2/tasks/:task_id', { params: { task_id: 'task_01CLIENT' } })));
  assert.deepEqual(answers[0], answers[1]);
  const task = answers[0];
  assert.equal(task?.kind, 'sync');
  if (task?.kind === 'sync') assert.deepEqual(task.details, {});
  const listed = await clients[0]![1].call('GET /dhis2/tasks', { query: { kind: 'sync', limit: 5 } });
  assert.ok(listed.tasks.some((t) => t.task_id === 'task_01CLIENT'));
});

test('a refused call throws the API error with its status, code and fields, over both', async () => {
  for (const [name, client] of clients) {
    await assert.rejects(client.call('GET /dhis2/tasks/:task_id', { params: { task_id: 'task_01MISSING' } }), (err: unknown) => {
      assert.ok(err instanceof ApiError, name);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'not_found');
      return true;
    });
    await assert.rejects(client.call('GET /dhis2/tasks', { query: { limit: 0 } }), (err: unknown) => {
      assert.ok(err instanceof ApiError, name);
      assert.equal(err.status, 400);
      assert.deepEqual(err.details.map((d) => d.field), ['limit']);
      return true;
    });
  }
});

test("send() gives a route's own failure answer: test-connection's 503 unreachable, over both", async () => {
  for (const [name, client] of clients) {
    const res = await client.send('POST /dhis2/test-connection', { body: { url: 'http://127.0.0.1:1', username: 'admin', password: 'district' } });
    assert.equal(res.status, 503, name);
    assert.ok('status' in res.body && res.body.status === 'unreachable', JSON.stringify(res.body));
  }
});
