import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createApp, defaultRendererDir, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { launchChromium } from '../helpers/browser';
import { projectRoot } from '../helpers/cli';
import { navigation, servedApi } from '../helpers/e2e';
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
  // A refused trust file is a 400 by design; the browser logs every failed fetch.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text()); });
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

test('trusted offices: another office’s file is imported (its card verifies), bad files refused, this office’s exported, one removed', async () => {
  // A real second office, with a card of its own and its trust file.
  const matam = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false });
  try {
    const card = matam.verify.issuer.issue(
      { enrollmentUid: 'EnrAb12Cd34', programmeUid: 'P3jJH5Tu5VC', mpiId: 'MPI-7K3QH9TXN', firstName: 'Awa', lastName: 'Ba', dateOfBirth: '1990-01-01' },
      'first card',
    );
    const exported = await matam.dispatch('GET', '/dhis2/trust/export?office=District%20de%20Matam');
    assert.equal(exported.status, 200, JSON.stringify(exported.body));
    const trustFile = exported.body as { keys: { kid: string }[] };
    const dir = tempDir('trust-files');
    const good = join(dir, 'District de Matam-oomus-trust.json');
    writeFileSync(good, JSON.stringify(trustFile));
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'ceci n’est pas du JSON {');
    const changedKid = join(dir, 'changed-kid.json');
    writeFileSync(changedKid, JSON.stringify({ ...trustFile, keys: trustFile.keys.map((k) => ({ ...k, kid: '00000000' })) }));
    const kid = trustFile.keys[0]?.kid ?? '';

    const { api } = servedApi(() => url, token);
    const verify = async (): Promise<{ status: string; reason: string | null; office: string | null; own: boolean }> => {
      const res = await api('/dhis2/verify', { qr: card.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    assert.equal((await verify()).reason, 'unknown_issuer', 'not trusted before the import');

    const screens = join(projectRoot, 'test-results', 'screens-trust');
    mkdirSync(screens, { recursive: true });
    const page = await settings(false);
    const panel = page.getByTestId('trust');
    await panel.getByTestId('trust-none').waitFor();

    // Bad files: refused in French, nothing added.
    await page.locator('#trust-file').setInputFiles(notJson);
    await panel.getByTestId('trust-refused').getByText('son contenu n’est pas du JSON').waitFor();
    await page.locator('#trust-file').setInputFiles(changedKid);
    const refused = panel.getByTestId('trust-refused');
    await refused.getByText('une clé ne correspond pas à son identifiant').waitFor();
    assert.match((await refused.textContent()) ?? '', /Fichier refusé, rien n’a été importé/);
    assert.match((await refused.locator('.field-errors li').first().textContent()) ?? '', /is not the key id of this key/, 'the engine’s sentence as the detail');
    assert.equal(await panel.getByTestId('trust-list').count(), 0);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(screens, 'settings-trust-refused-fr.png') });

    // The real file: added, listed, and its card now verifies here.
    await page.locator('#trust-file').setInputFiles(good);
    assert.equal(await panel.getByTestId('trust-imported').textContent(), 'Bureau « District de Matam » ajouté : ses cartes seront reconnues.');
    assert.equal(await panel.getByTestId('trust-refused').count(), 0, 'the refusal is gone');
    assert.equal(await panel.getByTestId('trust-file-name').textContent(), 'District de Matam-oomus-trust.json');
    const row = panel.locator(`tr[data-key="${kid}"]`);
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 2), ['District de Matam', kid]);
    assert.match(cells[2] ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    assert.equal(cells[3], '0');
    assert.deepEqual(await verify().then((v) => [v.status, v.reason, v.office, v.own]), ['valid', null, 'District de Matam', false]);

    // This office's file: the name typed is kept, and the download is the engine's file under it.
    await page.locator('#trust-office').fill('District de Podor');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Télécharger le fichier' }).click()]);
    assert.equal(download.suggestedFilename(), 'District de Podor-oomus-trust.json');
    const ours = JSON.parse(readFileSync(await download.path(), 'utf8')) as { format: string; office: string; keys: unknown[] };
    assert.equal(ours.format, 'oomus-trust/1');
    assert.equal(ours.office, 'District de Podor');
    const back = await matam.dispatch('POST', '/dhis2/trust', { file: ours });
    assert.equal(back.status, 200, `the other office takes it: ${JSON.stringify(back.body)}`);
    await page.reload();
    await row.waitFor();
    assert.equal(await page.locator('#trust-office').inputValue(), 'District de Podor', 'prefilled from the last name used');

    // Removing asks first: cancel keeps it.
    await row.getByRole('button', { name: 'Retirer', exact: true }).click();
    await row.getByRole('button', { name: 'Annuler' }).click();
    await row.getByRole('button', { name: 'Retirer', exact: true }).click();
    await row.getByText('Retirer « District de Matam » ? Ses cartes ne seront plus reconnues ici.').waitFor();

    const nav = navigation(() => page);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(screens, 'settings-trust-fr.png') });
    await nav.language('EN');
    await panel.getByRole('heading', { name: 'Trusted offices' }).waitFor();
    await row.getByText('Remove “District de Matam”? Its cards will no longer be recognised here.').waitFor();
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(screens, 'settings-trust-en.png') });
    await nav.language('FR');

    await row.getByRole('button', { name: 'Oui, retirer' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal(await panel.getByTestId('trust-removed').textContent(), 'Bureau « District de Matam » retiré : ses cartes ne sont plus reconnues ici.');
    await panel.getByTestId('trust-none').waitFor();
    assert.deepEqual(await verify().then((v) => [v.status, v.reason]), ['invalid', 'unknown_issuer']);
    await page.context().close();
    assert.deepEqual(errors, []);
  } finally {
    await matam.close();
  }
});
