import { fieldLevels, fields, missing, type Comparison, type Field } from './compare';

// The Fellegi–Sunter model: for each field and level, m (how often the level occurs when two records are
// the same person) and u (when they are not); a level weighs log2(m/u) bits, and the weights of the fields
// add up. λ is the share of true matches among the pairs blocking brings together, the prior odds every
// pair starts from. u is counted on random pairs of the cache (nearly all of them different persons);
// m and λ are estimated by expectation–maximisation on the blocked pairs, as Splink does: the office's own
// records say how its clerks write names and dates, with no labelled data. Until the cache is big enough
// to estimate from, the prior below (reasoned estimates) stands.

export interface FsModel {
  /** Per field, m and u of each level of fieldLevels[field], in that order. */
  m: Record<Field, number[]>;
  u: Record<Field, number[]>;
  /** The probability that two records drawn at random are one person: the prior odds every pair starts from. */
  lambda: number;
  /** What each training session found: its pairs and the share of them that are one person. */
  sessions: { name: string; pairs: number; lambda: number; iterations: number }[];
  /** Where it comes from: the prior, or an estimate from so many records and pairs. */
  source: 'prior' | 'estimated';
  records: number;
  pairs: number;
  iterations: number;
  estimatedAt: string | null;
}

/**
 * Until the cache holds enough records to estimate from: the estimate on the sandbox's population of 40,000
 * (seed 3), its m softened so that no disagreement is taken as impossible, in the order of fieldLevels.
 */
export const priorModel: FsModel = {
  m: {
    firstName: [0.8, 0.12, 0.05, 0.03],
    lastName: [0.8, 0.12, 0.05, 0.03],
    dateOfBirth: [0.85, 0.01, 0.05, 0.05, 0.02, 0.02],
    gender: [0.98, 0.02],
    phone: [0.6, 0.2, 0.2],
    nationalId: [0.93, 0.05, 0.02],
    address: [0.5, 0.25, 0.15, 0.1],
    guardianName: [0.75, 0.12, 0.05, 0.08],
    healthCenter: [0.6, 0.4],
  },
  u: {
    firstName: [0.012, 0.003, 0.02, 0.965],
    lastName: [0.02, 0.002, 0.03, 0.948],
    dateOfBirth: [0.00022, 0.00001, 0.00003, 0.0023, 0.031, 0.96645],
    gender: [0.5, 0.5],
    phone: [0.000001, 0.000003, 0.999996],
    nationalId: [0.0000001, 0.000001, 0.9999989],
    address: [0.0005, 0.005, 0.1, 0.8945],
    guardianName: [0.012, 0.003, 0.02, 0.965],
    healthCenter: [0.05, 0.95],
  },
  // About 1,500 true pairs among 40,000 records: 2 in a million random pairs.
  lambda: 2e-6,
  sessions: [],
  source: 'prior',
  records: 0,
  pairs: 0,
  iterations: 0,
  estimatedAt: null,
};

/** log2(m/u) of each level of each field. */
export type Weights = Record<Field, number[]>;

/** Fields whose levels go from the strongest agreement down: a weaker level never outweighs a stronger one. */
const ordered: readonly Field[] = ['firstName', 'lastName', 'guardianName', 'nationalId', 'address', 'phone'];

export function weightsOf(model: FsModel): Weights {
  const out = {} as Weights;
  for (const f of fields) {
    const w = model.m[f].map((m, i) => Math.log2(m / (model.u[f][i] ?? 1)));
    // A close spelling is rarer by chance than the same letters, so its u alone would make it weigh more.
    if (ordered.includes(f)) for (let i = 1; i < w.length; i++) w[i] = Math.min(w[i] as number, w[i - 1] as number);
    // No slip of a date, nor a date filled in by default, says more than the same true date.
    if (f === 'dateOfBirth') for (let i = 1; i < w.length; i++) w[i] = Math.min(w[i] as number, w[0] as number);
    out[f] = w;
  }
  return out;
}

/** Levels as a pattern key: one character per field ('-' for missing). */
const patternOf = (c: Comparison): string => {
  let s = '';
  for (let i = 0; i < c.levels.length; i++) s += c.levels[i] === missing ? '-' : String(c.levels[i]);
  return s;
};

/** u from random pairs: the share of each level among the pairs where the field is on both sides. */
export function estimateU(randomPairs: Iterable<Comparison>, prior: FsModel = priorModel): Record<Field, number[]> {
  const counts = Object.fromEntries(fields.map((f) => [f, new Array<number>(fieldLevels[f].length).fill(0)])) as Record<Field, number[]>;
  for (const c of randomPairs) {
    fields.forEach((f, i) => {
      const l = c.levels[i] ?? missing;
      if (l !== missing) (counts[f][l] as number)++;
    });
  }
  const u = {} as Record<Field, number[]>;
  for (const f of fields) {
    const n = counts[f].reduce((a, b) => a + b, 0);
    // A few pseudo-pairs of the prior keep a level never seen at random from weighing infinitely.
    const pseudo = 20;
    u[f] = counts[f].map((c, i) => Math.max((c + pseudo * (prior.u[f][i] ?? 0)) / (n + pseudo), 1e-7));
  }
  return u;
}

export interface EstimateOptions {
  maxIterations?: number;
  /** Stop when no m moves by more than this. */
  tolerance?: number;
  prior?: FsModel;
  /** Pseudo-pairs of the prior's m added to each field's counts: keeps rare levels sensible. */
  pseudo?: number;
}

/** Pairs brought together by one training rule, and the fields that rule conditions on (left out of it). */
export interface TrainingSession {
  name: string;
  pairs: Iterable<Comparison>;
  /** Fields the rule blocks on: agreeing by construction, they say nothing here and get no m from it. */
  fixed: readonly Field[];
}

type Pattern = { levels: Int8Array; count: number };

function patternsOf(pairs: Iterable<Comparison>): { list: Pattern[]; pairs: number } {
  const patterns = new Map<string, Pattern>();
  let n = 0;
  for (const c of pairs) {
    n++;
    const key = patternOf(c);
    const known = patterns.get(key);
    if (known) known.count++;
    else patterns.set(key, { levels: Int8Array.from(c.levels), count: 1 });
  }
  return { list: [...patterns.values()], pairs: n };
}

/** log2 odds of a pattern under m, u and λ, leaving out the `skip` fields. */
function logOddsOf(p: Pattern, m: Record<Field, number[]>, u: Record<Field, number[]>, lambda: number, skip: ReadonlySet<Field>): number {
  let logOdds = Math.log2(lambda / (1 - lambda));
  for (let i = 0; i < fields.length; i++) {
    const l = p.levels[i] ?? missing;
    const f = fields[i] as Field;
    if (l === missing || skip.has(f)) continue;
    logOdds += Math.log2((m[f][l] as number) / (u[f][l] as number));
  }
  return logOdds;
}
const posteriorOf = (logOdds: number): number => (logOdds > 60 ? 1 : logOdds < -60 ? 0 : 1 / (1 + 2 ** -logOdds));

/** EM on one session: m of the fields it does not block on, and its λ. */
function emSession(list: Pattern[], pairs: number, u: Record<Field, number[]>, skip: ReadonlySet<Field>, prior: FsModel, options: EstimateOptions) {
  let m = Object.fromEntries(fields.map((f) => [f, [...prior.m[f]]])) as Record<Field, number[]>;
  let lambda = 0.1;
  const pseudo = options.pseudo ?? 50;
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 100); iterations++) {
    const sums = Object.fromEntries(fields.map((f) => [f, new Array<number>(fieldLevels[f].length).fill(0)])) as Record<Field, number[]>;
    let matches = 0;
    for (const p of list) {
      const weight = posteriorOf(logOddsOf(p, m, u, lambda, skip)) * p.count;
      matches += weight;
      for (let i = 0; i < fields.length; i++) {
        const l = p.levels[i] ?? missing;
        if (l !== missing) (sums[fields[i] as Field][l] as number) += weight;
      }
    }
    const next = {} as Record<Field, number[]>;
    let moved = 0;
    for (const f of fields) {
      const total = sums[f].reduce((a, b) => a + b, 0);
      next[f] = skip.has(f) ? m[f] : sums[f].map((x, i) => Math.max((x + pseudo * (prior.m[f][i] ?? 0)) / (total + pseudo), 1e-6));
      for (let i = 0; i < next[f].length; i++) moved = Math.max(moved, Math.abs((next[f][i] as number) - (m[f][i] as number)));
    }
    m = next;
    lambda = Math.min(Math.max(matches / Math.max(pairs, 1), 1e-5), 0.5);
    if (moved < (options.tolerance ?? 1e-4)) {
      iterations++;
      break;
    }
  }
  return { m, lambda, iterations };
}

/**
 * The model, as Splink trains one: u from random pairs (given); m by expectation–maximisation in several
 * sessions, each on the pairs one rule brings together (the same date of birth; the same names), every
 * field's m taken from the sessions that do not block on it. λ is the caller's (see MpiIndex.estimate).
 */
export function estimateModel(
  sessions: readonly TrainingSession[], u: Record<Field, number[]>, meta: { records: number; now: Date; lambda: (found: FsModel['sessions'], m: Record<Field, number[]>) => number },
  options: EstimateOptions = {},
): FsModel {
  const prior = options.prior ?? priorModel;
  const sums = Object.fromEntries(fields.map((f) => [f, new Array<number>(fieldLevels[f].length).fill(0)])) as Record<Field, number[]>;
  const counted = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  const found: FsModel['sessions'] = [];
  for (const session of sessions) {
    const { list, pairs: n } = patternsOf(session.pairs);
    if (n === 0) {
      found.push({ name: session.name, pairs: 0, lambda: 0, iterations: 0 });
      continue;
    }
    const skip = new Set(session.fixed);
    const r = emSession(list, n, u, skip, prior, options);
    found.push({ name: session.name, pairs: n, lambda: r.lambda, iterations: r.iterations });
    for (const f of fields) {
      if (skip.has(f)) continue;
      r.m[f].forEach((x, i) => { (sums[f][i] as number) += x; });
      counted[f]++;
    }
  }
  const m = {} as Record<Field, number[]>;
  for (const f of fields) m[f] = counted[f] ? sums[f].map((x) => x / counted[f]) : [...prior.m[f]];
  return {
    m, u, lambda: meta.lambda(found, m), sessions: found, source: 'estimated', records: meta.records,
    pairs: found.reduce((a, x) => a + x.pairs, 0), iterations: found.reduce((a, x) => a + x.iterations, 0), estimatedAt: meta.now.toISOString(),
  };
}
