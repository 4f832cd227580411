import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { plainShots } from '../helpers/plain-shots';
import { tempDir } from '../helpers/temp';

// The headless `serve` UI in Debian Chromium: what a person opening the address in a browser sees.
const token = 'e2e-token';
const shots = join(projectRoot, 'test-results');
let served: Served;
let browser: Browser;
const errors: string[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await served?.stop();
});

async function open(path = '/', signedIn = true): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // 401s are expected before a token is pasted, and the 404 of GET /dhis2/config while no DHIS2 is
    // configured; anything else (CSP violations included) is a defect.
    if (m.type() === 'error' && !/status of 40[14]/.test(m.text())) errors.push(m.text());
  });
  if (signedIn) await page.addInitScript(`localStorage.setItem('oomus.apiToken', ${JSON.stringify(token)})`);
  await page.goto(`${served.url}${path}`);
  return page;
}

test('a browser without a token gets a plain French sign-in screen, then the screen it asked for', async () => {
  const page = await open('/#/sync', false);
  await page.getByRole('heading', { name: 'Connexion à ce poste' }).waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  assert.match(text, /Paramètres → Jetons d’accès → Créer un jeton/);
  assert.doesNotMatch(text, /Authorization|Bearer|header|npm run/, 'no developer message');
  await page.screenshot({ path: join(shots, 'sign-in-fr.png') });
  await page.locator('#sign-in-token').fill('not-a-token');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Ce jeton n’est pas reconnu').waitFor();
  await page.locator('#sign-in-token').fill(token);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('h1', { hasText: 'Synchronisation' }).waitFor();
  await page.close();
  assert.deepEqual(errors, []);
});

test('the one-time sign-in address keeps the token and clears it from the address bar', async () => {
  const page = await open(`/#token=${token}`, false);
  await page.locator('h1', { hasText: 'Connexion' }).waitFor();
  assert.doesNotMatch(page.url(), /token/);
  assert.equal(await page.evaluate('localStorage.getItem("oomus.apiToken")'), token);
  await page.close();
});

test('the UI opens in French and shows the service health with its version', async () => {
  const page = await open();
  const health = page.getByTestId('health');
  await health.getByText('Service opérationnel').waitFor({ timeout: 10_000 });
  assert.match((await health.textContent()) ?? '', /version \d+\.\d+\.\d+/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.locator('h1').textContent(), 'Connexion');
  await page.screenshot({ path: join(shots, 'connection-fr.png') });
  await page.close();
  assert.deepEqual(errors, []);
});

test('every area has its screen, reachable from the navigation', async () => {
  const page = await open();
  const expected = ['Connexion', 'Synchronisation', 'Inscriptions', 'Correspondance', 'Cartes', 'Impression', 'Envoi', 'Google Wallet', 'Vérifier', 'Paramètres'];
  const links = page.locator('nav a');
  assert.equal(await links.count(), expected.length);
  for (const [i, name] of expected.entries()) {
    await links.nth(i).click();
    await page.locator('h1', { hasText: name }).waitFor();
  }
  await page.close();
  assert.deepEqual(errors, []);
});

test('switching to English changes the whole screen', async () => {
  const page = await open('/#/sync');
  await page.getByTestId('health').getByText('Service opérationnel').waitFor();
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await page.getByTestId('health').getByText('Service running').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Sync');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.screenshot({ path: join(shots, 'sync-en.png') });
  await page.close();
});

test('the language is chosen in one place, the top bar; Settings says where', async () => {
  const page = await open('/#/settings');
  await page.locator('section[data-area="settings"]').waitFor();
  assert.equal(await page.locator('main select#language, main [name="language"]').count(), 0, 'no second language control');
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  assert.match((await page.getByTestId('language-where').textContent()) ?? '', /en haut à droite de chaque écran/);
  assert.equal(await page.locator('header.topbar').getByRole('button', { name: 'EN', exact: true }).getAttribute('title'), 'English');
  const language = async (l: 'FR' | 'EN'): Promise<void> => {
    await page.locator('header.topbar').getByRole('button', { name: l, exact: true }).click();
    await page.locator(`html[lang="${l.toLowerCase()}"]`).waitFor({ state: 'attached' });
  };
  await plainShots(page, 'settings', language);
  await page.close();
  assert.deepEqual(errors, []);
});

test('with a pasted token, the language choice is saved in the core', async () => {
  const page = await open('/#/settings', false);
  await page.locator('#sign-in-token').fill(token);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('section[data-area="settings"]').waitFor();
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/dhis2/settings') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'EN', exact: true }).click(),
  ]);
  assert.equal(saved.status(), 200);
  await page.getByText('Service running').waitFor();
  await page.screenshot({ path: join(shots, 'settings-en.png') });
  await page.close();
  const res = await fetch(`${served.url}/dhis2/settings`, { headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual(await res.json(), { language: 'en' });

  // A fresh browser profile with the token opens in English, read from the core.
  const fresh = await open('/#/cards');
  await fresh.locator('h1', { hasText: 'Cards' }).waitFor();
  await fresh.close();
  assert.deepEqual(errors, []);
});

// Last: it stops the service. A screen opened after that says, in French, that the service does not answer
// and what to do, with the browser's own words as a detail.
test('with the service gone, a screen says so in the user’s language and what to do', async () => {
  const page = await open('/#/connection');
  await page.locator('section[data-area="connection"]').waitFor();
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await page.getByTestId('health').getByText('Service opérationnel').waitFor({ timeout: 10_000 });
  await page.getByLabel('Adresse du serveur DHIS2').fill('dhis2.example.org');
  await page.getByLabel('Nom d’utilisateur', { exact: true }).fill('admin');
  await page.getByLabel('Mot de passe', { exact: true }).fill('district');
  await served.stop();
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  const note = page.locator('[data-testid="test-outcome"] .error-note[data-code="network_error"]');
  await note.waitFor({ timeout: 10_000 });
  assert.equal(await note.locator('.error-lead').textContent(), 'Le service Oomus ne répond pas.');
  assert.match((await note.locator('.error-next').textContent()) ?? '', /rechargez la page/);
  assert.match((await note.locator('.error-detail').textContent()) ?? '', /^Détail : /);
  await plainShots(page, 'service-gone', async (l) => {
    await page.getByRole('button', { name: l, exact: true }).click();
    await page.locator(`html[lang="${l.toLowerCase()}"]`).waitFor({ state: 'attached' });
  });
  await page.close();
});
