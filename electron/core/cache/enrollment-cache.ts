import type { Database } from 'better-sqlite3';
import type { RemoteTrackedEntity } from '../dhis2/parse';

// Tracked entities and the enrollments of each programme, as DHIS2 last sent them. A page of tracked
// entities is applied in one call, inside the caller's transaction.
//
// DHIS2 shows a person's attributes through a programme (the type's attributes and that programme's), so a
// woman in two programmes comes with a different set from each. Each enrollment row keeps the set its own
// programme's sync brought; tracked_entities keeps everything known of the person: this programme's set
// replaces the values of this programme's attributes and of those it sent, and the rest stays.

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
    `INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrolled_at, enrollment_date, occurred_at, updated_at, problems, attributes, synced_at)
     VALUES (@uid, @programme_uid, @tracked_entity_uid, @org_unit_uid, @status, @enrolled_at, @enrollment_date, @occurred_at, @updated_at, @problems, @attributes, @synced_at)
     ON CONFLICT(uid) DO UPDATE SET programme_uid = excluded.programme_uid, tracked_entity_uid = excluded.tracked_entity_uid,
       org_unit_uid = excluded.org_unit_uid, status = excluded.status, enrolled_at = excluded.enrolled_at,
       enrollment_date = excluded.enrollment_date, occurred_at = excluded.occurred_at, updated_at = excluded.updated_at,
       problems = excluded.problems, attributes = excluded.attributes, synced_at = excluded.synced_at`,
  );
  const cachedOfEntity = db.prepare('SELECT uid FROM enrollments WHERE tracked_entity_uid = ? AND programme_uid = ?');
  const knownAttributes = db.prepare('SELECT attributes FROM tracked_entities WHERE uid = ?').pluck();
  const programmeAttributes = db.prepare('SELECT attribute_uid FROM programme_attributes WHERE programme_uid = ?').pluck();
  /** The person's attributes: what this programme sent, over what other programmes sent that is not this programme's. */
  const merged = (te: RemoteTrackedEntity, own: Set<string>, sent: string): string => {
    const before = knownAttributes.get(te.uid) as string | undefined;
    if (!before) return sent; // a person seen for the first time (every one of a first sync): what was sent
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(JSON.parse(before) as Record<string, string>)) if (!own.has(k)) out[k] = v;
    return JSON.stringify(Object.assign(out, te.attributes));
  };
  const removeEnrollment = db.prepare('DELETE FROM enrollments WHERE uid = ?');

  return {
    applyPage(programmeUid, entities, runMarker) {
      let upserted = 0;
      let removed = 0;
      const own = new Set(programmeAttributes.all(programmeUid) as string[]);
      for (const te of entities) {
        const live = te.deleted ? [] : te.enrollments.filter((e) => e.programmeUid === programmeUid && !e.deleted);
        const attributes = JSON.stringify(te.attributes);
        upsertTe.run(te.uid, merged(te, own, attributes), te.updatedAt, JSON.stringify(te.problems));
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
            attributes,
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
