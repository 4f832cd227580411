import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import jsQR from 'jsqr';
import { referenceMapping, decodePng } from '../helpers/cards';
import { startServe, type Served } from '../helpers/cli';
import { servedApi } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram } from '../sandbox/metadata';
import { createSandbox, sandboxReadOnlyUser, type Sandbox } from '../sandbox/server';

// One MPI ID across two offices: two installations (two data directories, two `serve` processes) on one
// DHIS2 sandbox. Office A cards its people and writes their MPI IDs to DHIS2. A woman A carded comes to
// office B's health centre for her prenatal follow-up: B's sync brings her new enrollment, and B's card
// carries A's MPI ID. B, offline, queues the IDs it gives; back online, it delivers them, is killed in the
// middle, and after a restart has delivered each exactly once, DHIS2 holding what B holds. A read-only
// DHIS2 user is told in plain words, and nothing is lost.

let sandbox: Sandbox;
const served: Served[] = [];
after(async () => {
  for (const s of served) await s.stop('SIGKILL').catch(() => undefined);
  await sandbox?.close();
});

const fast = { OOMUS_WRITEBACK_EVERY_MS: '100', OOMUS_WRITEBACK_RETRY_MS: '100', OOMUS_DHIS2_PAGE_SIZE: '50' };
async function start(dataDir: string, token: string): Promise<Served> {
  const s = await startServe(dataDir, { OOMUS_TOKEN: token, ...fast });
  served.push(s);
  return s;
}
async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const mpiAttribute = (): string => sandbox.population.metadata.attribute.mpiId.id;
const serverValue = (te: string): string | undefined => sandbox.population.trackedEntity(te)?.attributes.find((a) => a.attribute === mpiAttribute())?.value;

test('office B adopts A\'s MPI ID for a person A carded, queues its own while offline, and delivers each once despite a SIGKILL', async (t) => {
  sandbox = await createSandbox({ enrollments: 120 });
  const prenatal = sandbox.population.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== vaccinationProgram)!.id;
  const prenatalMapping = referenceMapping.filter((m) => m.card_field !== 'gender');

  // Office A: vaccination cards, MPI IDs written back.
  const dirA = tempDir();
  let a = await start(dirA, 'office-a-token');
  const A = servedApi(() => a.url, 'office-a-token');
  assert.equal((await A.api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await A.syncProgramme(vaccinationProgram);
  assert.equal((await A.api('/dhis2/assign-codes', { programme_uid: vaccinationProgram, mappings: referenceMapping })).status, 200);
  assert.equal((await A.api('/dhis2/mpi/writeback', { programme_uid: vaccinationProgram, attribute_uid: mpiAttribute(), write: true })).status, 200);
  const generated = await A.api('/dhis2/generate-cards', { programme_uid: vaccinationProgram, template: 'vital', dpi: 300 });
  assert.equal(generated.status, 202);
  await until('A\'s cards', async () => /^completed/.test((await A.api(`/dhis2/tasks/${generated.body.task_id}`)).body.status));
  await until('A\'s writes delivered', async () => {
    const q = (await A.api('/dhis2/mpi/writeback')).body.programmes.find((p: any) => p.programme_uid === vaccinationProgram).queue;
    return q.pending + q.sending === 0 && q.delivered > 50;
  });

  // A woman A carded, not followed for a pregnancy yet, enrolls at another health centre: office B's.
  const carded = sandbox.population.entries(vaccinationProgram).find(({ te, enrollment }) =>
    !te.deleted && !enrollment.deleted && serverValue(te.uid) && te.attributes.some((x) => x.attribute === sandbox.population.metadata.attribute.sex.id && x.value === 'F') &&
    !te.enrollments.some((e) => e.program === prenatal))!;
  assert.ok(carded, 'a woman A carded');
  const aId = serverValue(carded.te.uid)!;
  const centreB = sandbox.population.facilities.find((f) => f.id !== carded.enrollment.orgUnit)!.id;
  const newEnrollment = sandbox.population.enroll(carded.te.uid, prenatal, centreB, new Date());

  // Office B: its own data directory and process; syncs the prenatal programme.
  const dirB = tempDir();
  let b = await start(dirB, 'office-b-token');
  const B = servedApi(() => b.url, 'office-b-token');
  assert.equal((await B.api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await B.syncProgramme(prenatal);
  assert.equal((await B.api('/dhis2/assign-codes', { programme_uid: prenatal, mappings: prenatalMapping })).status, 200);

  // The link goes down. B switches write-back on (DHIS2 cannot be asked: it waits), and cards its people.
  sandbox.setFaults({ dropRate: 1 });
  const writesBefore = sandbox.population.writes.length;
  const on = await B.api('/dhis2/mpi/writeback', { programme_uid: prenatal, attribute_uid: mpiAttribute(), write: true });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  const cardsB = await B.api('/dhis2/generate-cards', { programme_uid: prenatal, template: 'mothercare', dpi: 300 });
  assert.equal(cardsB.status, 202);
  await until('B\'s cards', async () => /^completed/.test((await B.api(`/dhis2/tasks/${cardsB.body.task_id}`)).body.status));

  // B's card for her carries A's MPI ID, read from the QR and verified by B.
  const png = await B.api(`/dhis2/cards/${newEnrollment.uid}.png`);
  assert.equal(png.status, 200);
  const image = decodePng(new Uint8Array(png.body));
  const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)!.data;
  const verified = (await B.api('/dhis2/verify', { qr })).body;
  assert.deepEqual([verified.status, verified.card.mpi_id, verified.holder.mpi_id], ['valid', aId, aId], JSON.stringify(verified));

  // Offline: B's own IDs wait in its queue; nothing reached DHIS2.
  const queued = await until('B\'s queue', async () => {
    const q = (await B.api('/dhis2/mpi/writeback')).body.programmes.find((p: any) => p.programme_uid === prenatal).queue;
    return q.pending > 5 ? q : undefined;
  });
  await new Promise((r) => setTimeout(r, 500)); // several rounds of the worker, all offline
  assert.equal(sandbox.population.writes.length, writesBefore);

  // Back online through a slow link; B is killed in the middle of delivering, then started again.
  sandbox.setFaults({ dropRate: 0, latencyMs: 120 });
  await until('a few of B\'s writes', () => sandbox.population.writes.length >= writesBefore + 3);
  await b.stop('SIGKILL');
  const atKill = sandbox.population.writes.length - writesBefore;
  assert.ok(atKill < queued.pending, `killed in the middle (${atKill} of ${queued.pending})`);
  sandbox.setFaults({ latencyMs: 0 });
  b = await start(dirB, 'office-b-token');
  const done = await until('B\'s queue delivered', async () => {
    const q = (await B.api('/dhis2/mpi/writeback')).body.programmes.find((p: any) => p.programme_uid === prenatal).queue;
    return q.pending + q.sending === 0 ? q : undefined;
  });

  // Each write delivered once; DHIS2 holds what B holds; A's IDs untouched; her entity not written by B.
  const byB = sandbox.population.writes.slice(writesBefore);
  const perEntity = new Map<string, number>();
  for (const w of byB) perEntity.set(w.trackedEntity, (perEntity.get(w.trackedEntity) ?? 0) + 1);
  assert.ok([...perEntity.values()].every((n) => n === 1), `one write per entity: ${JSON.stringify([...perEntity].filter(([, n]) => n > 1))}`);
  assert.equal(perEntity.has(carded.te.uid), false, 'her entity already held A\'s ID');
  assert.equal(serverValue(carded.te.uid), aId);
  const rejected = (await B.api(`/dhis2/mpi/writeback/queue?status=rejected&limit=500`)).body.items as any[];
  const local = (await B.api(`/dhis2/mpi/writeback/queue?limit=500&programme_uid=${prenatal}`)).body.items as any[];
  for (const row of local) {
    if (row.status === 'rejected') continue;
    assert.equal(serverValue(row.tracked_entity_uid), row.value, `${row.tracked_entity_uid} ${row.status}`);
  }
  for (const row of rejected) assert.match(row.dhis2_message, /registered twice|holds|UID/);
  assert.equal(done.delivered, local.filter((r) => r.status === 'delivered').length);
  assert.ok(byB.length >= 5);
  t.diagnostic(JSON.stringify({ queued_offline: queued.pending, written_before_kill: atKill, written_by_b: byB.length, delivered: done.delivered, rejected: done.rejected }));
  await a.stop();
  a = undefined as never;
});

test('a read-only DHIS2 user switching write-back on hears in plain words that DHIS2 refused, and it stays off with nothing lost', async () => {
  sandbox.clearFaults();
  const dir = tempDir();
  const c = await start(dir, 'office-c-token');
  const C = servedApi(() => c.url, 'office-c-token');
  assert.equal((await C.api('/dhis2/config', { url: sandbox.url, ...sandboxReadOnlyUser })).status, 200);
  await C.syncProgramme(vaccinationProgram);
  const refused = await C.api('/dhis2/mpi/writeback', { programme_uid: vaccinationProgram, attribute_uid: mpiAttribute(), write: true });
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /DHIS2 refused to write .*oomus_readonly.*\(E1003\).*nothing is lost/s);
  const programme = (await C.api('/dhis2/mpi/writeback')).body.programmes.find((p: any) => p.programme_uid === vaccinationProgram);
  assert.deepEqual([programme.write, programme.refused.code, programme.attribute_uid], [false, 'E1003', mpiAttribute()]);
  await c.stop();
});
