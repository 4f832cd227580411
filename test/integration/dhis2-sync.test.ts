import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../electron/core/clock';
import { cachedSet, waitForTask } from '../helpers/dhis2';
import {
  cachedAttributes, P, pagesOf, quiet, serverAttributes, serverSet, setUp, sortedPagesOf, startSandbox, startSync, startSyncApp, syncOk, syncStatus,
  trackerRequests, waitForProgress,
} from '../helpers/sync';
import { createSandbox } from '../sandbox/server';
import { stamp } from '../sandbox/time';

// The sync against the DHIS2 sandbox on loopback, with real SQLite: every supported version, full then
// incremental, idempotence, one sync per programme, cancellation, and the scheduler on an injected clock.

const prenatal = (sandbox: { population: { programmes: { id: string; name: string; programType: string }[] } }): string =>
  sandbox.population.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== P)?.id ?? '';

/** Every row of the cache tables a sync writes, to prove that a sync with nothing new changes nothing. */
function snapshot(app: Awaited<ReturnType<typeof startSyncApp>>): unknown {
  return {
    enrollments: app.db.prepare('SELECT * FROM enrollments ORDER BY uid').all(),
    trackedEntities: app.db.prepare('SELECT * FROM tracked_entities ORDER BY uid').all(),
  };
}

const versions: [string, { legacy: boolean; orgUnit: string; mode: string }][] = [
  ['2.36.13', { legacy: true, orgUnit: 'ou', mode: 'ouMode' }],
  ['2.39.3', { legacy: true, orgUnit: 'ou', mode: 'ouMode' }],
  ['2.40.5', { legacy: false, orgUnit: 'orgUnit', mode: 'ouMode' }],
  ['2.41.2', { legacy: false, orgUnit: 'orgUnits', mode: 'orgUnitMode' }],
  ['2.42.1', { legacy: false, orgUnit: 'orgUnits', mode: 'orgUnitMode' }],
];

for (const [version, dialect] of versions) {
  test(`DHIS2 ${version}: a full sync, then only the changes, ends exactly with the server's enrollments`, async () => {
    let now = Date.parse('2026-05-15T09:00:00.000Z');
    const { sandbox, app } = await setUp({ version, enrollments: 400, clock: () => new Date(now) });
    const path = dialect.legacy ? '/api/trackedEntityInstances' : '/api/tracker/trackedEntities';
    const updatedParam = dialect.legacy ? 'lastUpdatedStartDate' : 'updatedAfter';

    // Full sync.
    const started = await startSync(app);
    assert.match(started.task_id, /^task_sync_/);
    assert.equal(started.programme_uid, P);
    assert.equal(started.full, false);
    const first = await waitForTask(app, started.task_id);
    assert.equal(first.status, 'completed', JSON.stringify(first.errors));
    assert.equal(first.progress, 100);
    const expected = serverSet(sandbox);
    assert.equal(expected.length, 400);
    assert.deepEqual(cachedSet(app, P), expected);
    assert.deepEqual(cachedAttributes(app), serverAttributes(sandbox));
    assert.equal(first.details.enrollments_synced, 400);
    assert.equal(first.details.tracked_entities_done, first.details.tracked_entities_total);

    const full = trackerRequests(sandbox);
    assert.ok(full.length >= 8);
    assert.ok(full.every((r) => r.path === path && r.status === 200), `all pages from ${path}`);
    assert.deepEqual(sortedPagesOf(full), full.map((_, i) => i + 1), 'pages 1, 2, 3 … each once');
    for (const r of full) {
      assert.equal(r.query.program, P);
      assert.equal(r.query.pageSize, '50');
      assert.equal(r.query.includeDeleted, 'true');
      assert.equal(r.query[updatedParam], undefined, 'a first sync asks for everything');
      assert.ok(r.query[dialect.orgUnit], `${dialect.orgUnit} sent`);
      assert.equal(r.query[dialect.mode], 'DESCENDANTS');
    }

    // Programmes (tracker ones only) and the org-unit tree are cached.
    const programmes = (await app.dispatch('GET', '/dhis2/programmes')).body as any;
    const trackerProgrammes = sandbox.population.programmes.filter((p) => p.programType === 'WITH_REGISTRATION').map((p) => p.id).sort();
    assert.deepEqual(programmes.programmes.map((p: any) => p.uid).sort(), trackerProgrammes);
    assert.equal(programmes.programmes.find((p: any) => p.uid === P).cached_enrollments, 400);
    assert.equal(app.dhis2.metadata.orgUnitCount(), sandbox.population.orgUnits.length);
    const status = await syncStatus(app);
    assert.equal(status.last_error, null);
    assert.equal(status.resumable, false);
    assert.ok(status.last_success_at);

    // Upstream changes, an hour later on the server's clock.
    now += 3_600_000;
    const changes = sandbox.advance({ newEnrollments: 6, updatedAttributes: 5, moved: 4, statusChanged: 4, deleted: 3 });
    now += 30_000; // the next sync starts half a minute later: 10:00:30 on the server
    const mark = sandbox.requests.length;
    const second = await syncOk(app);
    const incremental = trackerRequests(sandbox, mark);
    assert.ok(incremental.length >= 1);
    for (const r of incremental) {
      // The server's own clock at the start of the previous sync (systemInfo.serverDate), not the laptop's.
      assert.equal(r.query[updatedParam], stamp(Date.parse('2026-05-15T09:00:00.000Z')));
      assert.equal(r.query.includeDeleted, 'true');
    }
    assert.equal(second.details.tracked_entities_done, changes.trackedEntities.length, 'only the changed people are downloaded');
    const after = serverSet(sandbox);
    assert.deepEqual(cachedSet(app, P), after);
    assert.deepEqual(cachedAttributes(app), serverAttributes(sandbox));
    const cached = new Set(cachedSet(app, P));
    for (const d of changes.deleted) for (const e of d.enrollments) assert.ok(![...cached].some((c) => c.startsWith(`${e}|`)), `deleted ${e} left the cache`);
    for (const m of changes.moved) assert.ok([...cached].some((c) => c.startsWith(`${m.enrollment}|${m.to}|`)), `moved ${m.enrollment}`);
    for (const s of changes.statusChanged) assert.ok([...cached].some((c) => c.startsWith(`${s.enrollment}|`) && c.endsWith(`|${s.to}`)), `status of ${s.enrollment}`);
    for (const n of changes.newEnrollments) assert.ok([...cached].some((c) => c.startsWith(`${n.enrollment}|`)), `new ${n.enrollment}`);

    // Nothing new upstream: the next sync asks from the second sync's start and changes no row.
    now += 60_000;
    const before = snapshot(app);
    const mark2 = sandbox.requests.length;
    const third = await syncOk(app);
    assert.equal(third.details.tracked_entities_done, 0);
    assert.deepEqual(trackerRequests(sandbox, mark2).map((r) => r.query[updatedParam]), [stamp(Date.parse('2026-05-15T10:00:30.000Z'))]);
    assert.deepEqual(snapshot(app), before);
  });
}

test('"full": true downloads everything again and drops what DHIS2 no longer has; an incremental sync cannot know', async () => {
  const { sandbox, app } = await setUp({ enrollments: 300 });
  await syncOk(app);
  // An enrollment hard-deleted upstream (DHIS2 forgets it: no deleted flag ever comes).
  app.db.prepare(
    `INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrolled_at, enrollment_date, problems, synced_at)
     VALUES ('GoneUpstrm1', ?, 'GoneTrackd1', 'DiszpKrYNg8', 'ACTIVE', '2025-01-01T00:00:00.000', '2025-01-01', '[]', 'old run')`,
  ).run(P);
  await syncOk(app);
  assert.equal(app.dhis2.enrollments.count(P), 301);
  const mark = sandbox.requests.length;
  const full = await syncOk(app, { programme_uid: P, full: true });
  assert.equal(full.details.enrollments_synced, 300);
  assert.ok(trackerRequests(sandbox, mark).every((r) => r.query.updatedAfter === undefined));
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('a person enrolled in two programmes keeps each programme\'s attributes, whatever the sync order', async () => {
  const { sandbox, app } = await setUp({ enrollments: 400 });
  const other = prenatal(sandbox);
  const shared = sandbox.population.activeEnrollments(other).filter((e) => sandbox.population.trackedEntity(e.trackedEntity)?.enrollments.some((x) => x.program === P));
  assert.ok(shared.length > 10, 'the sandbox has women in both programmes');

  await syncOk(app, { programme_uid: other });
  await syncOk(app, { programme_uid: P });
  assert.deepEqual(cachedAttributes(app, other), serverAttributes(sandbox, other));
  assert.deepEqual(cachedAttributes(app, P), serverAttributes(sandbox, P));
  assert.deepEqual(cachedSet(app, other), serverSet(sandbox, other));

  // The preview of the prenatal programme shows its own attribute (gravidity) for a woman also vaccinated.
  const woman = shared[0];
  assert.ok(woman);
  const gravidity = sandbox.population.metadata.attribute.gravidity.id;
  assert.ok(woman.attributes[gravidity]);
  const enrolled = woman.enrolledAt.slice(0, 10);
  const preview = (await app.dispatch('GET', `/dhis2/preview-enrollments?programme_uid=${other}&org_unit=${woman.orgUnit}&from_date=${enrolled}&to_date=${enrolled}&limit=100`)).body as any;
  const row = preview.preview.find((p: any) => p.enrollment_id === woman.enrollment);
  assert.equal(row.attributes.PNC_GRAVIDITE, woman.attributes[gravidity]);

  // The person's own row holds what both programmes show (what an MPI match or a card may look up).
  const person = (uid: string): Record<string, string> =>
    JSON.parse((app.db.prepare('SELECT attributes FROM tracked_entities WHERE uid = ?').get(uid) as { attributes: string }).attributes);
  const union = (te: string): Record<string, string> => Object.assign(
    {}, ...[P, other].flatMap((p) => sandbox.population.activeEnrollments(p).filter((e) => e.trackedEntity === te).map((e) => e.attributes)));
  for (const e of shared) assert.deepEqual(person(e.trackedEntity), union(e.trackedEntity));

  // And an incremental sync of one programme does not take the other's attributes away.
  sandbox.advance({ updatedAttributes: 20 });
  await syncOk(app, { programme_uid: P });
  await syncOk(app, { programme_uid: other });
  await syncOk(app, { programme_uid: P });
  assert.deepEqual(cachedAttributes(app, other), serverAttributes(sandbox, other));
  assert.deepEqual(cachedAttributes(app, P), serverAttributes(sandbox, P));
  for (const e of shared) assert.deepEqual(person(e.trackedEntity), union(e.trackedEntity));
});

test('POST /dhis2/sync without a programme syncs the metadata and every programme synced before', async () => {
  const { sandbox, app } = await setUp({ enrollments: 300 });
  const other = prenatal(sandbox);
  await syncOk(app, { programme_uid: P });
  await syncOk(app, { programme_uid: other });
  sandbox.advance({ newEnrollments: 4, moved: 2, deleted: 2 });
  const all = await syncOk(app, {});
  assert.equal(all.programme_uid, null);
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox, P));
  assert.deepEqual(cachedSet(app, other), serverSet(sandbox, other));
});

test('a second sync of a programme while one runs is a 409; another programme may sync meanwhile', async () => {
  const { sandbox, app } = await setUp({ enrollments: 300, faults: { latencyMs: 25 } });
  const other = prenatal(sandbox);
  const first = await startSync(app);
  const again = await app.dispatch('POST', '/dhis2/sync', { programme_uid: P });
  assert.equal(again.status, 409);
  assert.equal((again.body as any).error.code, 'conflict');
  assert.match((again.body as any).error.message, new RegExp(`sync of ${P} is already running \\(${first.task_id}\\)`));
  const everything = await app.dispatch('POST', '/dhis2/sync', {});
  assert.equal(everything.status, 409);
  assert.equal((await syncStatus(app)).running_task_id, first.task_id);

  const parallel = await startSync(app, { programme_uid: other });
  const [a, b] = await Promise.all([waitForTask(app, first.task_id), waitForTask(app, parallel.task_id)]);
  assert.equal(a.status, 'completed', JSON.stringify(a.errors));
  assert.equal(b.status, 'completed', JSON.stringify(b.errors));
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox, P));
  assert.deepEqual(cachedSet(app, other), serverSet(sandbox, other));
  assert.equal((await syncStatus(app)).running_task_id, null);
  // Once it has ended, the programme can sync again.
  await syncOk(app);
});

test('a cancelled sync keeps its pages; the next one resumes there and ends exact', async () => {
  const { sandbox, app } = await setUp({ enrollments: 400, faults: { latencyMs: 25 } });
  const { task_id } = await startSync(app);
  await waitForProgress(app, task_id, (t) => (t.details.pages_done ?? 0) >= 2);
  const cancel = await app.dispatch('POST', `/dhis2/tasks/${task_id}/cancel`);
  assert.equal(cancel.status, 200);
  const cancelled = await waitForTask(app, task_id);
  assert.equal(cancelled.status, 'cancelled');
  const kept = cachedSet(app, P).length;
  assert.ok(kept >= 100 && kept < 400, `${kept} enrollments kept`);
  assert.equal((await syncStatus(app)).resumable, true);

  await quiet(sandbox);
  const pagesBefore = pagesOf(trackerRequests(sandbox));
  const mark = sandbox.requests.length;
  sandbox.clearFaults();
  const resumed = await syncOk(app);
  const pages = pagesOf(trackerRequests(sandbox, mark));
  assert.ok(!pages.includes(1), `resumed at page ${pages[0]}, after ${pagesBefore.join(',')}`);
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
  // The resumed task still knows the total and reaches it.
  assert.equal(resumed.details.tracked_entities_total, resumed.details.tracked_entities_done);
});

test('the sync runs on the app: the injected clock stamps attempts and successes', async () => {
  const clock: Clock = { now: () => new Date('2026-05-15T09:15:00.000Z') };
  const { app } = await setUp({ enrollments: 100 }, { clock });
  await syncOk(app);
  const status = await syncStatus(app);
  assert.equal(status.last_attempt_at, '2026-05-15T09:15:00Z');
  assert.equal(status.last_success_at, '2026-05-15T09:15:00Z');
});

// ---- The scheduler, driven tick by tick with an injected clock.

test('the scheduler starts a due sync, never two at once for a programme, records a failure and tries again next slot', async () => {
  let now = Date.parse('2026-05-15T09:20:00.000Z');
  const clock: Clock = { now: () => new Date(now) };
  const sandbox = await startSandbox({ enrollments: 300, faults: { latencyMs: 20 } });
  // Retries 1: a request may first meet a pooled keep-alive socket the closed server has just cut.
  const app = await startSyncApp(sandbox, { clock, dhis2: { retries: 1 } });
  await syncOk(app); // the programme is cached
  const port = new URL(sandbox.url).port;

  const saved = await app.dispatch('POST', '/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 10, enabled: true, auto_generate_cards: false });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body, { programme_uid: P, interval_minutes: 10, enabled: true, next_sync: '2026-05-15T09:30:00Z', auto_generate_cards: false });
  assert.deepEqual(app.dhis2.scheduler.tick(), [], 'not due yet');
  now += 9 * 60_000;
  assert.deepEqual(app.dhis2.scheduler.tick(), [], 'still not due');

  now += 60_000; // 09:30: due
  sandbox.advance({ newEnrollments: 3, moved: 2 });
  assert.deepEqual(app.dhis2.scheduler.tick(), [P]);
  const running = app.dhis2.runner.runningTaskOf(P);
  assert.ok(running);
  assert.equal((await syncStatus(app)).next_sync, '2026-05-15T09:40:00Z');
  // Another slot passes while it still runs: no second sync of the programme.
  now += 10 * 60_000;
  assert.deepEqual(app.dhis2.scheduler.tick(), []);
  assert.equal(app.dhis2.runner.runningTaskOf(P), running);
  const manual = await app.dispatch('POST', '/dhis2/sync', { programme_uid: P });
  assert.equal(manual.status, 409);
  const done = await waitForTask(app, running);
  assert.equal(done.status, 'completed', JSON.stringify(done.errors));
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
  const runningTasks = (await app.dispatch('GET', '/dhis2/tasks?kind=sync&status=running')).body as any;
  assert.deepEqual(runningTasks.tasks, []);

  // DHIS2 goes away: the scheduled sync fails, the failure shows, the next slot tries again.
  await sandbox.close();
  now += 10 * 60_000; // 09:50
  assert.deepEqual(app.dhis2.scheduler.tick(), [P]);
  const failed = await waitForTask(app, app.dhis2.runner.runningTaskOf(P) ?? assert.fail('no scheduled sync'));
  assert.equal(failed.status, 'failed');
  const down = await syncStatus(app);
  assert.match(down.last_error, /refused the connection/);
  assert.equal(down.next_sync, '2026-05-15T10:00:00Z');
  assert.deepEqual(app.dhis2.scheduler.tick(), [], 'a failure does not retry before the next slot');

  // Back at the same address (same seed: the same data, plus what changed meanwhile).
  const back = await createSandbox({ version: sandbox.version, enrollments: 300, seed: 11, port: Number(port) });
  try {
    back.advance({ newEnrollments: 3, moved: 2 });
    now += 10 * 60_000; // 10:00
    assert.deepEqual(app.dhis2.scheduler.tick(), [P]);
    const retried = await waitForTask(app, app.dhis2.runner.runningTaskOf(P) ?? assert.fail('no retry'));
    assert.equal(retried.status, 'completed', JSON.stringify(retried.errors));
    assert.deepEqual(cachedSet(app, P), serverSet(back));
    const up = await syncStatus(app);
    assert.equal(up.last_error, null);
    assert.equal(up.last_success_at, '2026-05-15T10:00:00Z');
    assert.equal(up.next_sync, '2026-05-15T10:10:00Z');
  } finally {
    await back.close();
  }

  // Disabled: no next sync, never due.
  const off = await app.dispatch('POST', '/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 60, enabled: false, auto_generate_cards: false });
  assert.equal((off.body as any).next_sync, null);
  now += 24 * 3_600_000;
  assert.deepEqual(app.dhis2.scheduler.tick(), []);
});

test('schedules survive a restart of the app', async () => {
  const clock: Clock = { now: () => new Date('2026-05-15T09:00:00.000Z') };
  const sandbox = await startSandbox({ enrollments: 50 });
  const app = await startSyncApp(sandbox, { clock });
  await syncOk(app);
  await app.dispatch('POST', '/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 180, enabled: true, auto_generate_cards: true });
  const dataDir = app.dataDir;
  await app.close();
  const again = await startSyncApp(null, { clock, dataDir });
  assert.deepEqual(again.dhis2.scheduler.get(P), { programme_uid: P, interval_minutes: 180, enabled: true, next_sync: '2026-05-15T12:00:00Z', auto_generate_cards: true });
});
