import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFileLogger } from '../../electron/main/log-file';
import { appOrigin } from '../../electron/main/origin';
import { closeWithin, externalUrlAllowed, isAppMainFrame, isBusy, permissionAllowed, restoredWindow } from '../../electron/main/shell-policy';
import { tempDir } from '../helpers/temp';

// The desktop shell's rules, held in Node: Electron itself cannot run here.

test('only the app page in its main frame may use the bridge', () => {
  assert.equal(isAppMainFrame({ url: `${appOrigin}/index.html#/print`, parent: null }), true);
  assert.equal(isAppMainFrame({ url: `${appOrigin}/index.html`, parent: {} }), false, 'an iframe of the app');
  assert.equal(isAppMainFrame({ url: 'https://evil.example/', parent: null }), false);
  assert.equal(isAppMainFrame({ url: `${appOrigin}.evil.example/`, parent: null }), false);
  assert.equal(isAppMainFrame(null), false);
});

test('links leave for the system browser only to Google Wallet save pages and the office DHIS2', () => {
  const dhis2 = 'https://dhis2.sante.gov.sn';
  assert.equal(externalUrlAllowed('https://pay.google.com/gp/v/save/eyJhbGciOi', dhis2), true);
  assert.equal(externalUrlAllowed('https://dhis2.sante.gov.sn/dhis-web-dashboard/', dhis2), true);
  assert.equal(externalUrlAllowed('https://pay.google.com/gp/v/other', dhis2), false);
  assert.equal(externalUrlAllowed('https://pay.google.com.evil.example/gp/v/save/x', dhis2), false);
  assert.equal(externalUrlAllowed('https://user:pw@dhis2.sante.gov.sn/', dhis2), false);
  assert.equal(externalUrlAllowed('https://example.org/', dhis2), false);
  assert.equal(externalUrlAllowed('file:///etc/passwd', dhis2), false);
  assert.equal(externalUrlAllowed('https://dhis2.sante.gov.sn/', null), false, 'no DHIS2 configured yet');
  assert.equal(externalUrlAllowed('not a url', dhis2), false);
});

test('the clipboard write of the copy buttons is the one permission a page gets', () => {
  assert.equal(permissionAllowed('clipboard-sanitized-write'), true);
  for (const p of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen']) assert.equal(permissionAllowed(p), false, p);
  // The camera: the Vérifier screen of the app's own origin, video only.
  const origin = 'app://oomus';
  const verify = 'app://oomus/index.html#/verify';
  assert.equal(permissionAllowed('media', { url: verify, mediaTypes: ['video'] }, origin), true);
  assert.equal(permissionAllowed('media', { url: `${verify}?from=person`, mediaTypes: ['video'] }, origin), true);
  assert.equal(permissionAllowed('media', { url: verify, mediaTypes: ['video', 'audio'] }, origin), false, 'no sound');
  assert.equal(permissionAllowed('media', { url: verify, mediaTypes: [] }, origin), false);
  assert.equal(permissionAllowed('media', { url: 'app://oomus/index.html#/cards', mediaTypes: ['video'] }, origin), false, 'another screen');
  assert.equal(permissionAllowed('media', { url: 'app://oomus/index.html#/verifyx', mediaTypes: ['video'] }, origin), false);
  assert.equal(permissionAllowed('media', { url: 'https://evil.example/#/verify', mediaTypes: ['video'] }, origin), false, 'another origin');
  assert.equal(permissionAllowed('geolocation', { url: verify }, origin), false);
});

test('the window reopens where it was, when that is still on a screen', () => {
  const screens = [{ x: 0, y: 0, width: 1366, height: 768 }, { x: 1366, y: 0, width: 1920, height: 1080 }];
  assert.deepEqual(restoredWindow({ bounds: { x: 1500, y: 40, width: 1400, height: 900 }, maximized: false }, screens), { bounds: { x: 1500, y: 40, width: 1400, height: 900 }, maximized: false });
  // The second screen is gone: back on the first, no larger than it.
  assert.deepEqual(restoredWindow({ bounds: { x: 1500, y: 40, width: 1400, height: 900 }, maximized: true }, screens.slice(0, 1)), { bounds: { width: 1366, height: 768 }, maximized: true });
  assert.deepEqual(restoredWindow(undefined, screens), { bounds: { width: 1280, height: 768 }, maximized: false });
  assert.deepEqual(restoredWindow({ bounds: { width: 300, height: Number.NaN } }, screens), { bounds: { width: 1280, height: 768 }, maximized: false });
  assert.deepEqual(restoredWindow({ bounds: { x: 10, y: 10, width: 500, height: 400 } }, screens), { bounds: { x: 10, y: 10, width: 900, height: 600 }, maximized: false });
});

test('quitting waits for the engine, but never past its limit', async () => {
  assert.equal(await closeWithin(() => new Promise((r) => setTimeout(r, 10)), 1000), true);
  const started = Date.now();
  assert.equal(await closeWithin(() => new Promise(() => {}), 50), false, 'a close that never ends');
  assert.ok(Date.now() - started < 1000);
  assert.equal(await closeWithin(() => Promise.reject(new Error('x')), 1000), true, 'a failed close still ends');
  assert.equal(isBusy({ syncs: 0, generations: 0, sending: 0 }), false);
  assert.equal(isBusy({ syncs: 0, generations: 1, sending: 0 }), true);
});

test('the log file rotates at its size and keeps four old ones', () => {
  const dir = tempDir();
  const log = createFileLogger(dir, { maxBytes: 200, keep: 4, now: () => new Date('2026-12-04T10:00:00Z') });
  for (let i = 0; i < 60; i++) log.info(`line ${i} ${'x'.repeat(20)}`);
  log.error('multi\nline');
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['oomus.1.log', 'oomus.2.log', 'oomus.3.log', 'oomus.4.log', 'oomus.log']);
  const current = readFileSync(join(dir, 'oomus.log'), 'utf8');
  assert.match(current, /2026-12-04T10:00:00.000Z ERROR multi\n {4}line\n$/);
  for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 200, f);
});
