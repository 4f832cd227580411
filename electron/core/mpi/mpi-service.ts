import type { Database } from 'better-sqlite3';
import type { ReviewDecision, ReviewSort } from '../api/contract/mpi';
import type { AuditEntry, Decided, Merged, MpiRecord, Person, Split } from '../api/contract/schemas/mpi';
import { AppError, invalid, notFound } from '../errors';
import type { MpiResolver, ResolveOutcome } from '../generation/generation-runner';
import { createDhis2Ids } from './dhis2-ids';
import { parseMpiId } from './mpi-id';
import type { MpiStore, ReviewPage } from './mpi-store';
import type { FsModel } from './fs-model';
import type { FieldScore } from './score';

// The MPI as the app uses it: the stored index (SQLite) plus the in-memory matching index built from it
// on first use, kept in step as persons are created; the review queue and its decisions; and the undoing
// of a link: a split (an enrollment gets a person of its own) or a merge (two persons become one, the
// other MPI ID an alias). Every link, decision, split and merge goes to the audit trail.

export interface MatchResult {
  decision: 'linked' | 'review' | 'new';
  /** The best candidate, when there is one. */
  mpiId: string | null;
  score: number;
  fields: FieldScore[];
  /** Other persons it may be, likeliest first (namesakes): a review item offers them all. */
  alternatives: { mpiId: string; score: number; fields: FieldScore[] }[];
}

export interface MatchIndex {
  add(mpiId: string, record: MpiRecord): void;
  /** `exclude`: persons not to propose (a reviewer said this enrollment is not them). */
  match(record: MpiRecord, exclude?: ReadonlySet<string>): MatchResult;
  /** Records held. */
  readonly size: number;
  /** The model it weighs with, a new one estimated from its records, and setting one. */
  readonly model: FsModel;
  estimate(now: Date): FsModel;
  setModel(model: FsModel): void;
}

/** The model is estimated once the cache holds this many records, and again each time it grows by a quarter. */
export const modelRefresh = { minRecords: 1000, growth: 1.25, checkEvery: 250 } as const;

export interface MpiServiceDeps {
  now?: () => Date;
  /** The MPI ID DHIS2 holds for the enrollment's tracked entity (another office's), as the cache last saw it. */
  dhis2IdOf?: (enrollmentUid: string) => string | null;
  /** DHIS2 holds this MPI ID for the enrollment's tracked entity: nothing to write back for it. */
  heldByDhis2?: (enrollmentUid: string, mpiId: string) => void;
  /** Revokes the enrollment's signed cards (they carry an MPI ID it no longer has); the number revoked. */
  revokeCards?: (enrollmentUid: string, reason: string) => number;
}

export interface MpiService {
  store: MpiStore;
  resolver(): MpiResolver;
  /** The review queue, a page at a time: pending items by probability or age, or those decided. */
  reviews(status: 'pending' | 'decided', limit: number, sort?: ReviewSort, after?: string): ReviewPage;
  /** `chosen`: with "link", the person the reviewer picked among those offered (the likeliest when left out). */
  decide(reviewId: string, decision: ReviewDecision, chosen?: string): Decided;
  personView(mpiId: string): Person;
  split(enrollmentUid: string, reason: string): Split;
  /** `overrideNotSame`: merge even where a reviewer (or a split) said "not the same person"; those decisions are lifted. */
  merge(from: string, into: string, reason: string, overrideNotSame?: boolean): Merged;
  auditTrail(q: { mpiId?: string; enrollmentUid?: string; limit: number; before?: number }): { items: AuditEntry[]; next: number | null };
  /**
   * Links an enrollment to the MPI ID DHIS2 holds for its tracked entity (another office gave it): the
   * person is made here with that ID when unknown, and the index learns the record. Returns the ID linked.
   */
  adopt(enrollmentUid: string, programmeUid: string, mpiId: string, record: MpiRecord | null): string;
  /**
   * DHIS2 holds another MPI ID for an enrollment this office linked already: a review item proposes to merge
   * this office's person into it (never a silent overwrite). False when one is waiting, or was refused.
   */
  proposeFromDhis2(enrollmentUid: string, programmeUid: string, dhis2Id: string, record: MpiRecord): boolean;
}

const percent = (score: number): string => `${Math.round(score * 100)} %`;

export function createMpiService(db: Database, store: MpiStore, createIndex: () => MatchIndex, deps: MpiServiceDeps = {}): MpiService {
  let index: MatchIndex | undefined;
  // Enrollments of one DHIS2 tracked entity (the same person in two programmes) share its MPI ID outright.
  const sameTrackedEntity = db.prepare(`SELECT l.mpi_id FROM enrollments e
      JOIN enrollments o ON o.tracked_entity_uid = e.tracked_entity_uid AND o.uid != e.uid
      JOIN mpi_links l ON l.enrollment_uid = o.uid
    WHERE e.uid = ? LIMIT 1`);
  const enrollmentExists = db.prepare('SELECT 1 FROM enrollments WHERE uid = ?').pluck();
  /** The weights come from this office's own records: estimated once there are enough, again as they grow. */
  const refreshModel = (idx: MatchIndex, stored: FsModel | null): void => {
    if (idx.size >= modelRefresh.minRecords && (!stored || idx.size >= stored.records * modelRefresh.growth)) {
      const model = idx.estimate(deps.now?.() ?? new Date());
      store.saveModel(model);
      idx.setModel(model);
    } else if (stored && idx.model !== stored) idx.setModel(stored);
  };
  const loaded = (): MatchIndex => {
    if (!index) {
      index = createIndex();
      for (const p of store.allRecords()) index.add(p.mpiId, p.record);
      refreshModel(index, store.model());
    }
    return index;
  };
  const createPerson = (enrollmentUid: string, programmeUid: string, record: MpiRecord, how: 'created' | 'reviewed_new' | 'split'): string => {
    const mpiId = store.createPerson(enrollmentUid, programmeUid, record, how);
    loaded().add(mpiId, record);
    return mpiId;
  };
  /** An MPI ID as typed: its person, or the person it was merged into. */
  const personId = (input: string, field: string): { mpiId: string; asked: string } => {
    const asked = parseMpiId(input);
    if (!asked) throw invalid(field, `"${input}" is not an MPI ID (MPI- followed by 9 characters with a valid check character)`);
    const mpiId = store.resolveId(asked);
    if (!mpiId) throw notFound(`MPI person ${asked}`);
    return { mpiId, asked };
  };
  const service: MpiService = {
    store,
    resolver() {
      const idx = loaded();
      // Each run (a generation) starts from weights that follow the records matched since the last estimate.
      refreshModel(idx, idx.model.source === 'estimated' ? idx.model : null);
      let calls = 0;
      return {
        resolve(enrollmentUid, programmeUid, record): { outcome: ResolveOutcome; mpiId: string | null } {
          // A long run (an office's first generation) re-estimates as the index grows past each step, rather
          // than weighing its whole cache with the prior it started from.
          if (++calls % modelRefresh.checkEvery === 0) refreshModel(idx, idx.model.source === 'estimated' ? idx.model : null);
          const existing = store.mpiIdOf(enrollmentUid);
          if (existing) return { outcome: 'existing', mpiId: existing };
          if (store.pendingReviewOf(enrollmentUid)) return { outcome: 'review', mpiId: null };
          // Another office gave this tracked entity its MPI ID in DHIS2: the same ID here, not a new one.
          const fromDhis2 = deps.dhis2IdOf?.(enrollmentUid);
          if (fromDhis2) return { outcome: 'matched', mpiId: service.adopt(enrollmentUid, programmeUid, fromDhis2, record) };
          const sibling = (sameTrackedEntity.get(enrollmentUid) as { mpi_id: string } | undefined)?.mpi_id;
          if (sibling) {
            store.link(enrollmentUid, programmeUid, sibling, 1, 'matched', record);
            store.audit({ action: 'matched', enrollmentUid, mpiId: sibling, score: 1, reason: 'the same DHIS2 tracked entity as an enrollment already linked' });
            idx.add(sibling, record);
            return { outcome: 'matched', mpiId: sibling };
          }
          const m = idx.match(record, store.notSameOf(enrollmentUid));
          if (m.decision === 'linked' && m.mpiId) {
            store.link(enrollmentUid, programmeUid, m.mpiId, m.score, 'matched', record);
            store.audit({ action: 'matched', enrollmentUid, mpiId: m.mpiId, score: m.score, reason: `matched automatically (${percent(m.score)})` });
            idx.add(m.mpiId, record);
            return { outcome: 'matched', mpiId: m.mpiId };
          }
          if (m.decision === 'review' && m.mpiId) {
            store.addReview({
              enrollment_uid: enrollmentUid, programme_uid: programmeUid, candidate_mpi_id: m.mpiId, score: m.score, field_scores: m.fields, record,
              alternatives: m.alternatives.map((a) => ({ mpi_id: a.mpiId, score: a.score, field_scores: a.fields })),
            });
            return { outcome: 'review', mpiId: null };
          }
          const mpiId = createPerson(enrollmentUid, programmeUid, record, 'created');
          store.audit({ action: 'created', enrollmentUid, mpiId, score: m.mpiId ? m.score : null, reason: 'no known person close enough' });
          return { outcome: 'created', mpiId };
        },
      };
    },
    reviews: (status, limit, sort, after) => store.reviews(status, limit, sort, after),
    decide(reviewId, decision, chosen) {
      return db.transaction(() => {
        const item = store.review(reviewId);
        if (item.status !== 'pending') throw new AppError('conflict', `Review item ${reviewId} was already decided (${item.status}).`);
        if (item.origin === 'dhis2') return fromDhis2.decide(item, decision, chosen);
        const offered = [{ mpi_id: item.candidate_mpi_id, score: item.score }, ...item.alternatives];
        let mpiId: string;
        if (decision === 'link') {
          const pick = chosen === undefined ? offered[0] : offered.find((o) => o.mpi_id === store.resolveId(parseMpiId(chosen) ?? chosen));
          if (!pick) {
            throw invalid('mpi_id', `${chosen} is not one of the persons review item ${reviewId} offers (${offered.map((o) => o.mpi_id).join(', ')})`);
          }
          store.link(item.enrollment_uid, item.programme_uid, pick.mpi_id, pick.score, 'reviewed_link', item.record);
          loaded().add(pick.mpi_id, item.record);
          mpiId = pick.mpi_id;
          const among = offered.length > 1 ? ` among ${offered.length} persons offered` : '';
          store.audit({ action: 'reviewed_link', enrollmentUid: item.enrollment_uid, mpiId, score: pick.score, reason: `a reviewer said: the same person${among} (review ${reviewId})` });
        } else {
          if (chosen !== undefined) throw invalid('mpi_id', 'is only given with the decision "link"');
          // "Not the same person" is remembered for every person offered: none of these pairs is proposed again.
          for (const o of offered) {
            store.addNotSame(item.enrollment_uid, o.mpi_id);
            store.audit({ action: 'not_same', enrollmentUid: item.enrollment_uid, mpiId: o.mpi_id, score: o.score, reason: `a reviewer said: not the same person (review ${reviewId})` });
          }
          mpiId = createPerson(item.enrollment_uid, item.programme_uid, item.record, 'reviewed_new');
          store.audit({ action: 'reviewed_new', enrollmentUid: item.enrollment_uid, mpiId, otherMpiId: item.candidate_mpi_id, score: item.score, reason: `a new person after review ${reviewId}` });
        }
        store.markDecided(reviewId, decision === 'link' ? 'linked' : 'created');
        return { ...store.review(reviewId), mpi_id: mpiId };
      })();
    },
    personView(input) {
      const { mpiId, asked } = personId(input, 'mpi_id');
      const person = store.person(mpiId);
      if (!person) throw notFound(`MPI person ${asked}`);
      return { ...person, enrollments: store.enrollmentsOf(mpiId), aliases: store.aliasesOf(mpiId), merged_from: asked === mpiId ? null : asked };
    },
    split(enrollmentUid, reason) {
      const result = db.transaction((): Split => {
        const previous = store.mpiIdOf(enrollmentUid);
        if (!previous) {
          throw enrollmentExists.get(enrollmentUid)
            ? new AppError('conflict', `Enrollment ${enrollmentUid} has no MPI ID yet: there is nothing to split it from.`)
            : notFound(`Enrollment ${enrollmentUid}`);
        }
        const others = store.enrollmentsOf(previous).filter((e) => e.enrollment_uid !== enrollmentUid);
        if (others.length === 0) throw new AppError('conflict', `Enrollment ${enrollmentUid} is the only enrollment of ${previous}: there is no one to split it from.`);
        const record = store.recordOf(enrollmentUid) ?? store.person(previous)?.record;
        if (!record) throw new Error(`no record for ${enrollmentUid}`);
        // Nothing is matched here: the reviewer said this enrollment is not that person.
        store.addNotSame(enrollmentUid, previous);
        const programmeUid = store.enrollmentsOf(previous).find((e) => e.enrollment_uid === enrollmentUid)?.programme_uid ?? '';
        const mpiId = store.createPerson(enrollmentUid, programmeUid, record, 'split');
        store.refreshRecord(previous);
        store.audit({ action: 'split', enrollmentUid, mpiId, otherMpiId: previous, reason });
        const revoked = deps.revokeCards?.(enrollmentUid, 'MPI split') ?? 0;
        return { enrollment_id: enrollmentUid, mpi_id: mpiId, previous_mpi_id: previous, revoked_cards: revoked };
      })();
      index = undefined; // the record moved person: the matching index is built again on next use
      return result;
    },
    merge(fromInput, intoInput, reason, overrideNotSame = false) {
      const result = db.transaction((): Merged => {
        const from = personId(fromInput, 'mpi_id');
        const into = personId(intoInput, 'into');
        if (from.mpiId === into.mpiId) {
          throw new AppError('conflict', from.asked === from.mpiId && into.asked === into.mpiId
            ? `${from.asked} and ${into.asked} are the same MPI ID: there is nothing to merge.`
            : `${from.asked} and ${into.asked} are already one person (${into.mpiId}).`);
        }
        const refused = store.notSameBetween(from.mpiId, into.mpiId);
        if (refused && !overrideNotSame) {
          throw new AppError('conflict', `Enrollment ${refused.enrollment_uid} was judged not the same person as ${refused.mpi_id} ` +
            `(${refused.decided_at}): ${from.mpiId} and ${into.mpiId} are not merged. Send "override_not_same": true to merge them all the same.`);
        }
        if (refused) store.liftNotSame(from.mpiId, into.mpiId);
        const moved = store.mergeInto(from.mpiId, into.mpiId);
        store.refreshRecord(into.mpiId);
        store.audit({ action: 'merge', mpiId: into.mpiId, otherMpiId: from.mpiId, reason });
        return { mpi_id: into.mpiId, merged: from.mpiId, enrollments_moved: moved };
      })();
      index = undefined;
      return result;
    },
    auditTrail(q) {
      const mpiId = q.mpiId ? personId(q.mpiId, 'mpi_id').asked : undefined;
      return store.auditTrail({ ...q, ...(mpiId ? { mpiId } : {}) });
    },
    adopt: (enrollmentUid, programmeUid, dhis2Id, record) => fromDhis2.adopt(enrollmentUid, programmeUid, dhis2Id, record),
    proposeFromDhis2: (enrollmentUid, programmeUid, dhis2Id, record) => fromDhis2.propose(enrollmentUid, programmeUid, dhis2Id, record),
  };
  const fromDhis2 = createDhis2Ids({
    db, store, add: (mpiId, record) => loaded().add(mpiId, record), merge: (from, into, reason) => service.merge(from, into, reason),
    ...(deps.heldByDhis2 ? { heldByDhis2: deps.heldByDhis2 } : {}),
  });
  return service;
}

