import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEnrollmentCache, datePart } from '../../../electron/core/cache/enrollment-cache';
import { countEnrollments, listEnrollments } from '../../../electron/core/cache/enrollment-query';
import { createMetadataCache } from '../../../electron/core/cache/metadata-cache';
import type { RemoteEnrollment, RemoteTrackedEntity } from '../../../electron/core/dhis2/parse';
import { openStore } from '../../../electron/core/store/database';
import { tempDir } from '../../helpers/temp';

const P = 'P3jJH5Tu5VC';
const enr = (uid: string, over: Partial<RemoteEnrollment> = {}): RemoteEnrollment => ({
  uid, programmeUid: P, orgUnitUid: 'DiszpKrYNg8', status: 'ACTIVE', enrolledAt: '2026-01-15T00:00:00.000',
  occurredAt: null, updatedAt: '2026-01-15T10:00:00.000', deleted: false, problems: [], ...over,
});
const te = (uid: string, enrollments: RemoteEnrollment[], over: Partial<RemoteTrackedEntity> = {}): RemoteTrackedEntity => ({
  uid, orgUnitUid: 'DiszpKrYNg8', updatedAt: '2026-01-15T10:00:00.000', deleted: false,
  attributes: { TfdH5KvFmMy: 'Aminata', aW66s2QSosT: 'Diallo' }, enrollments, problems: [], ...over,
});

function setUp() {
  const db = openStore(tempDir());
  const meta = createMetadataCache(db);
  meta.replaceOrgUnits([
    { uid: 'SenegalRoot', name: 'Sénégal', code: null, level: 1, path: '/SenegalRoot', parentUid: null },
    { uid: 'DakarCentre', name: 'Dakar-Centre', code: null, level: 2, path: '/SenegalRoot/DakarCentre', parentUid: 'SenegalRoot' },
    { uid: 'DiszpKrYNg8', name: 'Plateau Health Center', code: null, level: 3, path: '/SenegalRoot/DakarCentre/DiszpKrYNg8', parentUid: 'DakarCentre' },
    { uid: 'ThiesDistri', name: 'Thiès', code: null, level: 2, path: '/SenegalRoot/ThiesDistri', parentUid: 'SenegalRoot' },
  ]);
  return { db, cache: createEnrollmentCache(db) };
}

test('a page upserts; re-applying it is idempotent; only this programme\'s enrollments are kept', () => {
  const { db, cache } = setUp();
  const page = [
    te('TeAAAAAAAA1', [enr('EnAAAAAAAA1'), enr('EnOtherProg', { programmeUid: 'OtherProg01' })]),
    te('TeAAAAAAAA2', [enr('EnAAAAAAAA2', { orgUnitUid: 'ThiesDistri' })]),
  ];
  assert.deepEqual(cache.applyPage(P, page, 'run1'), { upserted: 2, removed: 0 });
  assert.deepEqual(cache.applyPage(P, page, 'run1'), { upserted: 2, removed: 0 });
  assert.equal(cache.count(P), 2);
  assert.equal(cache.count('OtherProg01'), 0);
  const rows = listEnrollments(db, { programmeUid: P }, 10);
  assert.equal(rows.find((r) => r.enrollment_id === 'EnAAAAAAAA1')?.org_unit_name, 'Plateau Health Center');
  assert.equal(rows[0]?.attributes.TfdH5KvFmMy, 'Aminata');
});

test('updates replace the row; moved, deleted and vanished enrollments are handled; sweep drops the untouched', () => {
  const { db, cache } = setUp();
  cache.applyPage(P, [te('TeAAAAAAAA1', [enr('EnAAAAAAAA1'), enr('EnAAAAAAAA3')]), te('TeAAAAAAAA2', [enr('EnAAAAAAAA2')])], 'run1');
  // Moved to Thiès, status changed; EnAAAAAAAA3 no longer listed (hard-deleted upstream).
  const r = cache.applyPage(P, [te('TeAAAAAAAA1', [enr('EnAAAAAAAA1', { orgUnitUid: 'ThiesDistri', status: 'COMPLETED' })], { attributes: { TfdH5KvFmMy: 'Aminatou' } })], 'run2');
  assert.deepEqual(r, { upserted: 1, removed: 1 });
  const one = listEnrollments(db, { programmeUid: P, orgUnitPath: '/SenegalRoot/ThiesDistri' }, 10);
  assert.deepEqual(one.map((e) => [e.enrollment_id, e.status, e.attributes.TfdH5KvFmMy]), [['EnAAAAAAAA1', 'COMPLETED', 'Aminatou']]);
  // Soft-deleted enrollment and soft-deleted tracked entity.
  cache.applyPage(P, [te('TeAAAAAAAA2', [enr('EnAAAAAAAA2', { deleted: true })])], 'run3');
  assert.equal(cache.count(P), 1);
  cache.applyPage(P, [te('TeAAAAAAAA1', [enr('EnAAAAAAAA1')], { deleted: true })], 'run3');
  assert.equal(cache.count(P), 0);

  cache.applyPage(P, [te('TeAAAAAAAA1', [enr('EnAAAAAAAA1')]), te('TeAAAAAAAA2', [enr('EnAAAAAAAA2')])], 'full1');
  cache.applyPage(P, [te('TeAAAAAAAA1', [enr('EnAAAAAAAA1')])], 'full2');
  assert.equal(cache.sweep(P, 'full2'), 1);
  assert.equal(cache.count(P), 1);
});

test('filters: org unit and its descendants, date range, status; counts match lists', () => {
  const { db, cache } = setUp();
  cache.applyPage(P, [
    te('TeAAAAAAAA1', [enr('EnAAAAAAAA1', { enrolledAt: '2026-01-15T00:00:00.000' })]),
    te('TeAAAAAAAA2', [enr('EnAAAAAAAA2', { enrolledAt: '2026-03-01', orgUnitUid: 'ThiesDistri' })]),
    te('TeAAAAAAAA3', [enr('EnAAAAAAAA3', { enrolledAt: '2025-12-31T23:59:59', status: 'CANCELLED' })]),
    te('TeAAAAAAAA4', [enr('EnAAAAAAAA4', { enrolledAt: null })]),
  ], 'run');
  const n = (f: Parameters<typeof countEnrollments>[1]) => countEnrollments(db, f);
  assert.equal(n({ programmeUid: P }), 4);
  assert.equal(n({ programmeUid: P, orgUnitPath: '/SenegalRoot/DakarCentre' }), 3);
  assert.equal(n({ programmeUid: P, orgUnitPath: '/SenegalRoot/DakarCentre/DiszpKrYNg8' }), 3);
  assert.equal(n({ programmeUid: P, orgUnitPath: '/SenegalRoot' }), 4);
  assert.equal(n({ programmeUid: P, fromDate: '2026-01-01', toDate: '2026-01-31' }), 1);
  assert.equal(n({ programmeUid: P, fromDate: '2026-01-01' }), 2);
  assert.equal(n({ programmeUid: P, status: 'CANCELLED' }), 1);
  assert.deepEqual(listEnrollments(db, { programmeUid: P }, 2).map((e) => e.enrollment_id), ['EnAAAAAAAA2', 'EnAAAAAAAA1']);
  assert.equal(datePart('2026-01-15T00:00:00.000'), '2026-01-15');
  assert.equal(datePart('15/01/2026'), null);
});
