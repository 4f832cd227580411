import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { referenceMapping } from '../helpers/cards';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { servedApi, signInPage } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram as programme } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// Correcting the patient index from a person's record, in French at 1366 × 768: an enrollment wrongly
// linked is split off (a new MPI ID, its card to be printed again), then merged back after a refusal that
// names the "not the same person" decision, confirmed; the old ID is shown as merged; the history says it all.
const token = 'e2e-mpi-token';
const shots = join(projectRoot, 'test-results', 'screens-mpi');
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const { api, syncProgramme } = servedApi(() => served.url, token);

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 240 });
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  assert.equal((await api('/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping })).status, 200);
  const started = await api('/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (const until = Date.now() + 120_000; ;) {
    const task = (await api(`/dhis2/tasks/${started.body.task_id}`)).body;
    if (/^completed/.test(task.status)) break;
    assert.ok(Date.now() < until && !['failed', 'cancelled'].includes(task.status), JSON.stringify(task));
    await new Promise((r) => setTimeout(r, 200));
  }
  await signInPage(page, served.url, token);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
});

test('split an enrollment off its person, merge it back after the refusal is confirmed, and read the history', async () => {
  // A person with two enrollments: a planted duplicate the generation linked.
  const rows: any[] = [];
  for (let next: string | null = null, first = true; first || next; first = false) {
    const res = await api(`/dhis2/enrollments?programme_uid=${programme}&limit=100${next ? `&after=${next}` : ''}`);
    rows.push(...res.body.items);
    next = res.body.next;
  }
  const shared = rows.find((r) => r.mpi_id && rows.filter((o) => o.mpi_id === r.mpi_id).length >= 2);
  assert.ok(shared, 'a person with two enrollments');
  const mpiId: string = shared.mpi_id;
  await page.goto(`${served.url}/#/enrollments/${shared.enrollment_id}?programme=${programme}`);
  const panel = page.getByTestId('person-mpi-panel');
  await panel.getByTestId('person-manage').waitFor();
  await panel.locator('[data-linked]').nth(1).waitFor();

  // Split: a reason, then the new MPI ID and the card to print again.
  await panel.getByTestId('split-start').click();
  await panel.getByTestId('manage-reason').fill('Jumelles : autre prénom');
  await page.screenshot({ path: join(shots, 'person-split-fr.png') });
  await panel.getByTestId('manage-confirm').click();
  const done = panel.getByTestId('manage-done');
  await done.waitFor();
  const newId = /MPI-[A-Z0-9]{9}/.exec((await done.textContent()) ?? '')?.[0];
  assert.ok(newId && newId !== mpiId, `new MPI ID in "${await done.textContent()}"`);
  assert.match((await done.textContent()) ?? '', /révoquée/);
  assert.equal((await api(`/dhis2/mpi/persons/${newId}`)).body.enrollments[0].enrollment_uid, shared.enrollment_id);
  await panel.locator('[data-action="split"]').first().waitFor();
  assert.match((await panel.getByTestId('mpi-history').textContent()) ?? '', /Jumelles : autre prénom/);

  // Merge the person it was split from into this one: refused (a split says "not the same person"), then confirmed.
  await panel.getByTestId('merge-start').click();
  await panel.getByTestId('merge-other').fill(mpiId.toLowerCase());
  await panel.getByTestId('manage-reason').fill('Vérifié avec la mère : une seule enfant');
  await panel.getByTestId('manage-confirm').click();
  await panel.getByTestId('merge-override').waitFor();
  assert.match((await panel.locator('.error-note, [role="alert"]').first().textContent()) ?? '', /not the same person|pas la même/i);
  await panel.getByTestId('merge-override').check();
  await panel.getByTestId('manage-confirm').click();
  await panel.getByTestId('person-aliases').waitFor();
  assert.match((await panel.getByTestId('person-aliases').textContent()) ?? '', new RegExp(mpiId));
  await panel.locator('[data-action="merge"]').first().waitFor();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'person-merged-fr.png'), fullPage: true });
  // The old ID now answers as this person.
  const viaOld = (await api(`/dhis2/mpi/persons/${mpiId}`)).body;
  assert.deepEqual([viaOld.mpi_id, viaOld.merged_from], [newId, mpiId]);
  assert.deepEqual(errors, []);
});
