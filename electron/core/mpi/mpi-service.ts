import type { Database } from 'better-sqlite3';
import type { ReviewDecision } from '../api/contract/mpi';
import type { Decided, MpiRecord, Person, ReviewItem } from '../api/contract/schemas/mpi';
import { AppError, notFound } from '../errors';
import type { MpiResolver, ResolveOutcome } from '../generation/generation-runner';
import { parseMpiId } from './mpi-id';
import type { MpiStore } from './mpi-store';
import type { FieldScore } from './score';

// The MPI as the app uses it: the stored index (SQLite) plus the in-memory matching index built from it
// on first use, kept in step as persons are created.

export interface MatchResult {
  decision: 'linked' | 'review' | 'new';
  /** The best candidate, when there is one. */
  mpiId: string | null;
  score: number;
  fields: FieldScore[];
}

export interface MatchIndex {
  add(mpiId: string, record: MpiRecord): void;
  match(record: MpiRecord): MatchResult;
}

export interface MpiService {
  store: MpiStore;
  resolver(): MpiResolver;
  /** The review queue, oldest first: the items waiting for a decision, or those decided. */
  reviews(status: 'pending' | 'decided', limit: number): ReviewItem[];
  decide(reviewId: string, decision: ReviewDecision): Decided;
  personView(mpiId: string): Person;
}

export function createMpiService(db: Database, store: MpiStore, createIndex: () => MatchIndex): MpiService {
  let index: MatchIndex | undefined;
  // Enrollments of one DHIS2 tracked entity (the same person in two programmes) share its MPI ID outright.
  const sameTrackedEntity = db.prepare(`SELECT l.mpi_id FROM enrollments e
      JOIN enrollments o ON o.tracked_entity_uid = e.tracked_entity_uid AND o.uid != e.uid
      JOIN mpi_links l ON l.enrollment_uid = o.uid
    WHERE e.uid = ? LIMIT 1`);
  const loaded = (): MatchIndex => {
    if (!index) {
      index = createIndex();
      for (const p of store.allRecords()) index.add(p.mpiId, p.record);
    }
    return index;
  };
  const createPerson = (enrollmentUid: string, programmeUid: string, record: MpiRecord, how: 'created' | 'reviewed_new'): string => {
    const mpiId = store.createPerson(enrollmentUid, programmeUid, record, how);
    loaded().add(mpiId, record);
    return mpiId;
  };
  return {
    store,
    resolver() {
      const idx = loaded();
      return {
        resolve(enrollmentUid, programmeUid, record): { outcome: ResolveOutcome; mpiId: string | null } {
          const existing = store.mpiIdOf(enrollmentUid);
          if (existing) return { outcome: 'existing', mpiId: existing };
          if (store.pendingReviewOf(enrollmentUid)) return { outcome: 'review', mpiId: null };
          const sibling = (sameTrackedEntity.get(enrollmentUid) as { mpi_id: string } | undefined)?.mpi_id;
          if (sibling) {
            store.link(enrollmentUid, programmeUid, sibling, 1, 'matched', record);
            idx.add(sibling, record);
            return { outcome: 'matched', mpiId: sibling };
          }
          const m = idx.match(record);
          if (m.decision === 'linked' && m.mpiId) {
            store.link(enrollmentUid, programmeUid, m.mpiId, m.score, 'matched', record);
            idx.add(m.mpiId, record);
            return { outcome: 'matched', mpiId: m.mpiId };
          }
          if (m.decision === 'review' && m.mpiId) {
            store.addReview({ enrollment_uid: enrollmentUid, programme_uid: programmeUid, candidate_mpi_id: m.mpiId, score: m.score, field_scores: m.fields, record });
            return { outcome: 'review', mpiId: null };
          }
          return { outcome: 'created', mpiId: createPerson(enrollmentUid, programmeUid, record, 'created') };
        },
      };
    },
    reviews: (status, limit) => store.reviews(status, limit),
    decide(reviewId, decision) {
      return db.transaction(() => {
        const item = store.review(reviewId);
        if (item.status !== 'pending') throw new AppError('conflict', `Review item ${reviewId} was already decided (${item.status}).`);
        let mpiId: string;
        if (decision === 'link') {
          store.link(item.enrollment_uid, item.programme_uid, item.candidate_mpi_id, item.score, 'reviewed_link', item.record);
          loaded().add(item.candidate_mpi_id, item.record);
          mpiId = item.candidate_mpi_id;
        } else {
          mpiId = createPerson(item.enrollment_uid, item.programme_uid, item.record, 'reviewed_new');
        }
        store.markDecided(reviewId, decision === 'link' ? 'linked' : 'created');
        return { ...store.review(reviewId), mpi_id: mpiId };
      })();
    },
    personView(input) {
      const mpiId = parseMpiId(input);
      if (!mpiId) throw new AppError('validation_failed', `mpi_id "${input}" is not an MPI ID (MPI- followed by 9 characters with a valid check character)`, [{ field: 'mpi_id', problem: 'is not a valid MPI ID' }]);
      const person = store.person(mpiId);
      if (!person) throw notFound(`MPI person ${mpiId}`);
      return { ...person, enrollments: store.enrollmentsOf(mpiId) };
    },
  };
}
