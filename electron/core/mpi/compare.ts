import { mpiFields, type ComparisonLevel, type MpiField } from '../api/contract/mpi';
import { compareAddresses } from './address';
import { nameSimilarity, type PreparedName } from './names';
import type { BirthDate } from './normalise';
import type { PreparedRecord } from './record';

// Two records compared field by field, each comparison landing on one level of its field (or missing when
// either side is empty): the comparison vector that the Fellegi–Sunter model (fs-model.ts) weighs. No
// weights here: what a level is worth is estimated from the office's own cache.

export const fields = mpiFields;
export type Field = MpiField;

/** The levels of each field, from the strongest agreement to disagreement (missing is not a level). */
export const fieldLevels = {
  firstName: ['exact', 'close', 'partial', 'different'],
  lastName: ['exact', 'close', 'partial', 'different'],
  dateOfBirth: ['exact', 'exact_default', 'day_month_swap', 'one_digit', 'same_year', 'different'],
  gender: ['same', 'different'],
  phone: ['same', 'household', 'different'],
  nationalId: ['exact', 'one_digit', 'different'],
  address: ['exact', 'close', 'locality', 'different'],
  guardianName: ['exact', 'close', 'partial', 'different'],
  healthCenter: ['same', 'different'],
} as const satisfies Record<Field, readonly ComparisonLevel[]>;

export const missing = -1;

export interface Comparison {
  /** Per field (in `fields` order), the index of its level in fieldLevels, or -1 when missing. */
  levels: Int8Array;
  /** Per field, how alike the values are (0 to 1), NaN when missing. */
  similarity: Float64Array;
  /** First and last names matched crosswise ("DIOP Fatou" registers). */
  swapped: boolean;
  /** The phonetic keys of the stored record's names, for term frequencies (null when the name is missing). */
  firstKey: string | null;
  lastKey: string | null;
}

export const fieldIndex = Object.fromEntries(fields.map((f, i) => [f, i])) as Record<Field, number>;
const level = (field: Field, name: ComparisonLevel): number => (fieldLevels[field] as readonly ComparisonLevel[]).indexOf(name);

const nameLevel = (s: number): ComparisonLevel => (s === 1 ? 'exact' : s >= 0.88 ? 'close' : s >= 0.8 ? 'partial' : 'different');

const isDefaultDate = (d: BirthDate): boolean => (d.month === 1 && d.day === 1) || (d.month === 12 && d.day === 31);

/** One character different, or two neighbouring characters swapped (1987 / 1978). */
export function oneCharApart(a: string, b: string): boolean {
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

function dateLevel(a: PreparedRecord, b: PreparedRecord): [ComparisonLevel, number] {
  const x = a.dob as BirthDate;
  const y = b.dob as BirthDate;
  if (a.dobDigits === b.dobDigits) return [isDefaultDate(x) ? 'exact_default' : 'exact', 1];
  // The same year where one side has the date registers fill in when only the year is known.
  if (x.year === y.year && (isDefaultDate(x) || isDefaultDate(y))) return ['exact_default', 0.7];
  if (x.year === y.year && x.month === y.day && x.day === y.month) return ['day_month_swap', 0.9];
  if (oneCharApart(a.dobDigits, b.dobDigits) || (x.month === y.month && x.day === y.day && Math.abs(x.year - y.year) === 1)) return ['one_digit', 0.8];
  return x.year === y.year ? ['same_year', 0.5] : ['different', 0];
}

export interface CompareContext {
  /** The phone is given by several persons of the index (a household's, a mother's for her children). */
  sharedPhone(phone: string): boolean;
}

/** Compares an incoming record `a` with a stored one `b`. */
export function compareRecords(a: PreparedRecord, b: PreparedRecord, ctx: CompareContext): Comparison {
  const levels = new Int8Array(fields.length).fill(missing);
  const similarity = new Float64Array(fields.length).fill(NaN);
  const set = (field: Field, name: ComparisonLevel, s: number): void => {
    levels[fieldIndex[field]] = level(field, name);
    similarity[fieldIndex[field]] = Math.round(s * 1000) / 1000;
  };
  const names = (field: Field, x: PreparedName | null, y: PreparedName | null): number => {
    if (!x || !y) return NaN;
    const s = nameSimilarity(x, y);
    set(field, nameLevel(s), s);
    return s;
  };
  let swapped = false;
  const straightFirst = a.first && b.first ? nameSimilarity(a.first, b.first) : NaN;
  const straightLast = a.last && b.last ? nameSimilarity(a.last, b.last) : NaN;
  if (a.first && a.last && b.first && b.last) {
    const crossFirst = nameSimilarity(a.first, b.last);
    const crossLast = nameSimilarity(a.last, b.first);
    // Crosswise only when clearly better: "Diop Fatou" / "Fatou Diop", not two names that are near anyway.
    if (crossFirst + crossLast > straightFirst + straightLast + 0.15) swapped = true;
  }
  if (swapped) {
    names('firstName', a.first, b.last);
    names('lastName', a.last, b.first);
  } else {
    if (!Number.isNaN(straightFirst)) set('firstName', nameLevel(straightFirst), straightFirst);
    if (!Number.isNaN(straightLast)) set('lastName', nameLevel(straightLast), straightLast);
  }
  if (a.dob && b.dob) {
    const [name, s] = dateLevel(a, b);
    set('dateOfBirth', name, s);
  }
  if (a.sex && b.sex) set('gender', a.sex === b.sex ? 'same' : 'different', a.sex === b.sex ? 1 : 0);
  if (a.phone && b.phone) {
    if (a.phone !== b.phone) set('phone', 'different', 0);
    else set('phone', ctx.sharedPhone(a.phone) ? 'household' : 'same', 1);
  }
  if (a.nationalId && b.nationalId) {
    if (a.nationalId === b.nationalId) set('nationalId', 'exact', 1);
    else if (oneCharApart(a.nationalId, b.nationalId)) set('nationalId', 'one_digit', 0.9);
    else set('nationalId', 'different', 0);
  }
  if (a.address && b.address) {
    const c = compareAddresses(a.address, b.address);
    set('address', c.level, c.similarity);
  }
  names('guardianName', a.guardian, b.guardian);
  if (a.healthCenter && b.healthCenter) set('healthCenter', a.healthCenter === b.healthCenter ? 'same' : 'different', a.healthCenter === b.healthCenter ? 1 : 0);
  const stored = swapped ? [b.last, b.first] : [b.first, b.last];
  return { levels, similarity, swapped, firstKey: a.first ? (stored[0]?.compactKey ?? null) : null, lastKey: a.last ? (stored[1]?.compactKey ?? null) : null };
}

/** The level of a field in a comparison, by name (or 'missing'). */
export function levelOf(c: Comparison, field: Field): ComparisonLevel | 'missing' {
  const i = c.levels[fieldIndex[field]] ?? missing;
  return i === missing ? 'missing' : (fieldLevels[field][i] as ComparisonLevel);
}
