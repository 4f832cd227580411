import type { Database } from 'better-sqlite3';
import type { ReviewDecision } from '../api/contract/mpi';
import type { Decided, Merged, MpiRecord, ReviewItem } from '../api/contract/schemas/mpi';
import { invalid } from '../errors';
import { parseMpiId } from './mpi-id';
import type { MpiStore } from './mpi-store';

// MPI IDs that DHIS2 holds for tracked entities (other offices wrote them): an enrollment not linked here takes
// the ID (adopted: the person made here with it when unknown, the index taught the record); one linked here to
// another person gets a review item of origin "dhis2", whose "link" merges this office's person into the one
// DHIS2 names and whose "new" leaves both apart (DHIS2's value untouched).

export interface Dhis2IdsDeps {
  db: Database;
  store: MpiStore;
  /** Teaches the matching index one more record of a person. */
  add: (mpiId: string, record: MpiRecord) => void;
  merge: (from: string, into: string, reason: string) => Merged;
  heldByDhis2?: (enrollmentUid: string, mpiId: string) => void;
}

/** The record of a person adopted from DHIS2 before this office could read its fields (no mapping yet). */
const emptyRecord: MpiRecord = { firstName: null, lastName: null, dateOfBirth: null, gender: null, phone: null };

export function createDhis2Ids(deps: Dhis2IdsDeps): {
  adopt(enrollmentUid: string, programmeUid: string, dhis2Id: string, record: MpiRecord | null): string;
  propose(enrollmentUid: string, programmeUid: string, dhis2Id: string, record: MpiRecord): boolean;
  decide(item: ReviewItem, decision: ReviewDecision, chosen: string | undefined): Decided;
} {
  const { db, store } = deps;
  return {
    adopt(enrollmentUid, programmeUid, dhis2Id, record) {
      return db.transaction(() => {
        const mpiId = store.resolveId(dhis2Id) ?? dhis2Id;
        const reason = mpiId === dhis2Id
          ? 'the MPI ID DHIS2 holds for its tracked entity (given by another office)'
          : `DHIS2 holds ${dhis2Id}, merged here into ${mpiId}`;
        if (store.person(mpiId)) store.link(enrollmentUid, programmeUid, mpiId, null, 'adopted', record);
        else store.createPersonWithId(mpiId, record ?? emptyRecord, { enrollmentUid, programmeUid, how: 'adopted', keepRecord: record !== null });
        store.audit({ action: 'adopted', enrollmentUid, mpiId, reason });
        if (record) deps.add(mpiId, record);
        deps.heldByDhis2?.(enrollmentUid, dhis2Id);
        return mpiId;
      })();
    },
    propose(enrollmentUid, programmeUid, dhis2Id, record) {
      return db.transaction(() => {
        const candidate = store.resolveId(dhis2Id) ?? dhis2Id;
        if (store.pendingReviewOf(enrollmentUid) || store.notSameOf(enrollmentUid).has(candidate) || store.mpiIdOf(enrollmentUid) === candidate) return false;
        // The person DHIS2 names may be unknown here: it is made, with this enrollment's record (the same tracked entity).
        store.createPersonWithId(candidate, record, null);
        store.addReview({ enrollment_uid: enrollmentUid, programme_uid: programmeUid, candidate_mpi_id: candidate, score: 1, field_scores: [], record, alternatives: [], origin: 'dhis2' });
        return true;
      })();
    },
    decide(item, decision, chosen) {
      if (chosen !== undefined && store.resolveId(parseMpiId(chosen) ?? chosen) !== item.candidate_mpi_id) {
        throw invalid('mpi_id', `${chosen} is not the person review item ${item.review_id} offers (${item.candidate_mpi_id})`);
      }
      const local = store.mpiIdOf(item.enrollment_uid);
      let mpiId: string;
      if (decision === 'link' && local && local !== item.candidate_mpi_id) {
        deps.merge(local, item.candidate_mpi_id, `DHIS2 holds ${item.candidate_mpi_id} for this tracked entity (another office); a reviewer said: the same person (review ${item.review_id})`);
        mpiId = item.candidate_mpi_id;
      } else if (decision === 'link') {
        mpiId = item.candidate_mpi_id;
      } else {
        store.addNotSame(item.enrollment_uid, item.candidate_mpi_id);
        store.audit({ action: 'not_same', enrollmentUid: item.enrollment_uid, mpiId: item.candidate_mpi_id, score: null, reason: `a reviewer said: not the same person as the ID DHIS2 holds (review ${item.review_id}); DHIS2's value is left as it is` });
        mpiId = local ?? item.candidate_mpi_id;
      }
      store.markDecided(item.review_id, decision === 'link' ? 'linked' : 'created');
      return { ...store.review(item.review_id), mpi_id: mpiId };
    },
  };
}
