import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../../electron/core/store/database';
import { createPageCommitter, PageCommitError, type PageJob } from '../../../electron/core/sync/page-commit';
import { createSyncStateStore } from '../../../electron/core/sync/sync-state';
import { tempDir } from '../../helpers/temp';

// Pages that had all arrived are written in one transaction with the position after the last: together or not at
// all, never past a short (last) page, and never out of order. Real SQLite, pages as DHIS2 2.41 wraps them.

const P = 'P3jJH5Tu5VC';
const pageSize = 2;
const uid = (prefix: string, n: number): string => `${prefix}${String(n).padStart(10, '0')}`.slice(0, 11);

/** A page of `n` people numbered from `from`, as bytes. */
function page(from: number, n: number): Uint8Array {
  const instances = Array.from({ length: n }, (_, i) => ({
    trackedEntity: uid('T', from + i), orgUnit: 'DiszpKrYNg8', updatedAt: '2026-01-01T00:00:00.000',
    attributes: [{ attribute: 'w75KJ2mc4zz', value: `Person ${from + i}` }],
    enrollments: [{ enrollment: uid('E', from + i), program: P, status: 'ACTIVE', orgUnit: 'DiszpKrYNg8', enrolledAt: '2026-01-02T00:00:00.000' }],
  }));
  return new TextEncoder().encode(JSON.stringify({ page: 1, pageSize, instances }));
}

function setUp() {
  const db = openStore(tempDir('page-commit'));
  const state = createSyncStateStore(db);
  state.beginRun(P, null, '2026-01-05T00:00:00.000', pageSize, '2026-01-05T00:00:00');
  const commit = createPageCommitter(db);
  const job = (first: number, bodies: Uint8Array[]): PageJob => ({ programmeUid: P, page: first, marker: 'run', pageSize, bodies });
  const cached = (): string[] => (db.prepare('SELECT uid FROM enrollments ORDER BY uid').pluck().all() as string[]);
  const position = (): number | null => state.get(P).run_next_page;
  return { db, commit, job, cached, position };
}

test('pages that arrived together are committed together, with the position after the last', () => {
  const { commit, job, cached, position } = setUp();
  const one = commit(job(1, [page(1, 2)]));
  assert.deepEqual(one.pages.map((p) => p.entities), [2]);
  const three = commit(job(2, [page(3, 2), page(5, 2), page(7, 2)]));
  assert.deepEqual(three.pages.map((p) => p.upserted), [2, 2, 2]);
  assert.equal(position(), 5);
  assert.equal(cached().length, 8);
});

test('a short page ends the run: the pages given after it are not written', () => {
  const { commit, job, cached, position } = setUp();
  const done = commit(job(1, [page(1, 2), page(3, 1), page(4, 2)]));
  assert.deepEqual(done.pages.map((p) => p.count), [2, 1]);
  assert.equal(position(), 3);
  assert.deepEqual(cached(), [uid('E', 1), uid('E', 2), uid('E', 3)]);
});

test('a page that is not JSON fails its whole group, named; what was committed before stays', () => {
  const { commit, job, cached, position } = setUp();
  commit(job(1, [page(1, 2)]));
  assert.throws(() => commit(job(2, [page(3, 2), new TextEncoder().encode('<html>proxy login</html>'), page(7, 2)])), (err: unknown) => {
    assert.ok(err instanceof PageCommitError);
    assert.deepEqual(err.failure, { kind: 'not_json', page: 3 });
    return true;
  });
  assert.equal(position(), 2, 'the position stays before the group');
  assert.deepEqual(cached(), [uid('E', 1), uid('E', 2)], 'nothing of the group was written');
});

test('a group that does not start where the position stands is refused, nothing written', () => {
  const { commit, job, cached, position } = setUp();
  assert.throws(() => commit(job(2, [page(3, 2), page(5, 2)])), (err: unknown) => err instanceof PageCommitError && err.failure.kind === 'out_of_order');
  assert.equal(position(), 1);
  assert.deepEqual(cached(), []);
});
