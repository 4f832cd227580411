import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createApp, defaultRendererDir, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { launchChromium } from '../helpers/browser';
import { projectRoot } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

// Settings at 1366 × 768 in French: access tokens (created by name and shown once, listed with their last
// use, revoked) in a browser; and office-network sharing from the desktop app's own window, whose IPC
// bridge is the engine's dispatch here (Playwright hands the page a function that calls it), since only
// that window may switch sharing on.
const token = 'e2e-settings-token';
const shots = join(projectRoot, 'test-results', 'screens');
let app: App;
let url: string;
let browser: Browser;
const errors: string[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  app = await createApp({ dataDir: tempDir(), rendererDir: defaultRendererDir(projectRoot), env: { OOMUS_TOKEN: token }, logger: silentLogger, background: false });
  ({ url } = await app.listen('127.0.0.1', 0));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function settings(desktop: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(`localStorage.setItem('oomus.locale', 'fr'); localStorage.setItem('oomus.apiToken', ${JSON.stringify(token)})`);
  if (desktop) {
    await page.exposeFunction('oomusDispatch', (method: string, path: string, body?: unknown) => app.dispatch(method, path, body));
    await page.addInitScript('window.oomus = { invoke: (m, p, b) => window.oomusDispatch(m, p, b), desktop: { run: async () => ({ ok: false, message: "not here" }) } }');
  }
  await page.goto(`${url}/#/settings`);
  await page.getByTestId('network').waitFor();
  return page;
}

test('tokens: one made by name is shown once with a copy button, listed with its last use, and revoked', async () => {
  const page = await settings(false);
  await page.getByLabel('Nom', { exact: true }).fill('Poste accueil');
  await page.getByRole('button', { name: 'Créer un jeton' }).click();
  const shown = (await page.getByTestId('token-value').textContent()) ?? '';
  assert.match(shown, /.{30,}/);
  await page.getByRole('button', { name: 'Copier' }).click();
  await page.getByRole('button', { name: 'Copié' }).waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), shown);
  const row = page.getByTestId('token-list').locator('tr[data-token="Poste accueil"]');
  await row.getByText('jamais').waitFor();
  await page.getByTestId('tokens').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'settings-tokens-fr.png') });

  assert.equal((await fetch(`${url}/dhis2/settings`, { headers: { authorization: `Bearer ${shown}` } })).status, 200, 'the token signs in');
  await page.reload();
  await row.waitFor();
  assert.doesNotMatch((await row.textContent()) ?? '', /jamais/, 'its last use is shown');
  assert.equal(await page.getByTestId('created-token').count(), 0, 'never shown again');
  await row.getByRole('button', { name: 'Révoquer' }).click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await fetch(`${url}/dhis2/settings`, { headers: { authorization: `Bearer ${shown}` } })).status, 401, 'revoked at once');
  // In a browser, sharing is only shown, never switched.
  await page.getByText('Le partage se règle dans l’application de bureau').waitFor();
  assert.equal(await page.getByTestId('network-enabled').count(), 0);
  await page.context().close();
  assert.deepEqual(errors, []);
});

test('network sharing from the desktop window: on, on this computer only, with the address, QR and fingerprint', async () => {
  const page = await settings(true);
  await page.getByTestId('network-off').waitFor();
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const loopback = await page.locator('#network-interface option', { hasText: 'cet ordinateur seulement' }).first().getAttribute('value');
  await page.locator('#network-interface').selectOption(loopback ?? '');
  await page.locator('#network-port').fill(String(port));
  await page.getByTestId('network-enabled').check();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).first().click();
  await page.getByTestId('network-on').waitFor();
  assert.equal(await page.getByTestId('network-url').textContent(), `https://127.0.0.1:${port}/`);
  const fingerprint = (await page.getByTestId('network-fingerprint').textContent()) ?? '';
  assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.ok(await page.locator('img.network-qr').evaluate((img: { naturalWidth: number }) => img.naturalWidth > 0), 'the QR is drawn');
  await page.getByTestId('network').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'settings-network-fr.png') });

  // Another laptop: the address and the certificate the screen shows.
  const seen = await new Promise<{ status: number; fingerprint: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/dhis2/settings', headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, fingerprint: (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256 });
    }).on('error', reject).end();
  });
  assert.deepEqual(seen, { status: 200, fingerprint });

  await page.getByTestId('network-enabled').uncheck();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).first().click();
  await page.getByTestId('network-off').waitFor();
  await page.context().close();
  assert.deepEqual(errors, []);
});
