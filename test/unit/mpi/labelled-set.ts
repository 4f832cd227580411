// The labelled test set for MPI matching, and its measurement: the DHIS2 sandbox's synthetic population
// (no HTTP), whose planted duplicates are the ground truth. Shared by the quality test and the benchmark.
import { newMpiId } from '../../../electron/core/mpi/mpi-id';
import { MpiIndex, type IndexedPerson, type MatchReason } from '../../../electron/core/mpi/mpi-index';
import type { PersonRecord } from '../../../electron/core/mpi/record';
import { defaultThresholds, type Decision, type Thresholds } from '../../../electron/core/mpi/thresholds';
import { generatePopulation, type DuplicateKind } from '../../sandbox/population';
import { mulberry32 } from '../../sandbox/random';

export interface LabelledRecord {
  /** Tracked entity UID. */
  uid: string;
  /** The true person: the UID of its first record (every planted duplicate points at it). */
  truth: string;
  /** How this record was made from the original, for a duplicate. */
  kind: DuplicateKind | null;
  record: PersonRecord;
}

/** Every live tracked entity of a sandbox population, in creation order, with who it truly is. */
export function labelledSet(enrollments: number, seed: number): LabelledRecord[] {
  const pop = generatePopulation({ enrollments, seed, now: new Date('2026-01-15T00:00:00Z') });
  const uidOf = (pick: (a: { code: string | null; name: string | null }) => boolean): string => {
    const a = pop.attributes.find(pick);
    if (!a) throw new Error('sandbox attribute missing');
    return a.id;
  };
  const first = uidOf((a) => a.code === 'MMD_PER_NAM');
  const last = uidOf((a) => a.code === 'MMD_PER_LST');
  const dob = uidOf((a) => a.code === 'MMD_PER_DOB');
  const sex = uidOf((a) => a.code === 'MMD_PER_SEX');
  const phone = uidOf((a) => a.name === 'Phone Number');
  // True persons: union of every planted pair (an original may have several second records).
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  const kinds = new Map<string, DuplicateKind>();
  for (const [original, duplicate, kind] of pop.duplicatePairs) {
    const [a, b] = [find(original), find(duplicate)];
    if (a !== b) parent.set(b, a);
    kinds.set(duplicate, kind);
  }
  const out: LabelledRecord[] = [];
  for (const te of pop.trackedEntities) {
    if (te.deleted) continue;
    const value = (uid: string): string | null => te.attributes.find((a) => a.attribute === uid)?.value ?? null;
    const sexCode = value(sex);
    out.push({
      uid: te.uid, truth: find(te.uid), kind: kinds.get(te.uid) ?? null,
      record: {
        firstName: value(first), lastName: value(last), dateOfBirth: value(dob),
        gender: sexCode === 'F' ? 'female' : sexCode === 'M' ? 'male' : null, phone: value(phone),
      },
    });
  }
  return out;
}

export interface Resolution {
  /** MPI ID given to each record (auto-links only). */
  mpiOf: string[];
  /**
   * Review items: record index → the persons offered (the likeliest first), each as its MPI ID and the
   * record of it that matched.
   */
  reviews: { record: number; offered: { mpiId: string; record: number }[]; reason: MatchReason }[];
  decisions: Record<Decision, number>;
  index: MpiIndex;
  /** Records compared in all (the sum of the blocks looked up). */
  compared: number;
  /** The timed stretch: records once the index held `timeFromPersons` persons, and the time match() and add() took. */
  timed: { records: number; matchSeconds: number; addSeconds: number; fromIndexSize: number };
}

export interface ResolveOptions {
  thresholds?: Thresholds;
  index?: MpiIndex;
  /** Start the clock once the index holds this many persons (0: from the first record). */
  timeFromPersons?: number;
  /** Stop after this many timed records (the rest are left out of the measurement too). */
  timedRecords?: number;
  /** Called before each record is matched, with the index as it stands then (for blocking recall). */
  beforeMatch?: (i: number, index: MpiIndex, mpiOf: readonly string[]) => void;
}

/**
 * Feeds every record through the index in creation order, as the app will: 'new' → a new person,
 * 'linked' → one more record of that person, 'review' → a review item, and (so that the measurement goes
 * on without a reviewer) a new person meanwhile.
 */
export function resolveAll(records: readonly LabelledRecord[], options: ResolveOptions = {}): Resolution {
  const thresholds = options.thresholds ?? defaultThresholds;
  const index = options.index ?? new MpiIndex();
  const timeFrom = options.timeFromPersons ?? 0;
  const rng = mulberry32(7);
  const randomInt = (max: number): number => Math.floor(rng() * max);
  const mpiOf: string[] = [];
  const origin = new Map<IndexedPerson, number>();
  const reviews: Resolution['reviews'] = [];
  const decisions: Record<Decision, number> = { linked: 0, review: 0, new: 0 };
  const timed = { records: 0, matchSeconds: 0, addSeconds: 0, fromIndexSize: -1 };
  let compared = 0;
  const stopAfter = options.timedRecords ?? Number.POSITIVE_INFINITY;
  records.forEach((r, i) => {
    if (timed.records >= stopAfter) return;
    const timing = index.personCount >= timeFrom;
    if (timing && timed.fromIndexSize < 0) timed.fromIndexSize = index.personCount;
    options.beforeMatch?.(i, index, mpiOf);
    const t0 = timing ? performance.now() : 0;
    const result = index.match(r.record, thresholds);
    const t1 = timing ? performance.now() : 0;
    decisions[result.decision]++;
    compared += result.compared;
    const mpiId = result.decision === 'linked' && result.candidate ? result.candidate.mpiId : newMpiId(randomInt);
    if (result.decision === 'review' && result.candidate) {
      const offered = [result.candidate, ...result.alternatives.map((a) => a.candidate)].map((c) => ({ mpiId: c.mpiId, record: origin.get(c) ?? -1 }));
      reviews.push({ record: i, offered, reason: result.reason });
    }
    const person: IndexedPerson = { mpiId, record: r.record };
    origin.set(person, i);
    const t2 = timing ? performance.now() : 0;
    index.add(person);
    if (timing) {
      timed.records++;
      timed.matchSeconds += (t1 - t0) / 1000;
      timed.addSeconds += (performance.now() - t2) / 1000;
    }
    mpiOf.push(mpiId);
  });
  return { mpiOf, reviews, decisions, index, compared, timed };
}

export interface PairQuality {
  records: number;
  true_pairs: number;
  auto_pairs: number;
  precision_auto: number;
  recall_auto: number;
  auto_review_pairs: number;
  precision_auto_review: number;
  recall_auto_review: number;
  linked: number;
  review: number;
  new: number;
  /** Review items offering the person their record truly is. */
  review_true: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Pair precision and recall of a clustering (a label per record) against the true persons. */
function pairCounts(labels: readonly string[], records: readonly LabelledRecord[]): { predicted: number; correct: number } {
  const size = new Map<string, number>();
  const both = new Map<string, number>();
  labels.forEach((label, i) => {
    size.set(label, (size.get(label) ?? 0) + 1);
    const key = `${label} ${records[i]?.truth}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  });
  let predicted = 0;
  let correct = 0;
  for (const n of size.values()) predicted += pairs(n);
  for (const n of both.values()) correct += pairs(n);
  return { predicted, correct };
}

/** The person of a review item that truly is its record's, when one of those offered is. */
export function trueOffer(records: readonly LabelledRecord[], item: Resolution['reviews'][number]): { mpiId: string; record: number } | undefined {
  const truth = records[item.record]?.truth;
  return item.offered.find((o) => records[o.record]?.truth === truth);
}

/**
 * Auto-links: records sharing an MPI ID. Auto-links + review: the same, with each review item decided as a
 * careful reviewer would (its record joins the person offered that it truly is; when none of those
 * offered is, a new person), clusters closed transitively as a reviewer's links would be.
 */
export function pairQuality(allRecords: readonly LabelledRecord[], res: Resolution): PairQuality {
  const records = allRecords.slice(0, res.mpiOf.length); // the ones resolved
  const truthSize = new Map<string, number>();
  for (const r of records) truthSize.set(r.truth, (truthSize.get(r.truth) ?? 0) + 1);
  let truePairs = 0;
  for (const n of truthSize.values()) truePairs += pairs(n);
  const auto = pairCounts(res.mpiOf, records);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const item of res.reviews) {
    const offer = trueOffer(records, item);
    if (!offer) continue;
    const [a, b] = [find(res.mpiOf[item.record] ?? ''), find(offer.mpiId)];
    if (a !== b) parent.set(a, b);
  }
  const withReview = pairCounts(res.mpiOf.map(find), records);
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : Math.round((a / b) * 10000) / 10000);
  return {
    records: records.length, true_pairs: truePairs,
    auto_pairs: auto.predicted, precision_auto: ratio(auto.correct, auto.predicted), recall_auto: ratio(auto.correct, truePairs),
    auto_review_pairs: withReview.predicted, precision_auto_review: ratio(withReview.correct, withReview.predicted),
    recall_auto_review: ratio(withReview.correct, truePairs),
    ...res.decisions,
    review_true: res.reviews.filter((r) => trueOffer(records, r)).length,
  };
}

/** Per kind of planted duplicate: how many records of an earlier person were linked to it, or put to review with it. */
export function foundByKind(allRecords: readonly LabelledRecord[], res: Resolution): Record<string, { records: number; linked: number; review: number }> {
  const records = allRecords.slice(0, res.mpiOf.length);
  const firstOf = new Map<string, number>();
  records.forEach((r, i) => { if (!firstOf.has(r.truth)) firstOf.set(r.truth, i); });
  const reviewed = new Map(res.reviews.map((x) => [x.record, x]));
  const out: Record<string, { records: number; linked: number; review: number }> = {};
  records.forEach((r, i) => {
    const first = firstOf.get(r.truth) ?? i;
    if (first === i) return;
    const row = (out[r.kind ?? 'original-after-its-duplicate'] ??= { records: 0, linked: 0, review: 0 });
    row.records++;
    const review = reviewed.get(i);
    if (res.mpiOf[i] === res.mpiOf[first]) row.linked++;
    else if (review && trueOffer(records, review)) row.review++;
  });
  return out;
}
