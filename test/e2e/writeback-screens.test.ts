import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createApp, defaultRendererDir, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { launchChromium } from '../helpers/browser';
import { referenceMapping } from '../helpers/cards';
import { projectRoot } from '../helpers/cli';
import { waitForTask } from '../helpers/dhis2';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram as programme } from '../sandbox/metadata';
import { createSandbox, sandboxReadOnlyUser, type Sandbox } from '../sandbox/server';

// One MPI ID across offices, on the screens, in French at 1366 × 768: Settings chooses the attribute and
// switches writing on, the IDs go to DHIS2 and the counts say so; a read-only DHIS2 user sees DHIS2's refusal
// in plain words with writing left off; and the MPI review shows another office's ID as a merge proposal.
const shots = join(projectRoot, 'test-results', 'screens-writeback');
let sandbox: Sandbox;
let browser: Browser;
const apps: App[] = [];
const errors: string[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 60 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const a of apps) await a.close();
  await sandbox?.close();
});

async function office(user: { username: string; password: string }, token: string): Promise<{ app: App; url: string }> {
  const app = await createApp({ dataDir: tempDir(), rendererDir: defaultRendererDir(projectRoot), env: { OOMUS_TOKEN: token }, logger: silentLogger, background: false, renderWorkers: 1 });
  apps.push(app);
  const { url } = await app.listen('127.0.0.1', 0);
  assert.equal((await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, ...user })).status, 200);
  const started = await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme });
  assert.equal((await waitForTask(app, (started.body as any).task_id)).status, 'completed');
  assert.equal((await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping })).status, 200);
  const generated = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
  assert.match((await waitForTask(app, (generated.body as any).task_id, 60_000)).status, /^completed/);
  return { app, url };
}
async function open(url: string, token: string, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  // DHIS2's refusal is a 403 the screen expects; the browser logs every failed fetch.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 403/.test(m.text())) errors.push(m.text()); });
  await page.addInitScript(`localStorage.setItem('oomus.locale', 'fr'); localStorage.setItem('oomus.apiToken', ${JSON.stringify(token)})`);
  await page.goto(`${url}/#/${path}`);
  return page;
}
const mpiAttribute = (): string => sandbox.population.metadata.attribute.mpiId.id;

test('Settings: the attribute chosen, writing on, the IDs in DHIS2 and counted on the screen', async () => {
  const { app, url } = await office({ username: 'admin', password: 'district' }, 'wb-a');
  const page = await open(url, 'wb-a', 'settings');
  const panel = page.locator(`.writeback-programme[data-programme="${programme}"]`);
  await panel.waitFor();
  await panel.getByLabel('Attribut qui porte l’identifiant MPI').selectOption(mpiAttribute());
  await panel.getByLabel('Écrire les identifiants de ce bureau dans DHIS2').check();
  await panel.getByTestId('writeback-save').click();
  await panel.getByText('Enregistré : les identifiants de ce bureau seront écrits dans « Identifiant MPI / MPI ID ».').waitFor();
  await app.dispatch('POST', '/dhis2/mpi/writeback/run');
  await page.getByTestId('writeback-run').click();
  await page.getByText(/^Envoyés : \d+ · en attente : 0 · refusés : \d+$/).waitFor();
  // The counts are read again after the run's answer shows: wait for them rather than read the former ones.
  await panel.getByTestId('writeback-counts').filter({ hasText: /DHIS2\s·\s0\sen attente/ }).waitFor();
  const counts = (await panel.getByTestId('writeback-counts').innerText()).replace(/\s/g, ' ');
  const queue = ((await app.dispatch('GET', '/dhis2/mpi/writeback')).body as any).programmes.find((p: any) => p.programme_uid === programme).queue;
  assert.ok(queue.delivered > 40);
  assert.equal(counts, `${queue.delivered} dans DHIS2 · 0 en attente · ${queue.rejected} refusés · 0 en désaccord avec un autre bureau`);
  // A person registered twice in DHIS2 (the sandbox plants such pairs) is listed with DHIS2's reason in words.
  if (queue.rejected > 0) await page.getByTestId('writeback-problems').getByText('Une autre personne de DHIS2 porte déjà cet identifiant', { exact: false }).first().waitFor();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'settings-writeback-fr.png') });
  await page.screenshot({ path: join(shots, 'settings-writeback-fr-full.png'), fullPage: true });
  await page.close();
  assert.deepEqual(errors, []);
});

test('Settings with a read-only DHIS2 user: DHIS2\'s refusal in plain words, writing left off, the IDs waiting', async () => {
  const { app, url } = await office(sandboxReadOnlyUser, 'wb-c');
  const page = await open(url, 'wb-c', 'settings');
  const panel = page.locator(`.writeback-programme[data-programme="${programme}"]`);
  await panel.getByLabel('Attribut qui porte l’identifiant MPI').selectOption(mpiAttribute());
  await panel.getByLabel('Écrire les identifiants de ce bureau dans DHIS2').check();
  await panel.getByTestId('writeback-save').click();
  const refused = panel.getByTestId('writeback-refused');
  await refused.getByText('DHIS2 a refusé l’écriture').waitFor();
  assert.match(await refused.innerText(), /peut lire mais pas écrire/);
  assert.match(await refused.innerText(), /oomus_readonly/);
  assert.match(await refused.innerText(), /code E1003/);
  assert.equal(await panel.getByLabel('Écrire les identifiants de ce bureau dans DHIS2').isChecked(), false, 'writing stays off');
  const waiting = ((await app.dispatch('GET', '/dhis2/mpi/writeback')).body as any).programmes.find((p: any) => p.programme_uid === programme).queue.pending;
  assert.ok(waiting > 40, 'nothing lost');
  await panel.getByText(new RegExp(`${waiting} en attente`)).waitFor();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'settings-writeback-refused-fr.png') });
  await page.close();
  assert.deepEqual(errors, []);
});

test('the MPI review: DHIS2 holds another office\'s ID for a person linked here; merging under it keeps the old ID as an alias', async () => {
  // Office A (the first test) wrote its IDs; office B carded the same people on its own, then turns write-back on.
  const { app, url } = await office({ username: 'admin', password: 'district' }, 'wb-b');
  const on = await app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: programme, attribute_uid: mpiAttribute(), write: true });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  const items = ((await app.dispatch('GET', '/dhis2/mpi/review?limit=500')).body as any).items.filter((i: any) => i.origin === 'dhis2');
  assert.ok(items.length > 0, 'proposals from DHIS2');
  const item = items[0];
  const before = app.mpi.store.mpiIdOf(item.enrollment_uid)!;
  const page = await open(url, 'wb-b', 'print?tab=review');
  const card = page.locator(`.review-card[data-review="${item.review_id}"]`);
  await card.waitFor();
  await card.getByTestId('review-dhis2-note').getByText(`DHIS2 porte l’identifiant ${item.candidate_mpi_id} pour cette personne`, { exact: false }).waitFor();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'review-dhis2-proposal-fr.png') });
  await card.getByRole('button', { name: `Même personne : fusionner sous ${item.candidate_mpi_id}` }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal(app.mpi.store.mpiIdOf(item.enrollment_uid), item.candidate_mpi_id);
  assert.equal(app.mpi.store.resolveId(before), item.candidate_mpi_id, 'the former ID answers as an alias');
  await page.close();
  assert.deepEqual(errors, []);
});
