import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { referenceMapping } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';
import { tempDir } from '../helpers/temp';
import { createSandbox, sandboxReadOnlyUser, type Sandbox } from '../sandbox/server';

// Writing MPI IDs back to DHIS2 and adopting other offices', through the API with real SQLite and the
// sandbox over loopback HTTP: the attribute chosen and checked, every ID delivered once and equal to the
// local one, a later change delivered too, a value DHIS2 refuses kept visible with DHIS2's reason, another
// office's ID adopted (or proposed as a merge, never overwritten), and a read-only user told in plain words.

const P3 = 'P3jJH5Tu5VC';
interface Office { app: App; sandbox: Sandbox; close(): Promise<void> }

async function office(options: { version?: string; user?: { username: string; password: string }; sandbox?: Sandbox; enrollments?: number } = {}): Promise<Office> {
  const sandbox = options.sandbox ?? await createSandbox({ version: options.version ?? '2.41.2', enrollments: options.enrollments ?? 60 });
  const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, renderWorkers: 1, dhis2: { pageSize: 50 } });
  const user = options.user ?? { username: 'admin', password: 'district' };
  assert.equal((await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, ...user })).status, 200);
  await sync(app);
  assert.equal((await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: P3, mappings: referenceMapping })).status, 200);
  return { app, sandbox, close: async () => { await app.close(); if (!options.sandbox) await sandbox.close(); } };
}
async function sync(app: App): Promise<void> {
  const started = await app.dispatch('POST', '/dhis2/sync', { programme_uid: P3 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.equal((await waitForTask(app, (started.body as any).task_id)).status, 'completed');
}
async function generate(app: App): Promise<any> {
  const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: P3, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return waitForTask(app, (started.body as any).task_id, 60_000);
}
const mpiAttribute = (sb: Sandbox): string => sb.population.metadata.attribute.mpiId.id;
/** tracked entity → MPI ID, as this office holds them. */
const localIds = (app: App): Map<string, string> => new Map((app.db.prepare(`SELECT e.tracked_entity_uid AS te, l.mpi_id FROM mpi_links l
  JOIN enrollments e ON e.uid = l.enrollment_uid WHERE e.programme_uid = ?`).all(P3) as { te: string; mpi_id: string }[]).map((r) => [r.te, r.mpi_id]));
const serverIds = (sb: Sandbox): Map<string, string> => new Map(sb.population.trackedEntities.flatMap((te) => {
  const v = te.attributes.find((a) => a.attribute === mpiAttribute(sb))?.value;
  return v && !te.deleted ? [[te.uid, v] as [string, string]] : [];
}));
/**
 * DHIS2 holds each entity's local MPI ID, except where the person is registered twice in DHIS2 (two tracked
 * entities, one person here): the unique attribute takes the ID once, and the other write is refused with
 * E1064, visible, naming the twin.
 */
function assertServerHoldsLocal(app: App, sb: Sandbox): void {
  const local = localIds(app);
  const server = serverIds(sb);
  for (const [te, id] of local) {
    if (server.get(te) === id) continue;
    // The sandbox keeps an entity from old data whose UID DHIS2's importer cannot take: refused (400), kept here.
    if (!/^[A-Za-z][A-Za-z0-9]{10}$/.test(te)) {
      const row = app.db.prepare('SELECT status, dhis2_code FROM mpi_writes WHERE tracked_entity_uid = ?').get(te) as any;
      assert.deepEqual([row?.status, row?.dhis2_code], ['rejected', '400'], te);
      continue;
    }
    assert.equal(server.get(te), undefined, `${te}: DHIS2 holds ${server.get(te)}, the office ${id}`);
    const row = app.db.prepare('SELECT status, dhis2_code, dhis2_message FROM mpi_writes WHERE tracked_entity_uid = ?').get(te) as any;
    assert.deepEqual([row?.status, row?.dhis2_code], ['rejected', 'E1064'], `${te} ${JSON.stringify(row)}`);
    const twin = [...local].find(([other, v]) => other !== te && v === id && server.get(other) === id);
    assert.ok(twin, `${te}: another entity of the same person holds ${id}`);
    assert.match(row.dhis2_message, new RegExp(`registered twice in DHIS2.*${twin[0]}|${twin[0]}.*registered twice`));
  }
}
const writesPerEntity = (sb: Sandbox): Map<string, number> => {
  const out = new Map<string, number>();
  for (const w of sb.population.writes) out.set(w.trackedEntity, (out.get(w.trackedEntity) ?? 0) + 1);
  return out;
};

test('the attribute is chosen among the unique TEXT ones; each entity is written once and DHIS2 holds its local MPI ID (a person registered twice: refused, named), and a later change follows', async () => {
  const a = await office();
  try {
    const view = (await a.app.dispatch('GET', '/dhis2/mpi/writeback')).body as any;
    const programme = view.programmes.find((p: any) => p.programme_uid === P3);
    assert.deepEqual([programme.attribute_uid, programme.write], [null, false], 'off by default');
    assert.ok(programme.eligible.some((e: any) => e.uid === mpiAttribute(a.sandbox)));
    assert.ok(programme.eligible.every((e: any) => e.uid !== a.sandbox.population.metadata.attribute.firstName.id), 'first names are not unique');

    const firstName = a.sandbox.population.metadata.attribute.firstName.id;
    const dob = a.sandbox.population.metadata.attribute.dob.id;
    for (const [attribute, words] of [[firstName, /not unique/], [dob, /needs a TEXT attribute/], ['Zz123456789', /is not an attribute/]] as const) {
      const refused = await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: attribute, write: true });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.deepEqual((refused.body as any).error.details.map((d: any) => d.field), ['attribute_uid']);
      assert.match((refused.body as any).error.details[0].problem, words);
    }
    assert.equal((await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: 'Zz123456789', attribute_uid: null, write: false })).status, 404);

    const task = await generate(a.app);
    assert.match(task.status, /^completed/);
    const on = await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(a.sandbox), write: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal((on.body as any).write, true);
    await a.app.dispatch('POST', '/dhis2/mpi/writeback/run'); // waits for the round switching it on started
    const local = localIds(a.app);
    assert.ok(local.size > 40);
    assertServerHoldsLocal(a.app, a.sandbox);
    assert.ok([...writesPerEntity(a.sandbox).values()].every((n) => n === 1), 'one write per tracked entity');
    const counts = ((await a.app.dispatch('GET', '/dhis2/mpi/writeback')).body as any).programmes.find((p: any) => p.programme_uid === P3).queue;
    assert.equal(counts.pending + counts.sending + counts.conflict, 0);
    assert.equal(counts.delivered + counts.rejected, local.size);
    assert.equal(counts.delivered, new Set(serverIds(a.sandbox).keys()).size);
    // Nothing new: a second round writes nothing.
    assert.equal(((await a.app.dispatch('POST', '/dhis2/mpi/writeback/run')).body as any).attempted, 0);

    // A split gives an enrollment a new MPI ID: it goes to DHIS2 too.
    const pair = a.app.db.prepare('SELECT mpi_id, min(enrollment_uid) AS uid FROM mpi_links GROUP BY mpi_id HAVING count(*) >= 2 LIMIT 1').get() as { mpi_id: string; uid: string } | undefined;
    if (pair) {
      const split = await a.app.dispatch('POST', `/dhis2/mpi/enrollments/${pair.uid}/split`, { reason: 'Jumeaux, vérifié au carnet' });
      assert.equal(split.status, 200, JSON.stringify(split.body));
      const writesBefore = a.sandbox.population.writes.length;
      const again = (await a.app.dispatch('POST', '/dhis2/mpi/writeback/run')).body as any;
      // The new ID; and the person's other entity, refused before because this one held the old ID, now takes it.
      assert.ok(again.delivered >= 1 && again.delivered <= 2, JSON.stringify(again));
      assert.equal(a.sandbox.population.writes.length, writesBefore + again.delivered);
      const te = a.app.db.prepare('SELECT tracked_entity_uid FROM enrollments WHERE uid = ?').pluck().get(pair.uid) as string;
      assert.equal(serverIds(a.sandbox).get(te), (split.body as any).mpi_id);
      assertServerHoldsLocal(a.app, a.sandbox);
    }
  } finally {
    await a.close();
  }
});

test('a read-only DHIS2 user: switching writing on is refused in plain words, it stays off, and the IDs wait with nothing lost', async () => {
  const a = await office({ user: sandboxReadOnlyUser });
  try {
    await generate(a.app);
    const refused = await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(a.sandbox), write: true });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    const message = (refused.body as any).error.message as string;
    assert.match(message, /DHIS2 refused to write/);
    assert.match(message, /oomus_readonly/);
    assert.match(message, /E1003/);
    assert.match(message, /nothing is lost/);
    const programme = ((await a.app.dispatch('GET', '/dhis2/mpi/writeback')).body as any).programmes.find((p: any) => p.programme_uid === P3);
    assert.equal(programme.write, false);
    assert.equal(programme.refused.code, 'E1003');
    assert.equal(programme.queue.pending, localIds(a.app).size, 'every ID waits');
    assert.equal(a.sandbox.population.writes.length, 0);
    assert.equal(((await a.app.dispatch('POST', '/dhis2/mpi/writeback/run')).body as any).attempted, 0, 'nothing is tried while off');
  } finally {
    await a.close();
  }
});

test('legacy DHIS2 (2.39): the same IDs go out through PUT /api/trackedEntityInstances, other attributes kept', async () => {
  const a = await office({ version: '2.39.3' });
  try {
    await generate(a.app);
    const before = new Map(a.sandbox.population.trackedEntities.map((te) => [te.uid, te.attributes.filter((x) => x.attribute !== mpiAttribute(a.sandbox)).map((x) => `${x.attribute}=${x.value}`).sort().join('|')]));
    assert.equal((await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(a.sandbox), write: true })).status, 200);
    await a.app.dispatch('POST', '/dhis2/mpi/writeback/run');
    assertServerHoldsLocal(a.app, a.sandbox);
    for (const te of a.sandbox.population.trackedEntities.filter((t) => localIds(a.app).has(t.uid))) {
      assert.equal(te.attributes.filter((x) => x.attribute !== mpiAttribute(a.sandbox)).map((x) => `${x.attribute}=${x.value}`).sort().join('|'), before.get(te.uid), 'the other attributes stay');
    }
  } finally {
    await a.close();
  }
});

test('DHIS2 refuses a value another entity holds (E1064): the write is kept, visible with DHIS2\'s reason, and can be retried', async () => {
  const a = await office();
  try {
    await generate(a.app);
    const ids = [...localIds(a.app)];
    const [te, id] = ids.find(([, v]) => ids.filter(([, w]) => w === v).length === 1)!;
    // Another tracked entity (registered twice in DHIS2, or a clash) holds that ID already.
    const other = a.sandbox.population.trackedEntities.find((t) => !t.deleted && t.uid !== te && !localIds(a.app).has(t.uid))!;
    other.attributes.push({ attribute: mpiAttribute(a.sandbox), value: id, createdAt: other.updatedAt, updatedAt: other.updatedAt, storedBy: 'admin' });
    a.sandbox.population.version++;
    assert.equal((await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(a.sandbox), write: true })).status, 200);
    await a.app.dispatch('POST', '/dhis2/mpi/writeback/run');
    const rejected = ((await a.app.dispatch('GET', '/dhis2/mpi/writeback/queue?status=rejected&limit=500')).body as any).items.filter((r: any) => r.tracked_entity_uid === te);
    assert.equal(rejected.length, 1);
    assert.deepEqual([rejected[0].value, rejected[0].dhis2_code], [id, 'E1064']);
    assert.match(rejected[0].dhis2_message, /Non-unique attribute value/);
    assert.match(rejected[0].dhis2_message, /Another tracked entity in DHIS2 holds/);
    assert.equal(a.app.mpi.store.mpiIdOf((a.app.db.prepare('SELECT uid FROM enrollments WHERE tracked_entity_uid = ?').pluck().get(te)) as string), id, 'kept here');
    // Fixed in DHIS2 (the duplicate removed), then retried: delivered.
    other.attributes = other.attributes.filter((x) => x.attribute !== mpiAttribute(a.sandbox));
    a.sandbox.population.version++;
    assert.deepEqual((await a.app.dispatch('POST', `/dhis2/mpi/writeback/queue/${te}/retry`)).body, { retried: 1 });
    assert.equal(((await a.app.dispatch('POST', '/dhis2/mpi/writeback/run')).body as any).delivered, 1);
    assert.equal(a.sandbox.population.writes.filter((w) => w.trackedEntity === te).length, 1, 'the refused write wrote nothing');
    assert.equal(serverIds(a.sandbox).get(te), id);
    assert.equal((await a.app.dispatch('POST', `/dhis2/mpi/writeback/queue/${te}/retry`)).status, 404);
  } finally {
    await a.close();
  }
});

test('another office\'s IDs: adopted on sync where this office has none; where it gave its own, a merge proposal, and DHIS2\'s value is never overwritten', async () => {
  const sandbox = await createSandbox({ enrollments: 60 });
  const a = await office({ sandbox });
  const b = await office({ sandbox });
  try {
    // B carded everyone before write-back existed; A cards too, and writes first.
    await generate(b.app);
    await generate(a.app);
    const aIds = localIds(a.app);
    const bIds = localIds(b.app);
    assert.equal((await a.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(sandbox), write: true })).status, 200);
    await a.app.dispatch('POST', '/dhis2/mpi/writeback/run');
    assertServerHoldsLocal(a.app, sandbox);
    const held = serverIds(sandbox);

    // B turns write-back on after syncing: every entity it linked disagrees with DHIS2 → proposals, no write.
    await sync(b.app);
    const writes = sandbox.population.writes.length;
    const on = await b.app.dispatch('POST', '/dhis2/mpi/writeback', { programme_uid: P3, attribute_uid: mpiAttribute(sandbox), write: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    await b.app.dispatch('POST', '/dhis2/mpi/writeback/run');
    // B wrote only where DHIS2 held nothing (A's refused duplicates); every ID A wrote is as A wrote it.
    assert.ok(sandbox.population.writes.slice(writes).every((w) => !held.has(w.trackedEntity)), 'B wrote nothing over A\'s IDs');
    for (const [te, id] of held) assert.equal(serverIds(sandbox).get(te), id);
    const proposals = ((await b.app.dispatch('GET', '/dhis2/mpi/review?limit=500')).body as any).items.filter((i: any) => i.origin === 'dhis2');
    assert.ok(proposals.length > 0);
    const item = proposals[0];
    const te = b.app.db.prepare('SELECT tracked_entity_uid FROM enrollments WHERE uid = ?').pluck().get(item.enrollment_uid) as string;
    assert.equal(item.candidate_mpi_id, aIds.get(te));
    assert.notEqual(bIds.get(te), aIds.get(te));

    // "Same person": B's person merges into A's ID; B's old ID answers as an alias; nothing to write.
    const decided = await b.app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'link' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(b.app.mpi.store.mpiIdOf(item.enrollment_uid), aIds.get(te));
    assert.equal(b.app.mpi.store.resolveId(bIds.get(te)!), aIds.get(te));
    const writesBeforeDecision = sandbox.population.writes.length;
    await b.app.dispatch('POST', '/dhis2/mpi/writeback/run');
    assert.ok(sandbox.population.writes.slice(writesBeforeDecision).every((w) => w.trackedEntity !== te), 'DHIS2 already holds it');
    for (const [t, id] of held) assert.equal(serverIds(sandbox).get(t), id);

    // A new enrollment in DHIS2 of a person A carded: B's sync adopts A's ID, and B's card carries it.
    const carded = [...held.keys()][5]!;
    const adoptedTe = sandbox.population.trackedEntity(carded)!;
    b.app.db.prepare('DELETE FROM mpi_links WHERE enrollment_uid IN (SELECT uid FROM enrollments WHERE tracked_entity_uid = ?)').run(carded);
    await sync(b.app);
    const uid = b.app.db.prepare('SELECT uid FROM enrollments WHERE tracked_entity_uid = ?').pluck().get(adoptedTe.uid) as string;
    assert.equal(b.app.mpi.store.mpiIdOf(uid), aIds.get(carded));
    const how = (b.app.db.prepare('SELECT how FROM mpi_links WHERE enrollment_uid = ?').pluck().get(uid)) as string;
    assert.equal(how, 'adopted');
  } finally {
    await b.close();
    await a.close();
    await sandbox.close();
  }
});
