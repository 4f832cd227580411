import type { ComparisonLevel, MpiField } from '../api/contract/mpi';
import type { FieldScore } from '../api/contract/schemas/mpi';
import { nameSimilarity, spellingVariantSimilarity, type PreparedName } from './names';
import type { BirthDate } from './normalise';
import type { PreparedRecord } from './record';

// How strongly two records say "same person", Fellegi–Sunter style: each field's comparison lands on a
// level, and each level carries a weight in bits, log2(m/u), where m is how often the level occurs when the
// two records are the same person and u how often when they are not. Weights add up (fields are taken as
// independent); a missing field adds nothing, so the weight of the others stands alone instead of being
// diluted, and two records with nothing in common to compare never reach a match. The total is turned into
// a score in [0, 1] by a logistic curve; thresholds apply to that score (see thresholds.ts).

export type { FieldScore };

export interface PairScore {
  /** The total weight mapped to [0, 1]. */
  score: number;
  /** Total evidence in bits. */
  weight: number;
  /** First and last names matched crosswise (a register that writes the family name first). */
  swapped: boolean;
  fields: FieldScore[];
  /** Why this pair may at best go to review whatever its score, or null when it may be linked. */
  blocker: 'names_disagree' | 'no_identifier' | null;
}

// Name weight by similarity, interpolated between these points. Agreement: u is about the frequency of a
// name (about 1/40 for a first name among people of one sex in Senegalese registers, more for Diop or
// Ndiaye), so +5 / +4.5 bits. One typo in a 4-7 letter name gives Jaro-Winkler 0.85-0.95: mild evidence
// for. Different names (below 0.7): strong evidence against, though nicknames keep m from being zero.
const firstNameCurve: [number, number][] = [[0.6, -6], [0.7, -4.5], [0.8, -1.5], [0.88, 1.5], [0.92, 3], [spellingVariantSimilarity, 4.3], [1, 5]];
const lastNameCurve: [number, number][] = [[0.6, -5.5], [0.7, -4], [0.8, -1.5], [0.88, 1.3], [0.92, 2.7], [spellingVariantSimilarity, 3.9], [1, 4.5]];
/** First and last names crosswise: common ("DIOP Fatou"), but rarer than the right way round. */
export const swapPenalty = -2;

/**
 * Date of birth. Exact: m ≈ 0.9, u ≈ 1/4000 for people born within a decade or so, capped at +10 so one
 * field never outweighs all others. Dates entered when only the year was known (1 January, 31 December)
 * say little more than the year. A day/month swap or one wrong digit are the common slips (m ≈ 0.02-0.03)
 * and rare by chance; the same year alone is slightly more likely between different people.
 */
export const dateWeights = {
  exact: 10, exact_default: 4, day_month_swap: 6, one_digit: 3, same_year: -1, different: -6,
} as const;
/** Sex: agreement is weak evidence (u = 0.5); disagreement is strong against (a data-entry slip, m ≈ 0.02). */
export const sexWeights = { same: 1, different: -5 } as const;
/**
 * Phone: the same number is strong evidence (capped at +10: mothers' numbers are given for their children,
 * households share one); a different one is weak against (people change numbers, give a relative's).
 */
export const phoneWeights = { same: 10, different: -2 } as const;

/** Logistic mapping of the total weight: score 0.5 at `centre` bits, doubling the odds every `spread` bits. */
export const scoreCurve = { centre: 15, spread: 2 } as const;

/** Name similarity below which a pair is never linked automatically (twins, siblings, parent and child). */
export const autoLinkNameFloor = 0.8;

const interpolate = (curve: [number, number][], s: number): number => {
  const first = curve[0];
  if (!first || s <= first[0]) return first?.[1] ?? 0;
  for (let i = 1; i < curve.length; i++) {
    const [x1, y1] = curve[i] ?? [1, 0];
    const [x0, y0] = curve[i - 1] ?? [0, 0];
    if (s <= x1) return y0 + ((s - x0) / (x1 - x0)) * (y1 - y0);
  }
  return curve[curve.length - 1]?.[1] ?? 0;
};

const nameLevel = (s: number): ComparisonLevel => (s === 1 ? 'exact' : s >= 0.88 ? 'close' : s >= autoLinkNameFloor ? 'partial' : 'different');

function compareName(field: MpiField, a: PreparedName | null, b: PreparedName | null, curve: [number, number][], against?: MpiField): FieldScore {
  if (!a || !b) return { field, level: 'missing', similarity: null, weight: 0, ...(against ? { comparedWith: against } : {}) };
  const s = nameSimilarity(a, b);
  return { field, level: nameLevel(s), similarity: round(s), weight: round(interpolate(curve, s)), ...(against ? { comparedWith: against } : {}) };
}

const isDefaultDate = (d: BirthDate): boolean => (d.month === 1 && d.day === 1) || (d.month === 12 && d.day === 31);

/** One digit different in yyyymmdd, or two neighbouring digits swapped (1987 / 1978). */
function oneDigitApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (count === 0) first = i;
      if (++count > 2) return false;
    }
  }
  if (count === 1) return true;
  return count === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
}

function compareDates(a: PreparedRecord, b: PreparedRecord): FieldScore {
  const field: MpiField = 'dateOfBirth';
  const x = a.dob;
  const y = b.dob;
  if (!x || !y) return { field, level: 'missing', similarity: null, weight: 0 };
  const level = (name: keyof typeof dateWeights, similarity: number): FieldScore => ({ field, level: name, similarity, weight: dateWeights[name] });
  if (a.dobDigits === b.dobDigits) return isDefaultDate(x) ? level('exact_default', 1) : level('exact', 1);
  if (x.year === y.year && x.month === y.day && x.day === y.month) return level('day_month_swap', 0.9);
  if (oneDigitApart(a.dobDigits, b.dobDigits) || (x.month === y.month && x.day === y.day && Math.abs(x.year - y.year) === 1)) {
    return level('one_digit', 0.8);
  }
  return x.year === y.year ? level('same_year', 0.5) : level('different', 0);
}

function compareSex(a: PreparedRecord, b: PreparedRecord): FieldScore {
  if (!a.sex || !b.sex) return { field: 'gender', level: 'missing', similarity: null, weight: 0 };
  return a.sex === b.sex
    ? { field: 'gender', level: 'same', similarity: 1, weight: sexWeights.same }
    : { field: 'gender', level: 'different', similarity: 0, weight: sexWeights.different };
}

function comparePhone(a: PreparedRecord, b: PreparedRecord): FieldScore {
  if (!a.phone || !b.phone) return { field: 'phone', level: 'missing', similarity: null, weight: 0 };
  return a.phone === b.phone
    ? { field: 'phone', level: 'same', similarity: 1, weight: phoneWeights.same }
    : { field: 'phone', level: 'different', similarity: 0, weight: phoneWeights.different };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export const scoreOfWeight = (weight: number): number => 1 / (1 + 2 ** ((scoreCurve.centre - weight) / scoreCurve.spread));

/** Compares two prepared records field by field (names both ways round, keeping the better reading). */
export function scorePair(a: PreparedRecord, b: PreparedRecord): PairScore {
  const straightFirst = compareName('firstName', a.first, b.first, firstNameCurve);
  const straightLast = compareName('lastName', a.last, b.last, lastNameCurve);
  let first = straightFirst;
  let last = straightLast;
  let swapped = false;
  if (a.first && a.last && b.first && b.last) {
    const crossFirst = compareName('firstName', a.first, b.last, firstNameCurve, 'lastName');
    const crossLast = compareName('lastName', a.last, b.first, lastNameCurve, 'firstName');
    if (crossFirst.weight + crossLast.weight + swapPenalty > straightFirst.weight + straightLast.weight) {
      [first, last, swapped] = [crossFirst, crossLast, true];
    }
  }
  const dob = compareDates(a, b);
  const sex = compareSex(a, b);
  const phone = comparePhone(a, b);
  const fields = [first, last, dob, sex, phone];
  const names = [first, last].filter((f) => f.similarity !== null);
  if (names.length === 0) {
    // No name on one side: nothing says who this is, whatever the phone or date.
    return { score: 0, weight: 0, swapped: false, fields, blocker: 'names_disagree' };
  }
  let weight = swapped ? swapPenalty : 0;
  for (const f of fields) weight += f.weight;
  const namesAgree = names.every((f) => (f.similarity ?? 0) >= autoLinkNameFloor);
  const identifier = phone.level === 'same' || dob.level === 'exact' || dob.level === 'day_month_swap' || dob.level === 'one_digit';
  return {
    score: Math.round(scoreOfWeight(weight) * 1e4) / 1e4, weight: round(weight), swapped, fields,
    blocker: !namesAgree ? 'names_disagree' : !identifier ? 'no_identifier' : null,
  };
}

/** The per-field similarities as one flat object (a review item's field_scores); missing fields left out. */
export function similarityByField(fields: readonly FieldScore[]): Partial<Record<MpiField, number>> {
  const out: Partial<Record<MpiField, number>> = {};
  for (const f of fields) if (f.similarity !== null) out[f.field] = f.similarity;
  return out;
}
