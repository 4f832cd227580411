import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cardPixels } from '../../electron/core/api/contract/card-templates';
import { launchChromium } from '../helpers/browser';
import { referenceMapping as mapping } from '../helpers/cards';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { navigation, servedApi, signInPage } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// The Cards screen in Debian Chromium, against `serve` and the DHIS2 sandbox: before any sync, then with a
// synced and mapped programme (enrollment, template, DPI, download, sovereign settings) and a synced
// programme that is not mapped yet.
const token = 'e2e-cards-token';
const programme = vaccinationProgram;
const shots = join(projectRoot, 'test-results', 'screens');
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
/** The sandbox's second tracker programme (prenatal follow-up): synced, never mapped. */
let unmapped: string;
const errors: string[] = [];
/** While the test itself loads a revoked object URL, Chromium's "not found" for it is expected. */
let probingRevokedUrl = false;

// The answers the screen expects and shows (a bad sovereign colour, an unmapped programme): Chromium logs
// each as a failed resource. Anything else, CSP violations included, is a defect.
const expected = /Failed to load resource: the server responded with a status of (400|409)/;


const { api, syncProgramme } = servedApi(() => served.url, token);
const { go, language } = navigation(() => page);

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 120 });
  const second = sandbox.population.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== programme);
  assert.ok(second, 'the sandbox has a second tracker programme');
  unmapped = second.id;
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.test(m.text()) && !(probingRevokedUrl && /ERR_FILE_NOT_FOUND/.test(m.text()))) errors.push(m.text());
  });
  await signInPage(page, served.url, token);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
/** The card image once drawn for this enrollment, template and DPI, and loaded. */
async function cardImage(enrollment: string, template: string, dpi: number): Promise<{ width: number; height: number; src: string }> {
  const img = page.locator(`img[data-testid="card-image"][data-enrollment="${enrollment}"][data-template="${template}"][data-dpi="${dpi}"]`);
  await img.waitFor({ timeout: 20_000 });
  const { width, height } = cardPixels(dpi);
  await page.getByTestId('card-size').getByText(`${width} × ${height} px`).waitFor();
  const size = await img.evaluate((el: { naturalWidth: number; naturalHeight: number; src: string }) => ({ width: el.naturalWidth, height: el.naturalHeight, src: el.src }));
  assert.match(size.src, /^blob:/);
  return size;
}

test('Cards before any sync: says there is nothing cached and points to Sync', async () => {
  await go('cards');
  await page.getByText('Aucune donnée en cache').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Aller à la synchronisation' }).count(), 1);
  await shot('cards-no-cache-fr');
  assert.deepEqual(errors, []);
});

test('Cards: an enrollment found by name, the pulse template at 300 then 600 DPI, downloaded as PNG', async () => {
  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  await syncProgramme(unmapped);
  const mapped = await api('/dhis2/assign-codes', { programme_uid: programme, mappings: mapping });
  assert.equal(mapped.status, 200, JSON.stringify(mapped.body));

  await go('cards');
  await page.getByLabel('Programme').selectOption(programme);
  const preview = (await api(`/dhis2/preview-enrollments?programme_uid=${programme}&limit=100`)).body;
  assert.ok(preview.total_enrollments >= 100, `${preview.total_enrollments} enrollments cached`);
  const count = page.getByTestId('enrollment-count');
  // The whole cache is searchable; the list shows the 50 most recent first, and more on demand.
  await count.getByText(`${preview.total_enrollments} inscriptions dans le cache`).waitFor({ timeout: 10_000 });
  assert.match((await count.textContent()) ?? '', new RegExp(`50 affichées sur ${preview.total_enrollments}`));
  assert.equal(await page.locator('.enrollment-pick').count(), 50);
  await page.locator('.person-picker').getByTestId('more').click();
  await page.locator('.enrollment-pick').nth(50).waitFor();
  assert.equal(await page.locator('.enrollment-pick').count(), Math.min(100, preview.total_enrollments));
  // The first (most recent) enrollment is chosen and drawn with the default template straight away.
  const first = preview.preview[0];
  await page.locator(`img[data-testid="card-image"][data-enrollment="${first.enrollment_id}"][data-template="vital"]`).waitFor({ timeout: 20_000 });

  // Found by name: the search narrows the list; the enrollment shows its name, health centre and date.
  const row = preview.preview.find((r: any, i: number) => i > 3 && r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST);
  assert.ok(row, 'an enrollment with a first and last name');
  const name = `${row.attributes.MMD_PER_NAM} ${row.attributes.MMD_PER_LST}`;
  await page.getByLabel('Rechercher une personne').fill(name.toLowerCase());
  const pick = page.locator(`.enrollment-pick[data-enrollment="${row.enrollment_id}"]`);
  await pick.waitFor();
  await count.getByText(/personnes? trouvées?/).waitFor();
  assert.ok((await page.locator('.enrollment-pick').count()) < 50);
  assert.equal((await pick.locator('.pick-name').textContent())?.trim(), name);
  assert.match((await pick.locator('.pick-meta').textContent()) ?? '', /\d{2}\/\d{2}\/\d{4}/);
  await pick.click();
  assert.equal(await pick.getAttribute('aria-pressed'), 'true');
  await cardImage(row.enrollment_id, 'vital', 300);

  // On a 1366 × 768 laptop the templates fill the screen: a template chosen brings its card into view.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.locator('.template-tile[data-template="pulse"]').click();
  const at300 = await cardImage(row.enrollment_id, 'pulse', 300);
  await page.waitForFunction(() => {
    const box = (globalThis as any).document.querySelector('.card-frame').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= (globalThis as any).innerHeight;
  }, undefined, { timeout: 5000 });
  await page.screenshot({ path: join(shots, 'cards-template-chosen-1366-fr.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual([at300.width, at300.height], [1011, 638]);
  assert.equal(await page.locator('.template-tile[data-template="pulse"]').getAttribute('aria-pressed'), 'true');
  assert.match((await page.getByTestId('template-about').textContent()) ?? '', /campagne/);
  const frame = await page.locator('.card-frame').boundingBox();
  assert.ok(frame && frame.width >= 400 && frame.width <= 600, `frame ${JSON.stringify(frame)}`);
  assert.ok(Math.abs(frame.width / frame.height - 85.6 / 53.98) < 0.02, 'the frame has the CR80 proportions');
  const radius = await page.locator('.card-frame').evaluate((el) => (globalThis as any).getComputedStyle(el).borderTopLeftRadius as string);
  assert.equal(radius, '3.715% 5.891%');
  assert.equal(await page.getByTestId('download').getAttribute('download'), `${row.enrollment_id}-pulse-300.png`);
  await shot('cards-pulse-300-fr');

  // 600 DPI: the same card, twice the pixels; the previous object URL is let go. While the core draws (its
  // answer held back a moment here), the screen says so over the card before.
  const previews = '**/dhis2/preview-card-png?*';
  await page.route(previews, async (route) => {
    await new Promise((r) => setTimeout(r, 1200));
    await route.continue();
  });
  await page.getByLabel('Résolution').selectOption('600');
  await page.getByTestId('rendering').getByText('Dessin de la carte…').waitFor();
  assert.equal(await page.locator('.card-preview').getAttribute('aria-busy'), 'true');
  await shot('cards-rendering-fr');
  const at600 = await cardImage(row.enrollment_id, 'pulse', 600);
  await page.unroute(previews);
  assert.equal(await page.getByTestId('rendering').count(), 0);
  assert.deepEqual([at600.width, at600.height], [2022, 1275]);
  probingRevokedUrl = true;
  const oldUrl = await page.evaluate(`new Promise((resolve) => { const i = new Image(); i.onload = () => resolve('alive'); i.onerror = () => resolve('revoked'); i.src = ${JSON.stringify(at300.src)}; })`);
  assert.equal(oldUrl, 'revoked');
  await page.waitForTimeout(200);
  probingRevokedUrl = false;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  assert.equal(download.suggestedFilename(), `${row.enrollment_id}-pulse-600.png`);
  const png = readFileSync((await download.path()) ?? '');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2022, 1275]);

  // In English the screen, and the card's own wording (the core's language), follow.
  await language('EN');
  await page.getByRole('link', { name: 'Download PNG' }).waitFor();
  await page.getByText('2022 × 1275 px at 600 DPI').waitFor();
  await page.getByLabel('Resolution').selectOption('300');
  await cardImage(row.enrollment_id, 'pulse', 300);
  await shot('cards-pulse-en');
  // A small laptop screen: the list goes above the templates and the card still fits.
  await page.setViewportSize({ width: 1024, height: 768 });
  const narrow = await page.locator('.card-frame').boundingBox();
  assert.ok(narrow && narrow.width >= 400, `frame ${JSON.stringify(narrow)}`);
  await shot('cards-narrow-en');
  await page.setViewportSize({ width: 1280, height: 900 });
  await language('FR');
  await page.getByRole('link', { name: 'Télécharger le PNG' }).waitFor();
  assert.deepEqual(errors, []);
});

test('Cards: the sovereign settings show with that template only; a bad colour is named beside its field', async () => {
  await go('cards');
  const chosen = await page.locator('.enrollment-pick[aria-pressed="true"]').getAttribute('data-enrollment');
  assert.ok(chosen, 'the enrollment chosen before is kept');
  assert.equal(await page.getByTestId('sovereign-fields').count(), 0);
  await page.locator('.template-tile[data-template="sovereign"]').click();
  await page.getByTestId('sovereign-fields').waitFor();
  await cardImage(chosen, 'sovereign', 300);
  assert.equal(await page.getByLabel('Couleur d’accent', { exact: true }).inputValue(), '#D4AF37');

  // A colour the core refuses: the field says what it expects, the summary says the card was not drawn.
  await page.getByLabel('Couleur d’accent', { exact: true }).fill('#12345G');
  await page.locator('#sov-accent_hex-errors').getByText('Couleur attendue au format #RRGGBB').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByLabel('Couleur d’accent', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByTestId('card-error').getByText('La carte n’a pas été dessinée').waitFor();
  assert.equal(await page.locator('img[data-testid="card-image"]').count(), 0);
  assert.equal(await page.locator('#sov-bg_hex-errors').count(), 0);
  await shot('cards-sovereign-bad-colour-fr');

  // Fixed (typed without '#', tidied), with larger text: drawn again.
  await page.getByLabel('Couleur d’accent', { exact: true }).fill('c0392b');
  await page.getByLabel('Couleur d’accent', { exact: true }).press('Tab');
  assert.equal(await page.getByLabel('Couleur d’accent', { exact: true }).inputValue(), '#C0392B');
  await page.getByLabel('Taille du texte').fill('1.2');
  await cardImage(chosen, 'sovereign', 300);
  await page.locator('#sov-accent_hex-errors').waitFor({ state: 'detached' });
  const sent = await api(`/dhis2/preview-card-png?enrollment_id=${chosen}&template=sovereign&dpi=300&sovereign_config=${encodeURIComponent('{"accent_hex":"#12345G"}')}`);
  assert.equal(sent.status, 400);
  await shot('cards-sovereign-fr');

  // Another template hides the settings again.
  await page.locator('.template-tile[data-template="vital"]').click();
  await cardImage(chosen, 'vital', 300);
  assert.equal(await page.getByTestId('sovereign-fields').count(), 0);
  assert.deepEqual(errors, []);
});

test('Cards: a programme synced but not mapped says to map it, with a link to Mapping', async () => {
  await go('cards');
  await page.getByLabel('Programme').selectOption(unmapped);
  const note = page.getByTestId('not-mapped');
  await note.waitFor({ timeout: 20_000 });
  assert.match((await note.textContent()) ?? '', /n’a pas encore de correspondance/);
  assert.match((await page.getByTestId('card-error').locator('.error-text').textContent()) ?? '', /no card mapping yet/);
  assert.equal(await page.locator('img[data-testid="card-image"]').count(), 0);
  await shot('cards-not-mapped-fr');
  await language('EN');
  await note.getByText('This programme has no mapping yet').waitFor();
  await shot('cards-not-mapped-en');
  await language('FR');
  await note.getByRole('link', { name: 'Ouvrir Correspondance' }).click();
  await page.locator('section[data-area="mapping"]').waitFor();
  assert.deepEqual(errors, []);
});
