import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopChannel, registerDesktopCommands, type DesktopHandlers } from '../../electron/main/desktop-commands';
import { appOrigin } from '../../electron/main/origin';

// The desktop commands' channel, driven with an ipcMain stand-in: a listed command from the app page's main
// frame runs its handler; anything else is refused in words, and a failing handler never throws across IPC.
type Handler = (event: unknown, request: unknown) => Promise<any>;

const unused = async (): Promise<never> => { throw new Error('not called here'); };

function setUp(handlers: Pick<DesktopHandlers, 'open-log-folder'>): Handler {
  let handler: Handler | undefined;
  registerDesktopCommands({ handle: (channel: string, fn: Handler) => { assert.equal(channel, desktopChannel); handler = fn; } } as never, { printers: unused, print: unused, ...handlers });
  assert.ok(handler);
  return handler;
}
const main = { senderFrame: { url: `${appOrigin}/index.html#/settings`, parent: null } };

test('a listed command from the app page runs; others and other pages are refused', async () => {
  let opened = 0;
  const run = setUp({ 'open-log-folder': async () => { opened++; return { path: '/home/x/logs' }; } });
  assert.deepEqual(await run(main, { command: 'open-log-folder' }), { ok: true, answer: { path: '/home/x/logs' } });
  assert.equal(opened, 1);
  assert.deepEqual(await run(main, { command: 'rm-rf' }), { ok: false, message: 'No desktop command rm-rf' });
  assert.equal((await run({ senderFrame: { url: 'https://evil.example/', parent: null } }, { command: 'open-log-folder' })).ok, false);
  assert.equal((await run({ senderFrame: { url: `${appOrigin}/`, parent: {} } }, { command: 'open-log-folder' })).ok, false, 'an iframe');
  assert.equal((await run(main, null)).ok, false);
  assert.equal(opened, 1);
});

test('a handler that fails answers its message', async () => {
  const run = setUp({ 'open-log-folder': async () => { throw new Error('No file manager on this machine.'); } });
  assert.deepEqual(await run(main, { command: 'open-log-folder' }), { ok: false, message: 'No file manager on this machine.' });
});
