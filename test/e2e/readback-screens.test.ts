import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { formatDateTime } from '../../renderer/src/format';
import { launchChromium } from '../helpers/browser';
import { referenceMapping as mapping } from '../helpers/cards';
import { navigation, servedApi, signInPage } from '../helpers/e2e';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// What the core has saved, shown again: the Mapping screen reads a programme's mapping back
// (GET /dhis2/mapping) when it is chosen, and the Sync screen fills each schedule form from
// GET /dhis2/sync-status, after a reload as after a restart. Debian Chromium against `serve` and the sandbox.
const token = 'e2e-readback-token';
const programme = vaccinationProgram;
const shots = join(projectRoot, 'test-results', 'screens');
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
/** The sandbox's second tracker programme: cached, never mapped. */
let other: string;
const errors: string[] = [];

const optionalFields = ['photo', 'national_id', 'address', 'guardian_name'];

const { api, syncProgramme } = servedApi(() => served.url, token);
const { go, language } = navigation(() => page);

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 60 });
  const second = sandbox.population.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== programme);
  assert.ok(second, 'the sandbox has a second tracker programme');
  other = second.id;
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // No refused call is expected on these screens: any console error, CSP violations included, is a defect.
    if (m.type() === 'error') errors.push(m.text());
  });
  await signInPage(page, served.url, token);

  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
});

/** Opens an area in a freshly loaded page: nothing kept from the session, everything read from the core. */
async function reopen(area: string): Promise<void> {
  await page.goto(`${served.url}/#/${area}`);
  await page.reload();
  await page.locator(`section[data-area="${area}"]`).waitFor();
}
const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const choice = (field: string): Promise<string> => page.locator(`#map-${field}`).inputValue();
/** Every card field's select, as the form shows it. */
async function choices(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of [...mapping.map((m) => m.card_field), ...optionalFields]) out[f] = await choice(f);
  return out;
}

test('Mapping: a programme with nothing saved says so and starts from the suggestions', async () => {
  await reopen('mapping');
  await page.locator('#map-programme').selectOption(other);
  await page.getByTestId('nothing-saved').getByText('Aucune correspondance enregistrée pour ce programme.').waitFor();
  assert.equal(await page.getByTestId('mapping-saved').count(), 0);
  await page.locator('#map-programme').selectOption(programme);
  await page.locator('.map-row[data-field="first_name"] .tag.suggestion').waitFor();
  await page.getByTestId('nothing-saved').waitFor();
  await shot('readback-mapping-nothing-saved-fr');
  assert.deepEqual(errors, []);
});

test('Mapping: the mapping saved through the API is read back and pre-filled when the programme is chosen', async () => {
  const assigned = await api('/dhis2/assign-codes', { programme_uid: programme, mappings: mapping });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  const back = (await api(`/dhis2/mapping?programme_uid=${programme}`)).body;
  assert.equal(back.mappings_configured, 7);
  const uidOf = (field: string): string => back.mappings.find((m: any) => m.card_field === field).dhis2_attribute_uid;
  const expectedChoices = {
    first_name: `attr:${uidOf('first_name')}`,
    last_name: `attr:${uidOf('last_name')}`,
    date_of_birth: `attr:${uidOf('date_of_birth')}`,
    gender: `attr:${uidOf('gender')}`,
    phone_number: `attr:${uidOf('phone_number')}`,
    health_center: 'ou:enrollment',
    zone: 'ou:parent',
    photo: '',
    national_id: '',
    address: '',
    guardian_name: '',
  };

  // A fresh page: it starts on another programme, then the user chooses this one.
  await reopen('mapping');
  await page.locator('#map-programme').selectOption(other);
  await page.getByTestId('nothing-saved').waitFor();
  await page.locator('#map-programme').selectOption(programme);
  const saved = page.getByTestId('mapping-saved');
  await saved.getByText('Correspondance enregistrée : 7 champs reliés.').waitFor();
  assert.deepEqual(await choices(), expectedChoices);
  // The saved choices, not suggestions; the options shown are the attributes the API names.
  assert.equal(await page.locator('.tag.suggestion').count(), 0);
  assert.equal(await page.locator('.suggestion-note').count(), 0);
  assert.match((await page.locator('#map-first_name option:checked').textContent()) ?? '', /^First Name \(MMD_PER_NAM\)$/);
  assert.match((await page.locator('#map-phone_number option:checked').textContent()) ?? '', /^Phone Number \(sans code, /);
  assert.equal(await page.locator('#map-health_center option:checked').textContent(), 'Unité d’organisation de l’inscription');
  assert.equal(await page.locator('#map-zone option:checked').textContent(), 'Unité parente');
  // When it was saved, and nothing left unmapped.
  assert.equal(await saved.getByTestId('saved-at').textContent(), `Enregistrée le ${formatDateTime(back.updated_at)}.`);
  await saved.getByText('Tous les champs principaux sont reliés.').waitFor();
  assert.equal(await saved.locator('.tag').count(), 0);
  assert.equal(await page.getByTestId('unsaved').count(), 0);
  await shot('readback-mapping-prefilled-fr');
  await language('EN');
  await saved.getByText('Mapping saved: 7 fields mapped.').waitFor();
  assert.equal(await saved.getByTestId('saved-at').textContent(), `Saved on ${formatDateTime(back.updated_at)}.`);
  await shot('readback-mapping-prefilled-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

test('Mapping: unsaved changes are kept across screens and can be undone; a saved change reads back with what is left unmapped', async () => {
  await go('mapping');
  await page.getByTestId('mapping-saved').waitFor();
  await page.getByLabel('Zone', { exact: true }).selectOption('');
  await page.getByTestId('unsaved').waitFor();
  await go('sync');
  await go('mapping');
  await page.getByTestId('mapping-saved').getByText('7 champs reliés').waitFor();
  assert.equal(await choice('zone'), '', 'the unsaved choice is kept for the session');
  await page.getByTestId('unsaved').waitFor();
  await shot('readback-mapping-unsaved-fr');
  await page.getByRole('button', { name: 'Revenir à la correspondance enregistrée' }).click();
  assert.equal(await choice('zone'), 'ou:parent');
  assert.equal(await page.getByTestId('unsaved').count(), 0);

  // Saved without the zone: the panel and a fresh page both show it as not mapped.
  await page.getByLabel('Zone', { exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Enregistrer la correspondance' }).click();
  await page.getByTestId('mapping-saved-now').waitFor();
  const saved = page.getByTestId('mapping-saved');
  await saved.getByText('6 champs reliés').waitFor();
  assert.deepEqual(await saved.locator('.tag').allTextContents(), ['Zone']);
  assert.equal(await page.getByTestId('unsaved').count(), 0);
  const back = (await api(`/dhis2/mapping?programme_uid=${programme}`)).body;
  assert.deepEqual(back.unmapped_card_fields, ['zone']);

  await reopen('mapping');
  await saved.getByText('Correspondance enregistrée : 6 champs reliés.').waitFor();
  assert.deepEqual(await saved.locator('.tag').allTextContents(), ['Zone']);
  assert.equal(await saved.getByTestId('saved-at').textContent(), `Enregistrée le ${formatDateTime(back.updated_at)}.`);
  assert.equal(await choice('zone'), '');
  assert.equal(await choice('health_center'), 'ou:enrollment');
  assert.equal(await choice('first_name'), `attr:${back.mappings[0].dhis2_attribute_uid}`);
  await shot('readback-mapping-unmapped-fr');
  assert.deepEqual(errors, []);
});

test('Sync: a saved schedule fills the form again after a reload, with the next sync time', async () => {
  await reopen('sync');
  const card = page.locator(`article[data-programme="${programme}"]`);
  await card.waitFor();
  // Nothing saved yet: the defaults, off, not scheduled.
  await card.getByTestId('next-sync').getByText('non planifiée').waitFor();
  assert.equal(await card.getByLabel('Fréquence').inputValue(), '30');
  assert.equal(await card.getByTestId('schedule-enabled').isChecked(), false);
  assert.equal(await card.getByTestId('schedule-auto-generate').isChecked(), false);

  await card.getByLabel('Fréquence').selectOption('60');
  await card.getByLabel('Activée').check();
  await card.getByTestId('schedule-unsaved').waitFor();
  await card.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await card.getByText('Planning enregistré.').waitFor();
  assert.equal(await card.getByTestId('schedule-unsaved').count(), 0);
  const status = (await api('/dhis2/sync-status')).body.programmes.find((p: any) => p.programme_uid === programme);
  assert.equal(status.interval_minutes, 60);
  assert.equal(status.enabled, true);
  assert.equal(status.auto_generate_cards, false);
  assert.ok(status.next_sync, 'a next sync is due');

  // Another programme's schedule saved through the API: every 3 hours, off, cards generated.
  const second = await api('/dhis2/sync-schedule', { programme_uid: other, interval_minutes: 180, enabled: false, auto_generate_cards: true });
  assert.equal(second.status, 200, JSON.stringify(second.body));

  await reopen('sync');
  await card.waitFor();
  await card.getByTestId('next-sync').getByText(formatDateTime(status.next_sync), { exact: true }).waitFor();
  assert.match((await card.getByTestId('next-sync').textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  assert.equal(await card.getByLabel('Fréquence').inputValue(), '60');
  assert.equal(await card.getByLabel('Fréquence').locator('option:checked').textContent(), 'toutes les heures');
  assert.equal(await card.getByTestId('schedule-enabled').isChecked(), true);
  assert.equal(await card.getByTestId('schedule-auto-generate').isChecked(), false);
  assert.equal(await card.getByTestId('schedule-unsaved').count(), 0);

  const otherCard = page.locator(`article[data-programme="${other}"]`);
  assert.equal(await otherCard.getByLabel('Fréquence').inputValue(), '180');
  assert.equal(await otherCard.getByTestId('schedule-enabled').isChecked(), false);
  assert.equal(await otherCard.getByTestId('schedule-auto-generate').isChecked(), true);
  await otherCard.getByTestId('next-sync').getByText('non planifiée').waitFor();
  await shot('readback-sync-fr');

  // A sync that ends reloads the status: the form follows what is saved, but keeps an edit not saved yet.
  await otherCard.getByLabel('Fréquence').selectOption('10');
  await otherCard.getByTestId('schedule-unsaved').waitFor();
  const reloaded = page.waitForResponse((r) => r.url().endsWith('/dhis2/sync-status'), { timeout: 60_000 });
  await card.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await card.locator('[data-testid="task"][data-status="completed"]').waitFor({ timeout: 60_000 });
  await reloaded;
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
  assert.equal(await otherCard.getByLabel('Fréquence').inputValue(), '10');
  assert.equal(await card.getByLabel('Fréquence').inputValue(), '60');
  assert.equal(await card.getByTestId('schedule-enabled').isChecked(), true);
  await otherCard.getByTestId('schedule-unsaved').getByText('Modifications non enregistrées.').waitFor();
  await shot('readback-sync-unsaved-fr');
  await otherCard.getByLabel('Fréquence').selectOption('180');
  assert.equal(await otherCard.getByTestId('schedule-unsaved').count(), 0, 'back to the saved value: nothing to save');

  await language('EN');
  await card.getByText('Automatic sync', { exact: true }).waitFor();
  assert.equal(await card.getByLabel('How often').locator('option:checked').textContent(), 'every hour');
  await shot('readback-sync-en');
  await language('FR');
  assert.deepEqual(errors, []);
});
