import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { App } from '../../electron/core/app';
import { countEnrollments } from '../../electron/core/cache/enrollment-query';
import { parseMpiId } from '../../electron/core/mpi/mpi-id';
import { decodePng, pngPhys, programmeUid, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';

// Card generation end to end against a synced sandbox programme: validation, MPI, PNGs, PDFs, review, cancel.

let app: App;
let close: () => Promise<void>;
const generate = (body: unknown) => app.dispatch('POST', '/dhis2/generate-cards', body);

before(async () => {
  ({ app, close } = await syncedApp({ enrollments: 150 }));
});
after(() => close());

test('generate-cards validates every field and names it', async () => {
  const cases: [unknown, string][] = [
    [{ programme_uid: programmeUid }, 'template'],
    [{ programme_uid: programmeUid, template: 'gold' }, 'template'],
    [{ programme_uid: programmeUid, template: 'vital', dpi: 72 }, 'dpi'],
    [{ programme_uid: programmeUid, template: 'vital', dpi: '300' }, 'dpi'],
    [{ programme_uid: programmeUid, template: 'vital', include_mpi_id: 'yes' }, 'include_mpi_id'],
    [{ programme_uid: 'short', template: 'vital' }, 'programme_uid'],
    [{ programme_uid: programmeUid, template: 'vital', enrollment_filter: { enrollment_date_from: '2026-02-30' } }, 'enrollment_filter.enrollment_date_from'],
    [{ programme_uid: programmeUid, template: 'vital', enrollment_filter: { enrollment_status: 'DONE' } }, 'enrollment_filter.enrollment_status'],
    [{ programme_uid: programmeUid, template: 'vital', enrollment_filter: { org_unit: 'x' } }, 'enrollment_filter.org_unit'],
    [{ programme_uid: programmeUid, template: 'vital', enrollment_filter: { colour: 'red' } }, 'enrollment_filter.colour'],
    [{ programme_uid: programmeUid, template: 'vital', enrollment_filter: { enrollment_date_from: '2026-05-01', enrollment_date_to: '2026-01-01' } }, 'enrollment_filter.enrollment_date_to'],
    [{ programme_uid: programmeUid, template: 'vital', sovereign_config: { font_scale: 1 } }, 'sovereign_config'],
    [{ programme_uid: programmeUid, template: 'sovereign', sovereign_config: { bg_hex: 'navy', max_attrs: 9 } }, 'sovereign_config.bg_hex'],
    [{ programme_uid: programmeUid, template: 'vital', colour: 'red' }, 'colour'],
  ];
  for (const [body, field] of cases) {
    const res = await generate(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    const details = (res.body as any).error.details as { field: string }[];
    assert.ok(details.some((d) => d.field === field), `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
  }
  assert.equal((await generate({ programme_uid: 'Zzzzzzzzzzz', template: 'vital' })).status, 404);
  assert.equal((await generate({ programme_uid: programmeUid, template: 'vital', enrollment_filter: { org_unit: 'Zzzzzzzzzzz' } })).status, 404);
});

test('a programme without a mapping → 409', async () => {
  const bare = await syncedApp({ enrollments: 5, mapped: false });
  try {
    const res = await bare.app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template: 'vital' });
    assert.equal(res.status, 409);
    assert.match((res.body as any).error.message, /no card mapping/);
  } finally {
    await bare.close();
  }
});

test('estimated_cards is the exact count of cached enrollments matching the filter', async () => {
  const unit = (app.db.prepare('SELECT uid, path FROM org_units WHERE level = 2 LIMIT 1').get() as { uid: string; path: string });
  const filter = { enrollment_date_from: '2020-01-01', org_unit: unit.uid, enrollment_status: 'ACTIVE' as const };
  const expected = countEnrollments(app.db, { programmeUid, fromDate: '2020-01-01', orgUnitPath: unit.path, status: 'ACTIVE' });
  const res = await generate({ programme_uid: programmeUid, template: 'pulse', enrollment_filter: filter });
  assert.equal(res.status, 202);
  const body = res.body as any;
  assert.equal(body.estimated_cards, expected);
  assert.equal(body.status, 'pending');
  assert.match(body.task_id, /^task_/);
  const task = await waitForTask(app, body.task_id, 60_000);
  assert.equal(task.total_cards, expected);
});

test('a full generation: an MPI ID per enrollment, one PNG each, both PDFs, and the task tells what happened', async () => {
  const total = countEnrollments(app.db, { programmeUid });
  const res = await generate({ programme_uid: programmeUid, template: 'vital', dpi: 300 });
  assert.equal(res.status, 202);
  const taskId = (res.body as any).task_id as string;
  // The API keeps answering while cards are made.
  assert.equal((await app.dispatch('GET', '/health')).status, 200);
  const task = await waitForTask(app, taskId, 120_000);
  assert.ok(['completed', 'completed_with_errors'].includes(task.status), JSON.stringify(task));
  for (const key of ['cards_generated', 'total_cards', 'mpi_resolved', 'mpi_created', 'mpi_pending_review', 'started_at', 'finished_at']) {
    assert.ok(key in task, `task has ${key}`);
  }
  assert.equal(task.total_cards, total);
  assert.equal(task.mpi_resolved + task.mpi_created + task.mpi_pending_review + (task.cards_failed ?? 0), total);
  assert.equal(task.cards_generated, total - task.mpi_pending_review - (task.cards_failed ?? 0));
  if (task.mpi_pending_review > 0) {
    assert.equal(task.status, 'completed_with_errors');
    assert.ok(task.errors.some((e: string) => /MPI review/.test(e)), 'waiting enrollments are reported');
  }

  // One PNG per carded enrollment, named after its MPI ID and enrollment.
  const cards = app.db.prepare('SELECT enrollment_uid, file FROM cards WHERE task_id = ?').all(taskId) as { enrollment_uid: string; file: string }[];
  assert.equal(cards.length, task.cards_generated);
  const dir = dirname(cards[0]!.file);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.png')).length, task.cards_generated);
  for (const c of cards.slice(0, 5)) {
    const mpiId = app.mpi.store.mpiIdOf(c.enrollment_uid)!;
    assert.ok(parseMpiId(mpiId), mpiId);
    assert.ok(c.file.endsWith(`${mpiId}_${c.enrollment_uid}.png`), c.file);
    const png = await app.dispatch('GET', `/dhis2/cards/${c.enrollment_uid}.png`);
    assert.equal(png.status, 200);
    assert.equal(decodePng(png.body as Uint8Array).width, 1011);
    assert.equal(pngPhys(png.body as Uint8Array)?.x, Math.round(300 / 0.0254));
  }

  // Print files: ten cards a sheet, one card a page.
  const a4 = await app.dispatch('GET', `/dhis2/tasks/${taskId}/pdf?layout=a4`);
  assert.equal(a4.status, 200);
  assert.equal(a4.contentType, 'application/pdf');
  assert.equal((await PDFDocument.load(a4.body as Uint8Array)).getPageCount(), Math.ceil(task.cards_generated / 10));
  const cr80 = await app.dispatch('GET', `/dhis2/tasks/${taskId}/pdf?layout=cr80`);
  assert.equal((await PDFDocument.load(cr80.body as Uint8Array)).getPageCount(), task.cards_generated);
  assert.equal((await app.dispatch('GET', `/dhis2/tasks/${taskId}/pdf?layout=a5`)).status, 400);

  // The MPI ID shows on the preview rows and the person lists its enrollments.
  const preview = (await app.dispatch('GET', `/dhis2/preview-enrollments?programme_uid=${programmeUid}&limit=5`)).body as any;
  const linked = preview.preview.find((r: any) => r.mpi_id);
  assert.ok(linked, 'preview rows carry mpi_id');
  const person = await app.dispatch('GET', `/dhis2/mpi/persons/${linked.mpi_id}`);
  assert.equal(person.status, 200);
  assert.ok((person.body as any).enrollments.some((e: any) => e.enrollment_uid === linked.enrollment_id));
  assert.equal((await app.dispatch('GET', '/dhis2/mpi/persons/MPI-0000')).status, 400);
  const valid = linked.mpi_id as string;
  const other = [...'23456789ABCDEFGHJKMNPQRSTUVWXYZ'].map((ch) => `MPI-${ch}${valid.slice(5)}`).find((id) => id !== valid && parseMpiId(id) && !app.mpi.store.person(id));
  if (other) assert.equal((await app.dispatch('GET', `/dhis2/mpi/persons/${other}`)).status, 404);
  assert.equal((await app.dispatch('GET', '/dhis2/cards/NoSuchEnrol.png')).status, 404);

  // A second run links everyone to the same persons: no new MPI IDs.
  const before = app.mpi.store.counts().persons;
  const again = await waitForTask(app, ((await generate({ programme_uid: programmeUid, template: 'aero' })).body as any).task_id, 120_000);
  assert.equal(again.mpi_created, 0);
  assert.equal(app.mpi.store.counts().persons, before);
});

test('an uncertain match waits in the review queue, is reported, and gets its card once decided', async () => {
  // B becomes A's namesake (same names and sex) born a day apart (one digit of the date differs) with no
  // phone: perhaps a typo, perhaps another person; a case for a person to decide.
  const attr = (code: string | null, name?: string): string => (app.db.prepare(
    'SELECT attribute_uid FROM programme_attributes WHERE programme_uid = ? AND (code = ? OR display_name = ?)',
  ).get(programmeUid, code, name ?? null) as { attribute_uid: string }).attribute_uid;
  const [first, last, dob, sex, phone] = [attr('MMD_PER_NAM'), attr('MMD_PER_LST'), attr('MMD_PER_DOB'), attr('MMD_PER_SEX'), attr(null, 'Phone Number')];
  const rows = app.db.prepare(`SELECT e.uid, coalesce(e.attributes, t.attributes) AS attributes FROM enrollments e
    JOIN tracked_entities t ON t.uid = e.tracked_entity_uid WHERE e.programme_uid = ? ORDER BY e.uid`).all(programmeUid) as { uid: string; attributes: string }[];
  const dayOf = (v: Record<string, string>): number => Number(/^\d{4}-\d{2}-(\d{2})/.exec(v[dob] ?? '')?.[1] ?? 0);
  const a = rows.find((r) => { const v = JSON.parse(r.attributes); const d = dayOf(v); return v[first] && v[last] && v[sex] && d > 1 && d < 29 && d % 10 !== 0; })!;
  const b = rows.find((r) => r.uid !== a.uid && app.mpi.store.mpiIdOf(r.uid) !== app.mpi.store.mpiIdOf(a.uid))!;
  const av = JSON.parse(a.attributes);
  const day = String(dayOf(av) - 1).padStart(2, '0');
  const bv = { ...JSON.parse(b.attributes), [first]: av[first], [last]: av[last], [sex]: av[sex], [dob]: `${av[dob].slice(0, 8)}${day}` };
  delete bv[phone];
  app.db.prepare('UPDATE enrollments SET attributes = ? WHERE uid = ?').run(JSON.stringify(bv), b.uid);
  app.db.prepare('UPDATE tracked_entities SET attributes = ? WHERE uid = (SELECT tracked_entity_uid FROM enrollments WHERE uid = ?)').run(JSON.stringify(bv), b.uid);
  app.db.prepare('DELETE FROM mpi_links WHERE enrollment_uid = ?').run(b.uid);
  app.db.prepare('DELETE FROM cards WHERE enrollment_uid = ?').run(b.uid);

  const first_ = await waitForTask(app, ((await generate({ programme_uid: programmeUid, template: 'shield' })).body as any).task_id, 120_000);
  assert.equal(first_.status, 'completed_with_errors');
  assert.ok(first_.mpi_pending_review >= 1);
  assert.ok(first_.errors.some((e: string) => /MPI review/.test(e)), 'waiting enrollments are reported');
  assert.equal(first_.cards_generated, first_.total_cards - first_.mpi_pending_review);
  assert.equal((await app.dispatch('GET', `/dhis2/cards/${b.uid}.png`)).status, 404, 'no card while the review waits');

  const queue = ((await app.dispatch('GET', '/dhis2/mpi/review')).body as any).items as any[];
  const item = queue.find((i) => i.enrollment_uid === b.uid);
  assert.ok(item, 'B is in the queue');
  assert.equal(item.candidate_mpi_id, app.mpi.store.mpiIdOf(a.uid));
  for (const key of ['review_id', 'score', 'field_scores', 'record', 'candidate']) assert.ok(key in item);
  assert.ok(item.field_scores.some((f: any) => f.field === 'firstName'), 'the score per field is shown');
  assert.equal((await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'maybe' })).status, 400);
  const decided = await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'link' });
  assert.equal(decided.status, 200);
  assert.equal((decided.body as any).mpi_id, item.candidate_mpi_id);
  assert.equal((await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'new' })).status, 409);
  assert.ok(!((await app.dispatch('GET', '/dhis2/mpi/review')).body as any).items.some((i: any) => i.review_id === item.review_id));

  const after = await waitForTask(app, ((await generate({ programme_uid: programmeUid, template: 'shield' })).body as any).task_id, 120_000);
  assert.equal(after.mpi_pending_review, 0);
  assert.equal((await app.dispatch('GET', `/dhis2/cards/${b.uid}.png`)).status, 200);
  const person = (await app.dispatch('GET', `/dhis2/mpi/persons/${item.candidate_mpi_id}`)).body as any;
  assert.ok(person.enrollments.some((e: any) => e.enrollment_uid === b.uid && e.how === 'reviewed_link'));
});

test('cancel stops the task, keeps the cards already made', async () => {
  const res = await generate({ programme_uid: programmeUid, template: 'emerald', dpi: 600 });
  const taskId = (res.body as any).task_id as string;
  for (let i = 0; ; i++) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${taskId}`)).body as any;
    if (t.status === 'generating' && t.cards_generated >= 3) break;
    assert.ok(i < 3000 && !['completed', 'completed_with_errors', 'failed'].includes(t.status), `never got going: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal((await app.dispatch('POST', `/dhis2/tasks/${taskId}/cancel`)).status, 200);
  const task = await waitForTask(app, taskId, 5000);
  assert.equal(task.status, 'cancelled');
  const files = app.db.prepare(`SELECT file FROM generation_items WHERE task_id = ? AND state = 'rendered'`).all(taskId) as { file: string }[];
  assert.ok(files.length >= 3 && files.length < task.total_cards);
  assert.ok(files.every((f) => existsSync(f.file)));
  assert.equal(task.cards_generated, files.length);
});
