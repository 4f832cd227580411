import { jaroWinkler } from './jaro-winkler';
import { foldName, isShortFormPair, phoneticKey } from './normalise';

// One name field (a first name or a last name) ready to compare, and how alike two of them are. Names
// here are often several words: compound first names (Mame Diarra, Ndèye Fatou, El Hadji), an honorific
// dropped in one register, words in another order, or written together (Abdou Lahad / Abdoulahad).

export interface PreparedName {
  /** Folded words: "ndeye fatou". */
  words: string[];
  /** Phonetic key of each word. */
  keys: string[];
  /** Words written together, and its key: "ndeyefatou", "ndeifatu". */
  compact: string;
  compactKey: string;
}

export function prepareName(raw: string | null | undefined): PreparedName | null {
  const folded = foldName(raw);
  if (!folded) return null;
  const words = folded.split(' ');
  const keys = words.map(phoneticKey);
  const compact = words.join('');
  return { words, keys, compact, compactKey: words.length === 1 ? (keys[0] ?? compact) : phoneticKey(compact) };
}

/** Two spellings of one name (equal phonetic keys): nearly as good as the same letters. */
export const spellingVariantSimilarity = 0.96;
/** A short form and its full name (Modou / Mamadou). */
export const shortFormSimilarity = 0.9;
/** One name's words all found in the other, which has more (Ndèye Fatou / Fatou). */
const subsetFactor = 0.9;

/** One letter wrong, added, left out, or two neighbours swapped, in a word this long: a typo. */
export const typoSimilarity = 0.9;
const typoMinLength = 5;

/**
 * Whether two words differ by exactly one edit (a letter replaced, added or dropped, or two neighbours
 * swapped). Jaro-Winkler undersells a wrong letter near the start of a short word (Babacar / Bobacar 0.81).
 */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // replaced
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // neighbours swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // added or dropped
}

function wordSimilarity(a: string, aKey: string, b: string, bKey: string): number {
  if (a === b) return 1;
  if (aKey === bKey) return spellingVariantSimilarity;
  if (isShortFormPair(aKey, bKey)) return shortFormSimilarity;
  // Letters as typed, or as they sound: whichever is closer (a typo can hide in either).
  const letters = jaroWinkler(a, b);
  const sound = jaroWinkler(aKey, bKey);
  const best = letters > sound ? letters : sound;
  if (best < typoSimilarity && Math.min(a.length, b.length) >= typoMinLength && oneEditApart(a, b)) return typoSimilarity;
  return best;
}

/** Similarity in [0, 1] of two name fields, word order and word splits ignored. */
export function nameSimilarity(a: PreparedName, b: PreparedName): number {
  const wa = a.words;
  const wb = b.words;
  if (wa.length === 1 && wb.length === 1) return wordSimilarity(wa[0] ?? '', a.keys[0] ?? '', wb[0] ?? '', b.keys[0] ?? '');
  const n = wa.length;
  const m = wb.length;
  // Split differently: Abdou Lahad = Abdoulahad, El Hadji = Elhadji. (Only then: between names of as many
  // words, a shared first word would make "Mame Diarra" look like "Mame Coumba".)
  let best = n !== m ? wordSimilarity(a.compact, a.compactKey, b.compact, b.compactKey) : 0;
  if (best === 1) return 1;
  // Best one-to-one alignment of words (greedy on the highest similarity: names have few words).
  const sims: number[] = new Array<number>(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sims[i * m + j] = wordSimilarity(wa[i] ?? '', a.keys[i] ?? '', wb[j] ?? '', b.keys[j] ?? '');
  const usedA = new Uint8Array(n);
  const usedB = new Uint8Array(m);
  let weighted = 0; // similarity × letters of both words, so long words count more than "el" or "ba"
  let pairedShorterSide = 0;
  let pairedSimSum = 0;
  for (let k = Math.min(n, m); k > 0; k--) {
    let bi = -1;
    let bj = -1;
    let bs = -1;
    for (let i = 0; i < n; i++) {
      if (usedA[i]) continue;
      for (let j = 0; j < m; j++) if (!usedB[j] && (sims[i * m + j] ?? 0) > bs) [bi, bj, bs] = [i, j, sims[i * m + j] ?? 0];
    }
    usedA[bi] = 1;
    usedB[bj] = 1;
    weighted += bs * ((wa[bi]?.length ?? 0) + (wb[bj]?.length ?? 0));
    if (bs >= 0.85) {
      pairedShorterSide++;
      pairedSimSum += bs;
    }
  }
  const letters = a.compact.length + b.compact.length;
  const aligned = weighted / letters;
  if (aligned > best) best = aligned;
  // Every word of the shorter name found in the longer one: the same name with a word left out.
  if (n !== m && pairedShorterSide === Math.min(n, m)) {
    const subset = subsetFactor * (pairedSimSum / pairedShorterSide);
    if (subset > best) best = subset;
  }
  return best;
}
