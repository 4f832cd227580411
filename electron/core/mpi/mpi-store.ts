import type { Database } from 'better-sqlite3';
import type { LinkHow } from '../api/contract/mpi';
import type { FieldScore, MpiRecord, PersonEnrollment, ReviewItem } from '../api/contract/schemas/mpi';
import { isoSeconds, type Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { newId } from '../ids';
import { newMpiId } from './mpi-id';

// The Master Patient Index as stored: persons (the identifying fields they were first seen with), the
// link of every resolved enrollment to one person, and the review queue for uncertain matches.

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
  addReview(item: Omit<ReviewItem, 'review_id' | 'status' | 'created_at' | 'decided_at' | 'candidate'>): ReviewItem;
  reviews(status: 'pending' | 'decided', limit: number): ReviewItem[];
  review(reviewId: string): ReviewItem;
  markDecided(reviewId: string, status: 'linked' | 'created'): void;
  enrollmentsOf(mpiId: string): PersonEnrollment[];
  counts(): { persons: number; links: number; pending_reviews: number };
}

interface ReviewRow extends Omit<ReviewItem, 'field_scores' | 'record' | 'candidate'> { field_scores: string; record: string; candidate: string }

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
  const reviewColumns = `r.review_id, r.enrollment_uid, r.programme_uid, r.candidate_mpi_id, r.score, r.field_scores, r.record,
    p.record AS candidate, r.status, r.created_at, r.decided_at`;
  const toReview = (r: ReviewRow): ReviewItem => ({
    ...r, field_scores: JSON.parse(r.field_scores) as FieldScore[], record: JSON.parse(r.record) as MpiRecord,
    candidate: JSON.parse(r.candidate) as MpiRecord,
  });
  const store: MpiStore = {
    mpiIdOf: (uid) => (linkOf.get(uid) as { mpi_id: string } | undefined)?.mpi_id ?? null,
    person(mpiId) {
      const row = personById.get(mpiId) as { mpi_id: string; record: string; created_at: string } | undefined;
      return row ? { ...row, record: JSON.parse(row.record) as MpiRecord } : undefined;
    },
    allRecords: () => (db.prepare(`SELECT mpi_id, record FROM mpi_persons
        UNION ALL SELECT mpi_id, record FROM mpi_links WHERE record IS NOT NULL AND how IN ('matched', 'reviewed_link')`).all() as { mpi_id: string; record: string }[])
      .map((r) => ({ mpiId: r.mpi_id, record: JSON.parse(r.record) as MpiRecord })),
    createPerson(enrollmentUid, programmeUid, record, how) {
      for (;;) {
        const mpiId = newMpiId();
        if (personById.get(mpiId)) continue; // 31^8 IDs: a collision is rare, but never reuse one
        insertPerson.run(mpiId, JSON.stringify(record), now());
        upsertLink.run(enrollmentUid, mpiId, programmeUid, null, how, null, now());
        return mpiId;
      }
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
      db.prepare(`INSERT INTO mpi_reviews (review_id, enrollment_uid, programme_uid, candidate_mpi_id, score, field_scores, record, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`).run(
        id, item.enrollment_uid, item.programme_uid, item.candidate_mpi_id, item.score, JSON.stringify(item.field_scores), JSON.stringify(item.record), now());
      return store.review(id);
    },
    reviews(status, limit) {
      const where = status === 'pending' ? "r.status = 'pending'" : "r.status != 'pending'";
      return (db.prepare(`SELECT ${reviewColumns} FROM mpi_reviews r JOIN mpi_persons p ON p.mpi_id = r.candidate_mpi_id
        WHERE ${where} ORDER BY r.created_at, r.review_id LIMIT ?`).all(limit) as ReviewRow[]).map(toReview);
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
    counts: () => db.prepare(`SELECT (SELECT count(*) FROM mpi_persons) AS persons, (SELECT count(*) FROM mpi_links) AS links,
      (SELECT count(*) FROM mpi_reviews WHERE status = 'pending') AS pending_reviews`).get() as ReturnType<MpiStore['counts']>,
  };
  return store;
}
