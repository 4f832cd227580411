import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../../electron/core/clock';
import { createMatchIndex } from '../../../electron/core/mpi/match-index';
import { createMpiService, modelRefresh } from '../../../electron/core/mpi/mpi-service';
import { createMpiStore } from '../../../electron/core/mpi/mpi-store';
import { openStore } from '../../../electron/core/store/database';
import { tempDir } from '../../helpers/temp';
import { labelledSet } from './labelled-set';

// The office's model is estimated from its own records once there are enough, kept in SQLite, used as
// stored after a restart, and estimated again when the records have grown by a quarter.

test('the model is estimated at 1,000 records, stored, reused after a restart, and refreshed as the cache grows', () => {
  const dir = tempDir();
  const db = openStore(dir);
  let now = new Date('2026-12-05T08:00:00Z');
  const clock: Clock = { now: () => now };
  const records = labelledSet(1600, 21).map((r) => r.record);
  const service = () => createMpiService(db, createMpiStore(db, clock), () => createMatchIndex(), { now: () => now });
  const feed = (s: ReturnType<typeof service>, from: number, to: number): void => {
    const resolver = s.resolver();
    db.transaction(() => {
      for (let i = from; i < to; i++) resolver.resolve(`Enr${String(i).padStart(8, '0')}`, 'P', { gender: null, ...records[i] } as never);
    })();
  };
  const stored = () => db.prepare('SELECT records, estimated_at FROM mpi_model').get() as { records: number; estimated_at: string } | undefined;

  const first = service();
  feed(first, 0, modelRefresh.minRecords - 1);
  assert.equal(first.resolver() && stored(), undefined, 'below 1,000 records the prior stands');
  feed(first, modelRefresh.minRecords - 1, 1100);
  first.resolver();
  const estimated = stored();
  assert.ok(estimated, 'estimated once there are enough records');
  assert.equal(estimated.records, first.store.allRecords().length, 'from every record linked (review items wait outside)');

  // A restart: the stored model, not a new estimate.
  now = new Date('2026-12-06T08:00:00Z');
  const second = service();
  feed(second, 1100, 1300);
  assert.deepEqual(stored(), estimated, 'fewer than a quarter more records: kept');
  feed(second, 1300, 1400);
  second.resolver();
  const refreshed = stored();
  assert.equal(refreshed?.records, second.store.allRecords().length);
  assert.ok((refreshed?.records ?? 0) >= estimated.records * modelRefresh.growth);
  assert.equal(refreshed?.estimated_at, '2026-12-06T08:00:00.000Z');
  db.close();
});
