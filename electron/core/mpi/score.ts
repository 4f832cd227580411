import type { MpiField } from '../api/contract/mpi';
import type { FieldScore } from '../api/contract/schemas/mpi';
import { compareRecords, fieldIndex, fieldLevels, fields, missing, type CompareContext, type Comparison, type Field } from './compare';
import { weightsOf, type FsModel, type Weights } from './fs-model';
import type { PreparedRecord } from './record';

// How strongly two records say "same person": each field's level weighs log2(m/u) bits under the office's
// Fellegi–Sunter model (fs-model.ts); the bits add up with the prior odds λ/(1−λ) into the probability
// that the pair is one person, which the thresholds apply to. On top of the sum:
//   - term frequencies: agreeing on a common name ("Fatou", "Diallo") is weaker evidence than on a rare
//     one; its u is the name's share of the cache instead of the average u of the level;
//   - family: when the first names differ, agreement on what a family shares (family name, phone,
//     address, guardian, health centre, and the date of birth of twins) is no evidence of one person:
//     only those fields' disagreements count, and a national ID; when the first names are only partly
//     alike or the dates differ, the same holds for the household's fields (not the date);
//   - guards: a differing or only partly alike name, or no identifier in common (date of birth, phone,
//     national ID), keep a pair from an automatic link whatever its probability (review at most).

export type { FieldScore };

export interface PairScore {
  /** The probability that the two records are one person. */
  score: number;
  /** Total evidence in bits, the prior included. */
  weight: number;
  swapped: boolean;
  fields: FieldScore[];
  /** Why this pair may at best go to review whatever its probability, or null when it may be linked. */
  blocker: 'names_disagree' | 'no_identifier' | null;
}

export interface ScoreContext extends CompareContext {
  model: FsModel;
  weights: Weights;
  /** Share of the cache's records whose first / last name has this phonetic key (0 when unknown). */
  firstNameShare(key: string): number;
  lastNameShare(key: string): number;
}

/** A context without term frequencies or households: a model's weights alone (comparing two records out of any index). */
export function plainContext(model: FsModel): ScoreContext {
  return { model, weights: weightsOf(model), firstNameShare: () => 0, lastNameShare: () => 0, sharedPhone: () => false };
}

/** What a household shares: evidence of one family, not of one person, when anything personal disagrees. */
const householdFields: readonly Field[] = ['lastName', 'phone', 'address', 'guardianName', 'healthCenter'];
/** Twins share the date of birth too. */
const familyFields: readonly Field[] = [...householdFields, 'dateOfBirth'];
/** Levels that identify a person beyond their names. */
const identifying: Partial<Record<Field, readonly string[]>> = {
  dateOfBirth: ['exact', 'day_month_swap', 'one_digit'], phone: ['same'], nationalId: ['exact', 'one_digit'],
};
/** Term frequencies may move a name's weight by at most this many bits either way (few records say little). */
const tfCap = 4;

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export const probabilityOfWeight = (bits: number): number => (bits > 60 ? 1 : bits < -60 ? 0 : 1 / (1 + 2 ** -bits));

/** The weight of each field's level in a comparison, term frequencies applied to names that agree. */
export function fieldWeights(c: Comparison, ctx: ScoreContext): number[] {
  const out = new Array<number>(fields.length).fill(0);
  for (let i = 0; i < fields.length; i++) {
    const l = c.levels[i] ?? missing;
    if (l === missing) continue;
    const f = fields[i] as Field;
    let w = ctx.weights[f][l] as number;
    const name = f === 'firstName' ? c.firstKey : f === 'lastName' ? c.lastKey : null;
    if (name && l <= 1) {
      // exact or close: u is how often a record of the cache has this name (Splink's term-frequency adjustment).
      const share = f === 'firstName' ? ctx.firstNameShare(name) : ctx.lastNameShare(name);
      if (share > 0) {
        const m = ctx.model.m[f][l] as number;
        const tfWeight = Math.log2(m / share);
        w = Math.max(w - tfCap, Math.min(w + tfCap, tfWeight));
      }
    }
    out[i] = w;
  }
  return out;
}

/** Compares an incoming record with a stored one and weighs the comparison. */
export function scorePair(a: PreparedRecord, b: PreparedRecord, ctx: ScoreContext): PairScore {
  const c = compareRecords(a, b, ctx);
  const weights = fieldWeights(c, ctx);
  const level = (f: Field): string | null => {
    const l = c.levels[fieldIndex[f]] ?? missing;
    return l === missing ? null : (fieldLevels[f][l] as string);
  };
  // The family rule: a first name that differs makes the pair a sibling or a twin, whatever the family
  // shares; a first name only partly alike, or a date of birth that differs, leaves the household's
  // fields explained by the household (a brother, a sister) and no evidence of one person.
  const first = level('firstName');
  const dob = level('dateOfBirth');
  const shared = first === 'different' ? familyFields : first === 'partial' || dob === 'different' ? householdFields : [];
  for (const f of shared) if ((weights[fieldIndex[f]] as number) > 0) weights[fieldIndex[f]] = 0;
  const out: FieldScore[] = fields.map((f, i) => {
    const l = level(f);
    const s = c.similarity[i] as number;
    return {
      field: f as MpiField, level: (l ?? 'missing') as FieldScore['level'], similarity: Number.isNaN(s) ? null : s, weight: round(weights[i] as number, 2),
      ...(c.swapped && (f === 'firstName' || f === 'lastName') ? { comparedWith: (f === 'firstName' ? 'lastName' : 'firstName') as MpiField } : {}),
    };
  });
  if (!level('firstName') && !level('lastName')) {
    // No name on one side: nothing says who this is, whatever the phone or date.
    return { score: 0, weight: 0, swapped: false, fields: out, blocker: 'names_disagree' };
  }
  const prior = Math.log2(ctx.model.lambda / (1 - ctx.model.lambda));
  const bits = prior + weights.reduce((x, y) => x + y, 0);
  // A first name only partly alike (Oumar / Ousmane, Mame Diarra / Mariama) is a reviewer's call; so is one
  // merely close (a typo, or Amadou / Mamadou, Binta / Bineta, Fatou / Ndèye Fatou: names siblings are given)
  // unless an identifier beyond the household confirms it (the date of birth, the national ID).
  const firstSimilarity = out[fieldIndex.firstName]?.similarity ?? 1;
  const confirmed = ['exact', 'day_month_swap'].includes(dob ?? '') || ['exact', 'one_digit'].includes(level('nationalId') ?? '');
  const namesDisagree = first === 'different' || first === 'partial' || level('lastName') === 'different'
    || (first === 'close' && firstSimilarity < 0.96 && !confirmed);
  // A household's phone identifies no one, except with the same first name: two children of one
  // household are not given one name.
  const identified = fields.some((f) => identifying[f]?.includes(level(f) ?? ''))
    || (level('phone') === 'household' && (first === 'exact' || first === 'close') && (dob === null || dob === 'exact' || dob === 'exact_default'));
  return {
    score: round(probabilityOfWeight(bits), 4), weight: round(bits, 2), swapped: c.swapped, fields: out,
    blocker: namesDisagree ? 'names_disagree' : !identified ? 'no_identifier' : null,
  };
}

/** The per-field similarities as one flat object (a review item's field_scores); missing fields left out. */
export function similarityByField(fieldScores: readonly FieldScore[]): Partial<Record<MpiField, number>> {
  const out: Partial<Record<MpiField, number>> = {};
  for (const f of fieldScores) if (f.similarity !== null) out[f.field] = f.similarity;
  return out;
}
