import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { signInPage } from '../helpers/e2e';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { plainShots } from '../helpers/plain-shots';
import { createSandbox, sandboxPat } from '../sandbox/server';

// The four DHIS2 screens (Connection, Sync, Enrollments, Mapping) in Debian Chromium, against `serve`
// and the DHIS2 sandbox, as a district officer would use them on the first day.
const token = 'e2e-dhis2-token';
const programme = 'P3jJH5Tu5VC';
const plateau = 'DiszpKrYNg8';
const shots = join(projectRoot, 'test-results');
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];

// Answers the screens expect and show (no config yet, refused credentials, bad filters, a busy sync):
// Chromium logs each as a failed resource. Anything else, CSP violations included, is a defect.
const expected = /Failed to load resource: the server responded with a status of (400|401|404|409|503)/;

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 300 });
  // Small pages, so a sync takes several pages and shows its time left.
  served = await startServe(tempDir(), { OOMUS_TOKEN: token, OOMUS_DHIS2_PAGE_SIZE: '50' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.test(m.text())) errors.push(m.text());
  });
  await signInPage(page, served.url, token);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
});

async function api(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${served.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.json();
}
async function go(area: string): Promise<void> {
  await page.goto(`${served.url}/#/${area}`);
  // Where the page is instead, should it not show the area: the address and the start of what it shows.
  await page.locator(`section[data-area="${area}"]`).waitFor().catch(async (err: Error) => {
    throw new Error(`${err.message}\nat ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 300)}`);
  });
}
async function language(l: 'FR' | 'EN'): Promise<void> {
  await page.getByRole('button', { name: l, exact: true }).click();
  await page.locator(`html[lang="${l.toLowerCase()}"]`).waitFor({ state: 'attached' });
}
/** Waits until no sync task on the page is pending or running. (No waitForFunction: the CSP forbids eval.) */
async function noTaskRunning(timeoutMs = 30_000): Promise<void> {
  const busy = page.locator('[data-testid="task"][data-status="running"], [data-testid="task"][data-status="pending"]');
  const until = Date.now() + timeoutMs;
  while ((await busy.count()) > 0) {
    if (Date.now() > until) assert.fail('a sync task is still running');
    await new Promise((r) => setTimeout(r, 200));
  }
}
const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

test('Connection: test, refused password, save, then test the saved connection', async () => {
  await go('connection');
  await page.getByText('Aucune connexion enregistrée').waitFor();
  await shot('dhis2-connection-empty-fr');

  // Empty fields are caught before any call.
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  assert.equal(await page.locator('.field-errors', { hasText: 'Ce champ est obligatoire.' }).count(), 3);

  // The sandbox speaks plain HTTP. Typed without a scheme, the address is tried as https:// and the TLS
  // handshake fails: the screen says so in French, says what to type, and offers http:// (only on a click).
  const hostPort = sandbox.url.replace(/^http:\/\//, '');
  await page.getByLabel('Adresse du serveur DHIS2').fill(hostPort);
  await page.getByLabel('Nom d’utilisateur', { exact: true }).fill('admin');
  await page.getByLabel('Mot de passe', { exact: true }).fill('district');
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  const outcome = page.getByTestId('test-outcome');
  await outcome.getByText('Serveur injoignable').waitFor({ timeout: 20_000 });
  assert.equal(await outcome.getAttribute('data-reason'), 'plain_http');
  const explained = (await outcome.getByTestId('test-explained').textContent()) ?? '';
  assert.match(explained, /ne parle pas HTTPS, seulement HTTP/);
  assert.match(explained, /tapez l’adresse en commençant par http:\/\//);
  assert.doesNotMatch(explained, /EPROTO|TLS|SSL/, 'the lead is plain French; the engine’s words are the detail');
  assert.match((await outcome.locator('.error-detail').textContent()) ?? '', /^Détail : .*plain HTTP/);
  const offer = outcome.getByRole('button', { name: `Essayer avec http://${hostPort}` });
  await offer.waitFor();
  assert.equal(await page.getByLabel('Adresse du serveur DHIS2').inputValue(), hostPort, 'nothing changed before the click');
  await plainShots(page, 'connection-plain-http', language);
  await offer.click();
  await outcome.getByText('Connexion réussie').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByLabel('Adresse du serveur DHIS2').inputValue(), sandbox.url);
  assert.match((await page.getByTestId('dhis2-version').textContent()) ?? '', /^2\.\d+/);
  await shot('dhis2-connection-ok-fr');

  await page.getByLabel('Mot de passe', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  await outcome.getByText('Identifiants refusés').waitFor({ timeout: 20_000 });
  assert.match((await outcome.getByTestId('test-explained').textContent()) ?? '', /refusé par DHIS2\. Vérifiez-les/);
  assert.ok(((await outcome.locator('.error-text').textContent()) ?? '').length > 10, 'the API’s own error text is shown');
  await shot('dhis2-connection-refused-fr');

  // A personal access token works too; a malformed one is named beside its field.
  await page.getByLabel('Jeton d’accès personnel (d2pat_…)').check();
  await page.getByLabel('Jeton d’accès personnel', { exact: true }).fill('d2pat_short');
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  await page.locator('#conn-token-errors').getByText('d2pat_').waitFor();
  await page.getByLabel('Jeton d’accès personnel', { exact: true }).fill(sandboxPat);
  await page.getByRole('button', { name: 'Tester la connexion', exact: true }).click();
  await outcome.getByText('Connexion réussie').waitFor({ timeout: 20_000 });
  await page.getByLabel('Nom d’utilisateur + mot de passe').check();

  await page.getByLabel('Mot de passe', { exact: true }).fill('district');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByTestId('saved').getByText('configurée').waitFor();

  // Reopened: the address and user come back, the password is never shown, the stored one still works.
  await page.reload();
  await page.getByTestId('stored-config').waitFor();
  assert.equal(await page.getByLabel('Nom d’utilisateur', { exact: true }).inputValue(), 'admin');
  assert.equal(await page.getByLabel('Mot de passe', { exact: true }).inputValue(), '');
  assert.match((await page.getByLabel('Mot de passe', { exact: true }).getAttribute('placeholder')) ?? '', /mot de passe est enregistré/);
  // One test action: the form unchanged from what is saved tests the saved connection (the empty password
  // field would otherwise be "required"); a password typed makes it test the form instead.
  assert.equal(await page.getByRole('button', { name: /Tester/ }).count(), 1, 'one test button');
  const target = page.getByTestId('test-target');
  await target.getByText('c’est la connexion enregistrée qui sera testée').waitFor();
  await page.getByLabel('Mot de passe', { exact: true }).fill('not-the-password');
  await target.getByText('L’adresse et les identifiants saisis seront testés').waitFor();
  await page.getByLabel('Mot de passe', { exact: true }).fill('');
  await target.getByText('c’est la connexion enregistrée qui sera testée').waitFor();
  const [stored] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/dhis2/test-connection')),
    page.getByRole('button', { name: 'Tester la connexion', exact: true }).click(),
  ]);
  assert.equal(stored.postData(), '{}', 'the saved connection is what is tested');
  await outcome.getByText('Connexion réussie').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.field-errors').count(), 0);
  await plainShots(page, 'connection-saved', language);
  await language('EN');
  await outcome.getByText('Connected').waitFor();
  await shot('dhis2-connection-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

test('Sync: the first sync brings the programmes, then one programme with progress, schedule', async () => {
  await go('sync');
  await page.getByTestId('first-time').waitFor();
  await shot('dhis2-sync-first-time-fr');
  await page.getByTestId('sync-all').click();
  const card = page.locator(`article[data-programme="${programme}"]`);
  await card.waitFor({ timeout: 30_000 });
  await page.locator('.panel [data-testid="task"][data-status="completed"]').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('first-time').count(), 0);

  // The first download of the programme takes several pages: the time left shows, as for a generation. (Pages are
  // fetched three at a time: a long round trip keeps it running for the checks below.)
  sandbox.setFaults({ latencyMs: 1500, gzip: true });
  await card.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await card.locator('[data-testid="task"]').waitFor();
  const eta = card.getByTestId('sync-eta');
  await eta.waitFor({ timeout: 20_000 });
  assert.match((await eta.textContent()) ?? '', /^Temps restant : environ \d+ (s|min|h)/);
  // What crossed the link (gzipped), its rate, and which side sets the pace (here the slow DHIS2), at 1366×768.
  const link = card.getByTestId('sync-link');
  await link.waitFor();
  assert.match((await link.textContent()) ?? '', /^Reçu : [\d\s,]+ (o|Ko|Mo) à [\d\s,]+ (bit|kbit|Mbit)\/s — la liaison limite la vitesse$/);
  await page.setViewportSize({ width: 1366, height: 768 });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'dhis2-sync-link-fr-1366x768.png') });
  await page.setViewportSize({ width: 1280, height: 860 });
  await plainShots(page, 'sync-running', language, false);
  sandbox.clearFaults();
  await card.locator('[data-testid="task"][data-status="completed"]').waitFor({ timeout: 60_000 });
  assert.equal(await card.getByTestId('sync-eta').count(), 0, 'no time left once ended');
  assert.match((await card.getByTestId('sync-percent').textContent()) ?? '', /^100\s%$/);
  const status = (await api('/dhis2/sync-status')).programmes.find((p: any) => p.programme_uid === programme);
  assert.ok(status.cached_enrollments > 0);
  await card.getByTestId('cached').getByText(new RegExp(`^${status.cached_enrollments} inscriptions? en cache$`)).waitFor();
  assert.notEqual(await card.getByTestId('last-success').textContent(), 'jamais');

  // A second sync while one runs is refused: the card says so in French with what to do, the API's message
  // as the detail. (A slow DHIS2 keeps the first one running until the click.)
  sandbox.setFaults({ latencyMs: 1500 });
  const started = await api('/dhis2/sync', { programme_uid: programme });
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/dhis2/sync') && r.request().method() === 'POST'),
    card.getByRole('button', { name: 'Synchroniser', exact: true }).click(),
  ]);
  sandbox.clearFaults();
  assert.equal(answer.status(), 409);
  {
    assert.match((await card.locator('.error-note .error-lead').textContent()) ?? '', /^Impossible pour le moment\.$/);
    assert.match((await card.locator('.error-note .error-next').textContent()) ?? '', /déjà en cours/);
    assert.match((await card.locator('.error-note').textContent()) ?? '', /Détail : .*already running/);
    assert.ok(started.task_id);
  }
  // The refused card follows nothing: wait for the API's own sync to end before the next step.
  for (let until = Date.now() + 30_000; !/^(completed|completed_with_errors|failed|cancelled)$/.test((await api(`/dhis2/tasks/${started.task_id}`)).status); ) {
    assert.ok(Date.now() < until, 'the API-started sync ended');
    await new Promise((r) => setTimeout(r, 200));
  }
  await noTaskRunning();

  // A slow DHIS2: the running sync shows its state and can be cancelled.
  sandbox.setFaults({ latencyMs: 1500 });
  await card.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await card.locator('[data-testid="task"][data-status="running"]').waitFor();
  await card.getByRole('progressbar').waitFor();
  await shot('dhis2-sync-running-fr');
  await card.getByRole('button', { name: 'Annuler' }).click();
  await noTaskRunning();
  assert.match((await card.locator('[data-testid="task"]').getAttribute('data-status')) ?? '', /^(cancelled|completed)$/);

  // DHIS2 failing: the sync fails and its error stays on the card, in DHIS2's words.
  sandbox.setFaults({ latencyMs: 0, errorRate: 1 });
  await card.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await card.locator('[data-testid="task"][data-status="failed"]').waitFor({ timeout: 30_000 });
  await card.getByTestId('last-error').waitFor();
  assert.ok(((await card.getByTestId('last-error').textContent()) ?? '').length > 10);
  // In French, with what to do; DHIS2's English sentence stays as the detail.
  assert.match((await card.getByTestId('last-error').textContent()) ?? '', /^Détail : /);
  assert.match((await card.getByTestId('last-error-advice').textContent()) ?? '', /Réessayez|Vérifiez/);
  await card.locator('[data-testid="task"] .error-lead').getByText('La synchronisation n’a pas abouti.').waitFor();
  await shot('dhis2-sync-failed-fr');
  await card.scrollIntoViewIfNeeded();
  await plainShots(page, 'sync-failed', language, false);
  sandbox.clearFaults();
  await card.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await card.locator('[data-testid="task"][data-status="completed"]').waitFor({ timeout: 30_000 });
  await card.getByTestId('last-error').waitFor({ state: 'detached' });

  // Automatic sync every 15 minutes: the next one shows.
  await card.getByLabel('Fréquence').selectOption('15');
  await card.getByLabel('Activée').check();
  await card.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await card.getByText('Planning enregistré.').waitFor();
  assert.match((await card.getByTestId('next-sync').textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  await shot('dhis2-sync-fr');
  await language('EN');
  await card.getByRole('button', { name: 'Sync', exact: true }).waitFor();
  await shot('dhis2-sync-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

test('Enrollments: total and rows, an org unit picked level by level, a bad date range named', async () => {
  await go('enrollments');
  const total = page.getByTestId('total');
  await total.waitFor({ timeout: 10_000 });
  const all = await api(`/dhis2/preview-enrollments?programme_uid=${programme}&limit=10`);
  await total.getByText(`${all.total_enrollments} inscriptions au total`).waitFor();
  const rows = page.locator('[data-testid="enrollment-table"] tbody tr');
  assert.equal(await rows.count(), Math.min(50, all.total_enrollments));
  const headers = (await page.locator('[data-testid="enrollment-table"] thead th').allTextContents()).map((h) => h.trim());
  for (const h of ['Nom', 'ID MPI', 'Date d’inscription', 'Centre de santé', 'Suivi']) assert.ok(headers.includes(h), headers.join('|'));
  assert.match((await rows.first().locator('td.nowrap').textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4}$/);
  if (all.total_enrollments > 50) {
    await page.getByTestId('more').click();
    await rows.nth(50).waitFor();
  }
  await shot('dhis2-enrollments-fr');

  // The org unit picker, down to the Plateau health centre.
  const path = orgUnitPath(plateau);
  await page.getByRole('button', { name: 'Changer' }).click();
  for (const ancestor of path.slice(0, -1)) {
    await page.locator(`#ou-panel li[data-uid="${ancestor}"] button.small`).click();
  }
  await shot('dhis2-enrollments-picker-fr');
  await page.locator(`#ou-panel li[data-uid="${plateau}"] .ou-pick`).click();
  const filtered = await api(`/dhis2/preview-enrollments?programme_uid=${programme}&org_unit=${plateau}&limit=10`);
  await total.getByText(new RegExp(`^${filtered.total_enrollments} inscriptions? au total`)).waitFor();
  assert.ok(filtered.total_enrollments < all.total_enrollments);
  await shot('dhis2-enrollments-org-unit-fr');
  await page.getByRole('button', { name: 'Effacer' }).click();

  // Dates are typed dd/mm/yyyy; a non-date is caught here, a range the wrong way round by the API, and
  // each problem shows beside its own field.
  const from = page.getByLabel('Du', { exact: true });
  const to = page.getByLabel('Au', { exact: true });
  assert.equal(await from.getAttribute('placeholder'), 'jj/mm/aaaa');
  await from.fill('31/02/2026');
  await from.press('Enter');
  await page.locator('#enr-from-errors').getByText('jj/mm/aaaa').waitFor();
  await from.fill('01/05/2026');
  await from.press('Enter');
  await to.fill('01/01/2026');
  await to.press('Enter');
  // Said in French beside the field, the engine's sentence kept as the detail.
  await page.locator('#enr-to-errors').getByText('Cette date est avant la date de début : choisissez une date de fin après elle. (must not be before from_date)').waitFor();
  assert.equal(await page.locator('#enr-from-errors').count(), 0);
  await shot('dhis2-enrollments-bad-range-fr');
  await to.fill('31/12/2030');
  await to.press('Enter');
  await from.fill('01/01/2000');
  await from.press('Enter');
  assert.equal(await from.inputValue(), '01/01/2000');
  await total.waitFor();
  await language('EN');
  await total.getByText(/enrollments? in all/).waitFor();
  await shot('dhis2-enrollments-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

test('Mapping: the suggested mapping saves and names what is left; a wrong choice is explained in place', async () => {
  await go('mapping');
  await page.locator('.map-row[data-field="first_name"] .tag.suggestion').waitFor();
  // The photo too, from the programme's IMAGE attribute.
  for (const f of ['first_name', 'last_name', 'date_of_birth', 'gender', 'phone_number', 'photo']) {
    assert.equal(await page.locator(`.map-row[data-field="${f}"] .tag.suggestion`).count(), 1, f);
  }
  assert.equal(await page.locator('#map-photo option:checked').textContent(), 'Photo (MMD_PER_PHOTO)');
  const photo = await page.locator('#map-photo').inputValue();
  await page.getByRole('button', { name: 'Enregistrer la correspondance' }).click();
  const saved = page.getByTestId('mapping-saved');
  await saved.getByText('6 champs reliés').waitFor();
  assert.deepEqual(await saved.locator('.tag').allTextContents(), ['Centre de santé', 'Zone']);
  await shot('dhis2-mapping-fr');

  // A name for the photo: refused, and the problem sits next to "Photo".
  const firstName = await page.locator('#map-first_name').inputValue();
  await page.getByLabel('Photo', { exact: true }).selectOption(firstName);
  await page.getByLabel('Centre de santé', { exact: true }).selectOption('ou:enrollment');
  await page.getByRole('button', { name: 'Enregistrer la correspondance' }).click();
  await page.getByTestId('mapping-error').waitFor();
  const photoErrors = page.locator('.map-row[data-field="photo"] .field-errors');
  assert.match((await photoErrors.textContent()) ?? '', /cannot fill "photo"/);
  assert.equal(await page.locator('.map-row[data-field="health_center"] .field-errors').count(), 0);
  await shot('dhis2-mapping-error-fr');

  await page.getByLabel('Photo', { exact: true }).selectOption(photo);
  await page.getByRole('button', { name: 'Enregistrer la correspondance' }).click();
  await saved.getByText('7 champs reliés').waitFor();
  assert.deepEqual(await saved.locator('.tag').allTextContents(), ['Zone']);
  await plainShots(page, 'mapping', language);
  await language('EN');
  await saved.getByText('7 fields mapped').waitFor();
  await shot('dhis2-mapping-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

/** The UIDs from the root down to the org unit, from the sandbox's own tree. */
function orgUnitPath(uid: string): string[] {
  const unit = sandbox.population.orgUnits.find((o) => o.id === uid);
  assert.ok(unit, `org unit ${uid} in the sandbox`);
  return unit.path.split('/').filter(Boolean);
}
