// The hard register as a labelled set, and the measurement the MPI issue asks for: pair precision of
// auto-links, recall of auto-links + review, blocking recall (a true earlier record among the candidates
// at the moment a record is matched), and the share of review items that are true duplicates; with the
// model estimated first from the records themselves, labels unseen, as an office's cache would be.
import { MpiIndex } from '../../../electron/core/mpi/mpi-index';
import type { FsModel } from '../../../electron/core/mpi/fs-model';
import { defaultThresholds, type Thresholds } from '../../../electron/core/mpi/thresholds';
import { hardRegister, type HardRecord } from '../../sandbox/hard-register';
import { foundByKind, pairQuality, resolveAll, type LabelledRecord, type Resolution } from './labelled-set';

export type HardLabelled = LabelledRecord & { group: HardRecord['group']; register: HardRecord['register'] };

export function hardSet(persons: number, seed: number): HardLabelled[] {
  return hardRegister({ persons, seed }).map((r) => ({ uid: r.uid, truth: r.truth, kind: r.kind as never, record: r.record, group: r.group, register: r.register }));
}

/** The model an office holding these records would estimate (no labels). */
export function estimatedModel(records: readonly LabelledRecord[], now = new Date('2026-12-05T00:00:00Z')): FsModel {
  const index = new MpiIndex();
  records.forEach((r, i) => index.add({ mpiId: `R${i}`, record: r.record }));
  return index.estimate(now);
}

export interface Measured {
  precision_auto: number;
  recall_auto: number;
  recall_auto_review: number;
  blocking_recall: number;
  review_true_share: number;
  review: number;
  review_true: number;
  linked: number;
  true_pairs: number;
  records: number;
}

/** Resolves every record in order with the model, measuring blocking recall on the way. */
export function measure(records: readonly LabelledRecord[], options: { model?: FsModel; thresholds?: Thresholds } = {}): { measured: Measured; resolution: Resolution } {
  const model = options.model ?? estimatedModel(records);
  // The index files each record as the set's own object: that object says who the candidate truly is.
  const truthOf = new Map<object, string>(records.map((r) => [r.record, r.truth]));
  const seen = new Map<string, number>();
  let withEarlier = 0;
  let found = 0;
  const resolution = resolveAll(records, {
    thresholds: options.thresholds ?? defaultThresholds,
    index: new MpiIndex({ model }),
    beforeMatch: (i, index) => {
      const r = records[i] as LabelledRecord;
      if ((seen.get(r.truth) ?? 0) > 0) {
        withEarlier++;
        if (index.candidates(r.record).some((c) => truthOf.get(c.record) === r.truth)) found++;
      }
      seen.set(r.truth, (seen.get(r.truth) ?? 0) + 1);
    },
  });
  const q = pairQuality(records, resolution);
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    measured: {
      precision_auto: q.precision_auto, recall_auto: q.recall_auto, recall_auto_review: q.recall_auto_review,
      blocking_recall: round(withEarlier ? found / withEarlier : 1), review_true_share: round(q.review ? q.review_true / q.review : 1),
      review: q.review, review_true: q.review_true, linked: q.linked, true_pairs: q.true_pairs, records: q.records,
    },
    resolution,
  };
}

/** Per case: records, linked to an earlier record of their person, put to review with one, falsely linked to another person. */
export function byKind(records: readonly HardLabelled[], resolution: Resolution): Record<string, { records: number; linked: number; review: number; false_links: number }> {
  const found = foundByKind(records, resolution);
  const out: Record<string, { records: number; linked: number; review: number; false_links: number }> = {};
  for (const [kind, row] of Object.entries(found)) {
    const name = kind.includes('+') ? 'two slips' : kind;
    const o = (out[name] ??= { records: 0, linked: 0, review: 0, false_links: 0 });
    o.records += row.records;
    o.linked += row.linked;
    o.review += row.review;
  }
  // False links by group: a record given the MPI ID of an earlier record of another person.
  const firstOfMpi = new Map<string, number>();
  records.forEach((r, i) => {
    const mpi = resolution.mpiOf[i];
    if (mpi === undefined) return;
    const first = firstOfMpi.get(mpi);
    if (first === undefined) firstOfMpi.set(mpi, i);
    else if ((records[first] as HardLabelled).truth !== r.truth) {
      const o = (out[`false link: ${r.group}`] ??= { records: 0, linked: 0, review: 0, false_links: 0 });
      o.false_links++;
    }
  });
  return out;
}
