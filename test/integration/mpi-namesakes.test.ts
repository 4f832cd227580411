import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from '../helpers/temp';

// Namesakes: a record with nothing but a common name (no date, phone or ID) may be any of the persons of
// that name the office knows, and no field tells them apart. The review item offers them all, the reviewer
// picks one (or none), and "not the same person" then holds for every one offered. Real SQLite, the API.

const programme = 'P3jJH5Tu5VC';
const fatou = { firstName: 'Fatou', lastName: 'Diallo', gender: 'female' as const, healthCenter: 'Centre de santé Médina' };
const bare = { ...fatou, dateOfBirth: null, phone: null };

async function withApp(env: NodeJS.ProcessEnv, run: (app: App, known: string[]) => Promise<void>, persons = 4): Promise<void> {
  const app = await createApp({ dataDir: tempDir(), env, logger: silentLogger, background: false, renderWorkers: 1 });
  try {
    const dates = ['2019-03-04', '2017-11-20', '2021-06-02', '2015-01-30', '2012-08-14'].slice(0, persons);
    const known = dates.map((d, i) => app.mpi.store.createPerson(`EnrKnown00${i}`, programme, { ...fatou, dateOfBirth: d, phone: `+22177123450${i}` }, 'created'));
    await run(app, known);
  } finally {
    await app.close();
  }
}
const pending = async (app: App): Promise<any[]> => {
  const res = await app.dispatch('GET', '/dhis2/mpi/review?status=pending&limit=50&sort=probability');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as any).items;
};

test('a name shared by four known persons: one review item offers all four, each with its record and evidence', async () => {
  await withApp({}, async (app, known) => {
    assert.equal(app.mpi.resolver().resolve('EnrBare0001', programme, bare).outcome, 'review');
    const [item, ...rest] = await pending(app);
    assert.equal(rest.length, 0, 'one item, not one per namesake');
    const offered = [item.candidate_mpi_id, ...item.alternatives.map((a: any) => a.mpi_id)];
    assert.deepEqual([...offered].sort(), [...known].sort());
    for (const a of item.alternatives) {
      assert.equal(a.candidate.firstName, 'Fatou');
      assert.ok(a.candidate.dateOfBirth, 'the known person’s own record, to tell them apart');
      assert.ok(a.score > 0 && a.score <= item.score, 'likeliest first');
      assert.ok(a.field_scores.some((f: any) => f.field === 'lastName' && f.level === 'exact'));
    }
  });
});

test('the reviewer links to the namesake they chose; one not offered, or a person with "new", is refused naming mpi_id', async () => {
  await withApp({}, async (app, known) => {
    app.mpi.resolver().resolve('EnrBare0001', programme, bare);
    const [item] = await pending(app);
    const chosen = item.alternatives.at(-1).mpi_id;

    const stranger = app.mpi.store.createPerson('EnrOther001', programme, { firstName: 'Awa', lastName: 'Ndiaye', gender: 'female', dateOfBirth: '2001-01-01', phone: null }, 'created');
    for (const body of [{ decision: 'link', mpi_id: stranger }, { decision: 'new', mpi_id: chosen }, { decision: 'link', mpi_id: 'MPI-NOTANID' }]) {
      const refused = await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, body);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.deepEqual((refused.body as any).error.details.map((d: any) => d.field), ['mpi_id']);
    }
    assert.equal((await pending(app)).length, 1, 'a refused decision leaves the item waiting');

    // Typed as people do: lower case, without the dashes.
    const typed = chosen.toLowerCase().replace(/-/g, '');
    const decided = await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'link', mpi_id: typed });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal((decided.body as any).mpi_id, chosen);
    assert.equal(app.mpi.store.mpiIdOf('EnrBare0001'), chosen);
    assert.ok(known.includes(chosen) && chosen !== item.candidate_mpi_id);
    const audit = app.mpi.store.auditTrail({ enrollmentUid: 'EnrBare0001', limit: 10 }).items;
    assert.match(audit[0]?.reason ?? '', /among 4 persons offered/);
  });
});

test('"not the same person" holds for every person offered: the record becomes a new person and is never proposed to them again', async () => {
  await withApp({}, async (app, known) => {
    app.mpi.resolver().resolve('EnrBare0001', programme, bare);
    const [item] = await pending(app);
    const decided = await app.dispatch('POST', `/dhis2/mpi/review/${item.review_id}`, { decision: 'new' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const mine = (decided.body as any).mpi_id;
    assert.ok(!known.includes(mine));
    assert.deepEqual([...app.mpi.store.notSameOf('EnrBare0001')].sort(), [...known].sort());
  });
});

test('namesakes each too unlikely alone, likely together, make a review item; two of them do not', async () => {
  // With the review threshold at 0.3, each Fatou Diallo (about 0.11) is below it alone.
  await withApp({ OOMUS_MPI_REVIEW_THRESHOLD: '0.3' }, async (app) => {
    assert.equal(app.mpi.resolver().resolve('EnrBare0001', programme, bare).outcome, 'review');
    const [item] = await pending(app);
    assert.ok(item.score < 0.3, `${item.score}`);
    assert.equal(item.alternatives.length, 3);
  });
  await withApp({ OOMUS_MPI_REVIEW_THRESHOLD: '0.3' }, async (app) => {
    assert.equal(app.mpi.resolver().resolve('EnrBare0001', programme, bare).outcome, 'created');
  }, 2);
});

test('an alternative merged into another person since answers as the person it is now, once', async () => {
  await withApp({}, async (app, known) => {
    app.mpi.resolver().resolve('EnrBare0001', programme, bare);
    const [before] = await pending(app);
    const [x, y] = before.alternatives.map((a: any) => a.mpi_id);
    const merged = await app.dispatch('POST', `/dhis2/mpi/persons/${x}/merge`, { into: y, reason: 'Même enfant, vérifié au carnet' });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    const [after] = await pending(app);
    const offered = [after.candidate_mpi_id, ...after.alternatives.map((a: any) => a.mpi_id)];
    assert.ok(!offered.includes(x), 'the merged ID is not offered');
    assert.equal(offered.filter((id: string) => id === y).length, 1);
    assert.equal(offered.length, known.length - 1);
  });
});
