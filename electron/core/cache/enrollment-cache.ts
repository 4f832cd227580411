import type { Database } from 'better-sqlite3';
import type { RemoteTrackedEntity } from '../dhis2/parse';

// Tracked entities and the enrollments of each programme, as DHIS2 last sent them. A page of tracked
// entities is applied in one call, inside the caller's transaction.

/** "2024-03-05T10:12:44.123" or "2024-03-05" → "2024-03-05"; anything else → null. */
export function datePart(value: string | null): string | null {
  const m = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return m?.[1] ?? null;
}

export interface EnrollmentCache {
  /** Upserts the page's tracked entities and their enrollments in this programme; removes deleted ones. */
  applyPage(programmeUid: string, entities: RemoteTrackedEntity[], runMarker: string): { upserted: number; removed: number };
  /** After a full download: drops what the server no longer has (not touched by this run). */
  sweep(programmeUid: string, runMarker: string): number;
  count(programmeUid: string): number;
}

export function createEnrollmentCache(db: Database): EnrollmentCache {
  const upsertTe = db.prepare(
    `INSERT INTO tracked_entities (uid, attributes, updated_at, problems) VALUES (?, ?, ?, ?)
     ON CONFLICT(uid) DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at, problems = excluded.problems`,
  );
  const upsertEnrollment = db.prepare(
    `INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrolled_at, enrollment_date, occurred_at, updated_at, problems, synced_at)
     VALUES (@uid, @programme_uid, @tracked_entity_uid, @org_unit_uid, @status, @enrolled_at, @enrollment_date, @occurred_at, @updated_at, @problems, @synced_at)
     ON CONFLICT(uid) DO UPDATE SET programme_uid = excluded.programme_uid, tracked_entity_uid = excluded.tracked_entity_uid,
       org_unit_uid = excluded.org_unit_uid, status = excluded.status, enrolled_at = excluded.enrolled_at,
       enrollment_date = excluded.enrollment_date, occurred_at = excluded.occurred_at, updated_at = excluded.updated_at,
       problems = excluded.problems, synced_at = excluded.synced_at`,
  );
  const cachedOfEntity = db.prepare('SELECT uid FROM enrollments WHERE tracked_entity_uid = ? AND programme_uid = ?');
  const removeEnrollment = db.prepare('DELETE FROM enrollments WHERE uid = ?');

  return {
    applyPage(programmeUid, entities, runMarker) {
      let upserted = 0;
      let removed = 0;
      for (const te of entities) {
        const live = te.deleted ? [] : te.enrollments.filter((e) => e.programmeUid === programmeUid && !e.deleted);
        upsertTe.run(te.uid, JSON.stringify(te.attributes), te.updatedAt, JSON.stringify(te.problems));
        const keep = new Set(live.map((e) => e.uid));
        // What DHIS2 no longer lists for this person in this programme (deleted, or hard-deleted) goes.
        for (const { uid } of cachedOfEntity.all(te.uid, programmeUid) as { uid: string }[]) {
          if (!keep.has(uid)) removed += removeEnrollment.run(uid).changes;
        }
        for (const e of live) {
          const problems = [...e.problems];
          if (!e.orgUnitUid) problems.push('no org unit');
          upsertEnrollment.run({
            uid: e.uid,
            programme_uid: programmeUid,
            tracked_entity_uid: te.uid,
            org_unit_uid: e.orgUnitUid ?? te.orgUnitUid,
            status: e.status,
            enrolled_at: e.enrolledAt,
            enrollment_date: datePart(e.enrolledAt),
            occurred_at: e.occurredAt,
            updated_at: e.updatedAt,
            problems: JSON.stringify(problems),
            synced_at: runMarker,
          });
          upserted++;
        }
      }
      return { upserted, removed };
    },
    sweep(programmeUid, runMarker) {
      return db.prepare('DELETE FROM enrollments WHERE programme_uid = ? AND synced_at <> ?').run(programmeUid, runMarker).changes;
    },
    count(programmeUid) {
      return (db.prepare('SELECT count(*) AS n FROM enrollments WHERE programme_uid = ?').get(programmeUid) as { n: number }).n;
    },
  };
}
