import type { Database } from 'better-sqlite3';
import type { AuditAction, LinkHow, ReviewSort } from '../api/contract/mpi';
import type { AuditEntry, FieldScore, MpiRecord, PersonEnrollment, ReviewAlternative, ReviewItem } from '../api/contract/schemas/mpi';
import { isoSeconds, type Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { newId } from '../ids';
import type { FsModel } from './fs-model';
import { newMpiId } from './mpi-id';

// The Master Patient Index as stored: persons (the identifying fields they were first seen with), the
// link of every resolved enrollment to one person (with the record it was matched on), the review queue
// for uncertain matches, the persons merged into others (aliases), the reviewers' "not the same person",
// and the audit trail of all of it.

export interface ReviewPage { items: ReviewItem[]; total: number; next: string | null }

/** An alternative as stored: its person's record is read from the person when the item is. */
export type StoredAlternative = Omit<ReviewAlternative, 'candidate'>;

export interface MpiStore {
  mpiIdOf(enrollmentUid: string): string | null;
  person(mpiId: string): { mpi_id: string; record: MpiRecord; created_at: string } | undefined;
  /** Every record the index knows: each person's first record and the records linked to it since. */
  allRecords(): { mpiId: string; record: MpiRecord }[];
  /** Creates a person for the record and links the enrollment to it. */
  createPerson(enrollmentUid: string, programmeUid: string, record: MpiRecord, how: LinkHow): string;
  /** Links an enrollment to a known person; the record is kept so later matches see this spelling too. */
  link(enrollmentUid: string, programmeUid: string, mpiId: string, score: number | null, how: LinkHow, record: MpiRecord | null): void;
  pendingReviewOf(enrollmentUid: string): ReviewItem | undefined;
  addReview(item: Omit<ReviewItem, 'review_id' | 'status' | 'created_at' | 'decided_at' | 'candidate' | 'alternatives' | 'origin'> & { alternatives: StoredAlternative[]; origin?: ReviewItem['origin'] }): ReviewItem;
  /** A person with a given MPI ID (one DHIS2 holds, from another office), linked to the enrollment when one is given. */
  createPersonWithId(mpiId: string, record: MpiRecord, link: { enrollmentUid: string; programmeUid: string; how: LinkHow; keepRecord: boolean } | null): void;
  reviews(status: 'pending' | 'decided', limit: number, sort?: ReviewSort, after?: string): ReviewPage;
  review(reviewId: string): ReviewItem;
  markDecided(reviewId: string, status: 'linked' | 'created'): void;
  enrollmentsOf(mpiId: string): PersonEnrollment[];
  counts(): { persons: number; links: number; pending_reviews: number };
  /** The person an MPI ID now stands for: itself, or the survivor it was merged into; null when unknown. */
  resolveId(mpiId: string): string | null;
  aliasesOf(mpiId: string): string[];
  /** Moves every enrollment, pending review and "not the same" of one person to another, and makes the first an alias. */
  mergeInto(from: string, into: string): number;
  /** The persons a reviewer said this enrollment is not. */
  notSameOf(enrollmentUid: string): Set<string>;
  addNotSame(enrollmentUid: string, mpiId: string): void;
  /** Forgets the "not the same person" decisions between two persons (a merge that overrides them). */
  liftNotSame(a: string, b: string): number;
  /** "Not the same person" decisions between any enrollment of one person and the other person. */
  notSameBetween(a: string, b: string): { enrollment_uid: string; mpi_id: string; decided_at: string } | undefined;
  /** The person's shown record: that of its earliest enrollment still linked to it. */
  refreshRecord(mpiId: string): void;
  recordOf(enrollmentUid: string): MpiRecord | null;
  /** The model estimated last from the cache, if any. */
  model(): FsModel | null;
  saveModel(model: FsModel): void;
  audit(entry: { action: AuditAction; enrollmentUid?: string | null; mpiId?: string | null; otherMpiId?: string | null; score?: number | null; reason: string }): void;
  auditTrail(q: { mpiId?: string; enrollmentUid?: string; limit: number; before?: number }): { items: AuditEntry[]; next: number | null };
}

/** A page boundary of the review queue, opaque to clients: the sort it belongs to and the last item's key. */
const cursorOf = (sort: string, key: string | number, id: string): string => Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
function readCursor(after: string, sort: string): [string | number, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort || typeof parsed[2] !== 'string' || !['string', 'number'].includes(typeof parsed[1])) {
    throw new AppError('validation_failed', `after "${after}" is not a next value of this list in this order (${sort})`, [{ field: 'after', problem: 'is not the next value of a page of this list' }]);
  }
  return [parsed[1] as string | number, parsed[2]];
}

interface ReviewRow extends Omit<ReviewItem, 'field_scores' | 'record' | 'candidate' | 'alternatives'> { field_scores: string; record: string; candidate: string; alternatives: string }

export function createMpiStore(db: Database, clock: Clock): MpiStore {
  const now = (): string => isoSeconds(clock.now());
  const personById = db.prepare('SELECT mpi_id, record, created_at FROM mpi_persons WHERE mpi_id = ?');
  const insertPerson = db.prepare('INSERT INTO mpi_persons (mpi_id, record, created_at) VALUES (?, ?, ?)');
  const upsertLink = db.prepare(
    `INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, score, how, record, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(enrollment_uid) DO UPDATE SET mpi_id = excluded.mpi_id, programme_uid = excluded.programme_uid,
       score = excluded.score, how = excluded.how, record = excluded.record, linked_at = excluded.linked_at`,
  );
  const linkOf = db.prepare('SELECT mpi_id FROM mpi_links WHERE enrollment_uid = ?');
  const aliasOf = db.prepare('SELECT mpi_id FROM mpi_aliases WHERE alias_mpi_id = ?').pluck();
  const aliasesOf = db.prepare('SELECT alias_mpi_id FROM mpi_aliases WHERE mpi_id = ? ORDER BY merged_at, alias_mpi_id').pluck();
  const notSameOf = db.prepare('SELECT mpi_id FROM mpi_not_same WHERE enrollment_uid = ?').pluck();
  const insertAudit = db.prepare('INSERT INTO mpi_audit (at, action, enrollment_uid, mpi_id, other_mpi_id, score, reason) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const reviewColumns = `r.review_id, r.enrollment_uid, r.programme_uid, r.candidate_mpi_id, r.score, r.field_scores, r.record,
    p.record AS candidate, r.alternatives, r.origin, r.status, r.created_at, r.decided_at`;
  /** The alternatives as persons are now: a merged one answers as its survivor, once, and never as the candidate. */
  const alternativesOf = (raw: string, candidate: string): ReviewAlternative[] => {
    const out: ReviewAlternative[] = [];
    const shown = new Set([candidate]);
    for (const a of JSON.parse(raw) as StoredAlternative[]) {
      const mpiId = store.resolveId(a.mpi_id);
      const person = mpiId ? store.person(mpiId) : undefined;
      if (!mpiId || !person || shown.has(mpiId)) continue;
      shown.add(mpiId);
      out.push({ mpi_id: mpiId, score: a.score, field_scores: a.field_scores, candidate: person.record });
    }
    return out;
  };
  const toReview = (r: ReviewRow): ReviewItem => ({
    ...r, field_scores: JSON.parse(r.field_scores) as FieldScore[], record: JSON.parse(r.record) as MpiRecord,
    candidate: JSON.parse(r.candidate) as MpiRecord, alternatives: alternativesOf(r.alternatives, r.candidate_mpi_id),
  });
  const store: MpiStore = {
    mpiIdOf: (uid) => (linkOf.get(uid) as { mpi_id: string } | undefined)?.mpi_id ?? null,
    person(mpiId) {
      const row = personById.get(mpiId) as { mpi_id: string; record: string; created_at: string } | undefined;
      return row ? { ...row, record: JSON.parse(row.record) as MpiRecord } : undefined;
    },
    // Every linked enrollment's record, under the person it is linked to now (a split or a merge moves it).
    allRecords: () => (db.prepare('SELECT mpi_id, record FROM mpi_links WHERE record IS NOT NULL ORDER BY linked_at, enrollment_uid').all() as { mpi_id: string; record: string }[])
      .map((r) => ({ mpiId: r.mpi_id, record: JSON.parse(r.record) as MpiRecord })),
    createPerson(enrollmentUid, programmeUid, record, how) {
      for (;;) {
        const mpiId = newMpiId();
        if (personById.get(mpiId)) continue; // 31^8 IDs: a collision is rare, but never reuse one
        insertPerson.run(mpiId, JSON.stringify(record), now());
        upsertLink.run(enrollmentUid, mpiId, programmeUid, null, how, JSON.stringify(record), now());
        return mpiId;
      }
    },
    createPersonWithId(mpiId, record, link) {
      if (!personById.get(mpiId)) insertPerson.run(mpiId, JSON.stringify(record), now());
      if (link) upsertLink.run(link.enrollmentUid, mpiId, link.programmeUid, null, link.how, link.keepRecord ? JSON.stringify(record) : null, now());
    },
    link(enrollmentUid, programmeUid, mpiId, score, how, record) {
      if (!personById.get(mpiId)) throw notFound(`MPI person ${mpiId}`);
      upsertLink.run(enrollmentUid, mpiId, programmeUid, score, how, record ? JSON.stringify(record) : null, now());
    },
    pendingReviewOf(uid) {
      const row = db.prepare(`SELECT ${reviewColumns} FROM mpi_reviews r JOIN mpi_persons p ON p.mpi_id = r.candidate_mpi_id
        WHERE r.enrollment_uid = ? AND r.status = 'pending'`).get(uid) as ReviewRow | undefined;
      return row ? toReview(row) : undefined;
    },
    addReview(item) {
      const id = newId('review');
      db.prepare(`INSERT INTO mpi_reviews (review_id, enrollment_uid, programme_uid, candidate_mpi_id, score, field_scores, record, alternatives, origin, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`).run(
        id, item.enrollment_uid, item.programme_uid, item.candidate_mpi_id, item.score, JSON.stringify(item.field_scores), JSON.stringify(item.record),
        JSON.stringify(item.alternatives), item.origin ?? 'match', now());
      return store.review(id);
    },
    reviews(status, limit, sort = 'probability', after) {
      const where = status === 'pending' ? "r.status = 'pending'" : "r.status != 'pending'";
      // Decided items come latest decision first; pending ones by probability or by age.
      const order = status === 'decided' ? 'decided' : sort;
      const by = {
        probability: { key: 'r.score', cmp: '(r.score < ? OR (r.score = ? AND r.review_id > ?))', sql: 'r.score DESC, r.review_id' },
        oldest: { key: 'r.created_at', cmp: '(r.created_at > ? OR (r.created_at = ? AND r.review_id > ?))', sql: 'r.created_at, r.review_id' },
        decided: { key: 'r.decided_at', cmp: '(r.decided_at < ? OR (r.decided_at = ? AND r.review_id < ?))', sql: 'r.decided_at DESC, r.review_id DESC' },
      }[order];
      const args: (string | number)[] = [];
      let page = '';
      if (after) {
        const [key, id] = readCursor(after, order);
        page = ` AND ${by.cmp}`;
        args.push(key, key, id);
      }
      const rows = db.prepare(`SELECT ${reviewColumns}, ${by.key} AS k FROM mpi_reviews r JOIN mpi_persons p ON p.mpi_id = r.candidate_mpi_id
        WHERE ${where}${page} ORDER BY ${by.sql} LIMIT ?`).all(...args, limit + 1) as (ReviewRow & { k: string | number })[];
      const more = rows.length > limit;
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      const total = (db.prepare(`SELECT count(*) FROM mpi_reviews r WHERE ${where}`).pluck().get() as number);
      return {
        items: shown.map(({ k: _k, ...r }) => toReview(r)),
        total,
        next: more && last ? cursorOf(order, last.k, last.review_id) : null,
      };
    },
    review(reviewId) {
      const row = db.prepare(`SELECT ${reviewColumns} FROM mpi_reviews r JOIN mpi_persons p ON p.mpi_id = r.candidate_mpi_id
        WHERE r.review_id = ?`).get(reviewId) as ReviewRow | undefined;
      if (!row) throw notFound(`Review item ${reviewId}`);
      return toReview(row);
    },
    markDecided(reviewId, status) {
      const done = db.prepare(`UPDATE mpi_reviews SET status = ?, decided_at = ? WHERE review_id = ? AND status = 'pending'`).run(status, now(), reviewId);
      if (done.changes === 0) throw new AppError('conflict', `Review item ${reviewId} was already decided.`);
    },
    enrollmentsOf: (mpiId) => db.prepare(
      'SELECT enrollment_uid, programme_uid, how, score, linked_at FROM mpi_links WHERE mpi_id = ? ORDER BY linked_at, enrollment_uid',
    ).all(mpiId) as ReturnType<MpiStore['enrollmentsOf']>,
    counts: () => db.prepare(`SELECT (SELECT count(*) FROM mpi_persons) - (SELECT count(*) FROM mpi_aliases) AS persons, (SELECT count(*) FROM mpi_links) AS links,
      (SELECT count(*) FROM mpi_reviews WHERE status = 'pending') AS pending_reviews`).get() as ReturnType<MpiStore['counts']>,
    resolveId(mpiId) {
      const survivor = aliasOf.get(mpiId) as string | undefined;
      if (survivor) return survivor;
      return personById.get(mpiId) ? mpiId : null;
    },
    aliasesOf: (mpiId) => aliasesOf.all(mpiId) as string[],
    mergeInto(from, into) {
      const moved = db.prepare('UPDATE mpi_links SET mpi_id = ? WHERE mpi_id = ?').run(into, from).changes;
      db.prepare(`UPDATE mpi_reviews SET candidate_mpi_id = ? WHERE candidate_mpi_id = ? AND status = 'pending'`).run(into, from);
      // Not the merged person is not the survivor either (the survivor now is that person too).
      db.prepare('UPDATE OR IGNORE mpi_not_same SET mpi_id = ? WHERE mpi_id = ?').run(into, from);
      db.prepare('DELETE FROM mpi_not_same WHERE mpi_id = ?').run(from);
      // Aliases of the merged person follow it, so an alias always names a person that is not one itself.
      db.prepare('UPDATE mpi_aliases SET mpi_id = ? WHERE mpi_id = ?').run(into, from);
      db.prepare('INSERT INTO mpi_aliases (alias_mpi_id, mpi_id, merged_at) VALUES (?, ?, ?)').run(from, into, now());
      return moved;
    },
    notSameOf: (uid) => new Set(notSameOf.all(uid) as string[]),
    addNotSame(uid, mpiId) {
      db.prepare('INSERT OR IGNORE INTO mpi_not_same (enrollment_uid, mpi_id, decided_at) VALUES (?, ?, ?)').run(uid, mpiId, now());
    },
    liftNotSame: (a, b) => db.prepare(`DELETE FROM mpi_not_same WHERE (mpi_id = ? AND enrollment_uid IN (SELECT enrollment_uid FROM mpi_links WHERE mpi_id = ?))
        OR (mpi_id = ? AND enrollment_uid IN (SELECT enrollment_uid FROM mpi_links WHERE mpi_id = ?))`).run(a, b, b, a).changes,
    notSameBetween: (a, b) => db.prepare(`SELECT n.enrollment_uid, n.mpi_id, n.decided_at FROM mpi_not_same n JOIN mpi_links l ON l.enrollment_uid = n.enrollment_uid
        WHERE (l.mpi_id = ? AND n.mpi_id = ?) OR (l.mpi_id = ? AND n.mpi_id = ?) LIMIT 1`).get(a, b, b, a) as ReturnType<MpiStore['notSameBetween']>,
    refreshRecord(mpiId) {
      const record = db.prepare('SELECT record FROM mpi_links WHERE mpi_id = ? AND record IS NOT NULL ORDER BY linked_at, enrollment_uid LIMIT 1').pluck().get(mpiId) as string | undefined;
      if (record) db.prepare('UPDATE mpi_persons SET record = ? WHERE mpi_id = ?').run(record, mpiId);
    },
    recordOf(uid) {
      const record = db.prepare('SELECT record FROM mpi_links WHERE enrollment_uid = ?').pluck().get(uid) as string | null | undefined;
      return record ? (JSON.parse(record) as MpiRecord) : null;
    },
    model() {
      const raw = db.prepare('SELECT model FROM mpi_model WHERE id = 1').pluck().get() as string | undefined;
      return raw ? (JSON.parse(raw) as FsModel) : null;
    },
    saveModel(model) {
      db.prepare(`INSERT INTO mpi_model (id, model, records, estimated_at) VALUES (1, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET model = excluded.model, records = excluded.records, estimated_at = excluded.estimated_at`)
        .run(JSON.stringify(model), model.records, model.estimatedAt ?? now());
    },
    audit(e) {
      insertAudit.run(now(), e.action, e.enrollmentUid ?? null, e.mpiId ?? null, e.otherMpiId ?? null, e.score ?? null, e.reason);
    },
    auditTrail(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.mpiId) {
        where.push('(mpi_id = ? OR other_mpi_id = ?)');
        args.push(q.mpiId, q.mpiId);
      }
      if (q.enrollmentUid) {
        where.push('enrollment_uid = ?');
        args.push(q.enrollmentUid);
      }
      if (q.before) {
        where.push('seq < ?');
        args.push(q.before);
      }
      const rows = db.prepare(`SELECT seq, at, action, enrollment_uid, mpi_id, other_mpi_id, score, reason FROM mpi_audit
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`).all(...args, q.limit + 1) as AuditEntry[];
      const items = rows.slice(0, q.limit);
      return { items, next: rows.length > q.limit ? (items.at(-1)?.seq ?? null) : null };
    },
  };
  return store;
}
