import { compareRecords, type CompareContext, type Comparison } from './compare';
import { estimateModel, estimateU, priorModel, type FsModel } from './fs-model';
import { mulberry } from './random-pairs';
import type { PreparedRecord } from './record';

// The Fellegi–Sunter model an office's own records imply, labels unseen (as Splink trains one): u on random
// pairs; m by EM on the pairs born the same day and on the pairs with the same names (big groups, the
// commonest names, sampled down); λ from the first session.

export interface EstimateOptions {
  randomPairs?: number;
  sessionPairs?: number;
  perBlock?: number;
  seed?: number;
}

export function estimateFromRecords(records: readonly PreparedRecord[], ctx: CompareContext, now: Date, options: EstimateOptions = {}): FsModel {
  const n = records.length;
  const random = mulberry(options.seed ?? 1);
  const compare = (i: number, j: number): Comparison => compareRecords(records[i] as PreparedRecord, records[j] as PreparedRecord, ctx);
  function* randoms(count: number): Generator<Comparison> {
    if (n < 2) return;
    for (let k = 0; k < count; k++) {
      const i = Math.floor(random() * n);
      let j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
      yield compare(i, j);
    }
  }
  const perBlock = options.perBlock ?? 30;
  const sessionPairs = options.sessionPairs ?? 300_000;
  /** Every pair within each group of records sharing a key (groups sampled down to perBlock). */
  const allPairs: Record<string, number> = {};
  function* within(name: string, keyOf: (r: PreparedRecord) => string | null): Generator<Comparison> {
    const groups = new Map<string, number[]>();
    records.forEach((r, i) => {
      const key = keyOf(r);
      if (!key) return;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    });
    let made = 0;
    allPairs[name] = 0;
    for (const g of groups.values()) allPairs[name] += (g.length * (g.length - 1)) / 2;
    for (const g of groups.values()) {
      if (g.length < 2) continue;
      // A sample of a big group (the commonest names): every record of it would swamp the rest.
      const members = g.length > perBlock ? g.filter(() => random() < perBlock / g.length) : g;
      for (let a = 1; a < members.length; a++) {
        for (let b = 0; b < a; b++) {
          if (made >= sessionPairs) return;
          made++;
          yield compare(members[a] as number, members[b] as number);
        }
      }
    }
  }
  const u = estimateU(randoms(options.randomPairs ?? 50_000));
  return estimateModel([
    { name: 'same date of birth', pairs: within('same date of birth', (r) => r.dobDigits || null), fixed: ['dateOfBirth'] },
    {
      // Sex is left to the other session: among namesakes it splits the pairs into men and women, not persons.
      name: 'same names', fixed: ['firstName', 'lastName', 'gender'],
      pairs: within('same names', (r) => (r.first && r.last ? `${r.first.compactKey}|${r.last.compactKey}` : null)),
    },
  ], u, {
    records: n, now,
    // λ from the date-of-birth session: the matches among all pairs born the same day, over the share of
    // true pairs that have the same date (m of exact and exact_default), over all pairs of records.
    lambda: (found, m) => {
      const session = found[0];
      const sameDay = (m.dateOfBirth[0] ?? 0) + (m.dateOfBirth[1] ?? 0);
      const all = (n * (n - 1)) / 2;
      if (!session?.pairs || sameDay <= 0 || all <= 0) return priorModel.lambda;
      const matches = session.lambda * (allPairs['same date of birth'] ?? session.pairs) / sameDay;
      return Math.min(Math.max(matches / all, 1e-9), 0.5);
    },
  });
}
