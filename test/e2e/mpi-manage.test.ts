import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
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
let dataDir: string;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const { api, syncProgramme } = servedApi(() => served.url, token);

/** A generation of the programme's cards, to its end. */
async function generate(): Promise<void> {
  const started = await api('/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (const until = Date.now() + 120_000; ;) {
    const task = (await api(`/dhis2/tasks/${started.body.task_id}`)).body;
    if (/^completed/.test(task.status)) return;
    assert.ok(Date.now() < until && !['failed', 'cancelled'].includes(task.status), JSON.stringify(task));
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 240 });
  dataDir = tempDir();
  served = await startServe(dataDir, { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  assert.equal((await api('/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping })).status, 200);
  await generate();
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

test('namesakes: a record with only a common name offers every known person of that name, and the reviewer picks one', async () => {
  // In the served data, three persons of one health centre become Fatou Diallo (each with her own date of
  // birth and phone), and a fourth enrollment there Fatou Diallo with nothing else: no field can tell
  // which of the three she is, if any. The engine is stopped meanwhile (its index is read at start).
  await served.stop();
  const db = new Database(join(dataDir, 'oomus.sqlite'));
  let known: string[] = [];
  let bare = '';
  try {
    db.pragma('busy_timeout = 5000');
    const attr = (code: string | null, name?: string): string =>
      (db.prepare('SELECT attribute_uid FROM programme_attributes WHERE programme_uid = ? AND (code = ? OR display_name = ?)').get(programme, code, name ?? null) as { attribute_uid: string }).attribute_uid;
    const [first, last, dob, sex, phone] = [attr('MMD_PER_NAM'), attr('MMD_PER_LST'), attr('MMD_PER_DOB'), attr('MMD_PER_SEX'), attr(null, 'Phone Number')];
    // Enrollments that are the only one of their person, in the health centre that has the most of them.
    const single = db.prepare(`SELECT e.uid, e.org_unit_uid AS ou, l.mpi_id, l.record FROM enrollments e JOIN mpi_links l ON l.enrollment_uid = e.uid
      WHERE e.programme_uid = ? AND (SELECT count(*) FROM mpi_links o WHERE o.mpi_id = l.mpi_id) = 1 ORDER BY e.uid`).all(programme) as { uid: string; ou: string; mpi_id: string; record: string }[];
    const byCentre = new Map<string, typeof single>();
    for (const r of single) byCentre.set(r.ou, [...(byCentre.get(r.ou) ?? []), r]);
    const four = [...byCentre.values()].sort((a, b) => b.length - a.length)[0]?.slice(0, 4) ?? [];
    assert.equal(four.length, 4, 'four single enrollments in one health centre');
    const write = (uid: string, values: Record<string, string | undefined>): void => {
      const row = db.prepare('SELECT coalesce(e.attributes, t.attributes) AS a FROM enrollments e JOIN tracked_entities t ON t.uid = e.tracked_entity_uid WHERE e.uid = ?').get(uid) as { a: string };
      const attrs = { ...JSON.parse(row.a) } as Record<string, string>;
      for (const [k, v] of Object.entries(values)) if (v === undefined) delete attrs[k]; else attrs[k] = v;
      db.prepare('UPDATE enrollments SET attributes = ? WHERE uid = ?').run(JSON.stringify(attrs), uid);
      db.prepare('UPDATE tracked_entities SET attributes = ? WHERE uid = (SELECT tracked_entity_uid FROM enrollments WHERE uid = ?)').run(JSON.stringify(attrs), uid);
    };
    const dates = ['2019-03-04', '2017-11-20', '2021-06-02'];
    four.slice(0, 3).forEach((r, i) => {
      const number = `77123450${i}`;
      write(r.uid, { [first]: 'Fatou', [last]: 'Diallo', [sex]: 'F', [dob]: dates[i], [phone]: number });
      const record = { ...JSON.parse(r.record), firstName: 'Fatou', lastName: 'Diallo', gender: 'female', dateOfBirth: dates[i], phone: number };
      db.prepare('UPDATE mpi_links SET record = ? WHERE enrollment_uid = ?').run(JSON.stringify(record), r.uid);
      db.prepare('UPDATE mpi_persons SET record = ? WHERE mpi_id = ?').run(JSON.stringify(record), r.mpi_id);
    });
    known = four.slice(0, 3).map((r) => r.mpi_id);
    bare = four[3]!.uid;
    write(bare, { [first]: 'Fatou', [last]: 'Diallo', [sex]: 'F', [dob]: undefined, [phone]: undefined });
    db.prepare('DELETE FROM mpi_links WHERE enrollment_uid = ?').run(bare);
    db.prepare('DELETE FROM cards WHERE enrollment_uid = ?').run(bare);
  } finally {
    db.close();
  }
  served = await startServe(dataDir, { OOMUS_TOKEN: token });
  await generate();
  const item = ((await api('/dhis2/mpi/review?status=pending&limit=100')).body.items as any[]).find((i) => i.enrollment_uid === bare);
  assert.ok(item, 'the bare record waits for review');
  const offered: string[] = [item.candidate_mpi_id, ...item.alternatives.map((a: any) => a.mpi_id)];
  for (const id of known) assert.ok(offered.includes(id), `${id} offered among ${offered.join(', ')}`);

  await page.goto(`${served.url}/#/print?tab=review`);
  const card = page.locator(`.review-card[data-review="${item.review_id}"]`);
  await card.waitFor();
  const list = card.getByTestId('alternatives');
  await list.getByText(item.alternatives.length === 1 ? 'Une autre personne connue porte ce nom' : `${item.alternatives.length} autres personnes connues portent ce nom`).waitFor();
  const chosen = item.alternatives.find((a: any) => known.includes(a.mpi_id)).mpi_id as string;
  const row = list.locator(`tr[data-alternative="${chosen}"]`);
  const ddmmyyyy = (iso: string): string => iso.split('-').reverse().join('/');
  const chosenRecord = item.alternatives.find((a: any) => a.mpi_id === chosen).candidate;
  assert.match((await row.innerText()).replace(/\s+/g, ' '), new RegExp(`Fatou Diallo ${chosen}.*${ddmmyyyy(chosenRecord.dateOfBirth)}`));
  await card.getByTestId('decide-new').getByText('Aucune de ces personnes (nouvel identifiant)').waitFor();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'review-namesakes-fr.png') });
  await page.screenshot({ path: join(shots, 'review-namesakes-fr-full.png'), fullPage: true });

  await row.getByRole('button', { name: `Relier Fatou Diallo à la personne ${chosen}` }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal((await api(`/dhis2/mpi/persons/${chosen}`)).body.enrollments.some((e: any) => e.enrollment_uid === bare), true);
  assert.deepEqual(errors, []);
});
