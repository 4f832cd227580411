import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invokeChannel, registerIpcBridge } from '../../electron/main/ipc-bridge';
import { appOrigin } from '../../electron/main/origin';
import type { Dispatch } from '../../electron/core/api/dispatch';

// The shell's IPC handler, driven with an ipcMain stand-in: it must pass only catalogue routes from the
// app's own page into the dispatcher.
type Handler = (event: unknown, request: unknown) => Promise<any>;

function setUp(): { handler: Handler; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const dispatch: Dispatch = async (method, path, body) => {
    calls.push([method, path, body]);
    return { status: 200, contentType: 'application/json', body: { ok: true } };
  };
  let handler: Handler | undefined;
  registerIpcBridge({ handle: (channel: string, fn: Handler) => { assert.equal(channel, invokeChannel); handler = fn; } } as never, dispatch);
  assert.ok(handler);
  return { handler, calls };
}

const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

test('a catalogue route from the app page reaches the dispatcher unchanged', async () => {
  const { handler, calls } = setUp();
  const res = await handler(from(`${appOrigin}/index.html#/settings`), { method: 'POST', path: '/dhis2/settings', body: { language: 'en' } });
  assert.equal(res.status, 200);
  assert.deepEqual(calls, [['POST', '/dhis2/settings', { language: 'en' }]]);
});

test('other pages, unknown routes and malformed requests never reach it', async () => {
  const { handler, calls } = setUp();
  assert.equal((await handler(from('https://evil.example/'), { method: 'GET', path: '/health' })).status, 403);
  assert.equal((await handler(from('file:///etc/passwd'), { method: 'GET', path: '/health' })).status, 403);
  assert.equal((await handler(from(`${appOrigin}/index.html`, { url: 'https://evil.example/' }), { method: 'GET', path: '/health' })).status, 403, 'an iframe inside the app page');
  assert.equal((await handler(from(`${appOrigin}/`), { method: 'DELETE', path: '/dhis2/settings' })).status, 404);
  assert.equal((await handler(from(`${appOrigin}/`), { method: 'GET', path: '/etc/passwd' })).status, 404);
  assert.equal((await handler(from(`${appOrigin}/`), null)).status, 404);
  assert.equal((await handler({}, { method: 'GET', path: '/health' })).status, 403);
  assert.deepEqual(calls, []);
});
