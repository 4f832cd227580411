import { foldName } from './normalise';

// An address as clerks write it ("12 Rue Carnot, Médina", "12 r. carnot medina", "Rue Carnot 12 Médina"):
// folded tokens, the usual abbreviations spelled out, filler words dropped, numbers apart from words.

const spelled: Record<string, string> = {
  r: 'rue', av: 'avenue', ave: 'avenue', bd: 'boulevard', blvd: 'boulevard', bld: 'boulevard', qt: 'quartier', qrt: 'quartier',
  qtier: 'quartier', pl: 'place', rte: 'route', imm: 'immeuble', vil: 'villa', st: 'saint', ste: 'sainte',
};
const filler = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'a', 'au', 'aux', 'et', 'no', 'n', 'num', 'numero', 'bp', 'rue', 'avenue', 'boulevard', 'quartier', 'place', 'route', 'villa', 'immeuble', 'cite', 'lot', 'parcelle']);

export interface PreparedAddress {
  /** House or parcel numbers. */
  numbers: string[];
  /** Words that name the street and the place, without filler ("rue", "de", "quartier"). */
  words: string[];
  /** The last word: usually the locality. */
  locality: string | null;
}

export function prepareAddress(raw: string | null | undefined): PreparedAddress | null {
  if (!raw) return null;
  // Digits are kept apart: foldName would drop them.
  const text = raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/(\d+)/g, ' $1 ');
  const numbers: string[] = [];
  const words: string[] = [];
  for (const token of text.split(/[^\p{L}\d]+/u)) {
    if (!token) continue;
    if (/^\d+$/.test(token)) {
      numbers.push(String(Number(token)));
      continue;
    }
    const word = foldName(spelled[token] ?? token);
    if (word && !filler.has(word) && word.length > 1) words.push(word);
  }
  if (numbers.length === 0 && words.length === 0) return null;
  return { numbers, words, locality: words.at(-1) ?? null };
}

export type AddressLevel = 'exact' | 'close' | 'locality' | 'different';

/** exact: the same numbers and words; close: a number and a street word in common, or most words;
 * locality: only a place word in common; different: nothing. */
export function compareAddresses(a: PreparedAddress, b: PreparedAddress): { level: AddressLevel; similarity: number } {
  const wordsA = new Set(a.words);
  const wordsB = new Set(b.words);
  let shared = 0;
  for (const w of wordsA) if (wordsB.has(w)) shared++;
  const numbersShared = a.numbers.some((n) => b.numbers.includes(n));
  const union = new Set([...wordsA, ...wordsB]).size;
  const jaccard = union ? shared / union : 0;
  const sameNumbers = a.numbers.length === b.numbers.length && a.numbers.every((n) => b.numbers.includes(n));
  if (sameNumbers && jaccard === 1) return { level: 'exact', similarity: 1 };
  if ((numbersShared && shared >= 1 && (a.words.length < 2 || b.words.length < 2 || shared >= 2)) || (jaccard >= 0.6 && (sameNumbers || !a.numbers.length || !b.numbers.length))) {
    return { level: 'close', similarity: Math.round((0.6 + 0.4 * jaccard) * 1000) / 1000 };
  }
  if (shared >= 1) return { level: 'locality', similarity: Math.round(0.3 * jaccard * 1000) / 1000 + 0.2 };
  return { level: 'different', similarity: 0 };
}
