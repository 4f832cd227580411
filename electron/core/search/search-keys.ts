import { countries, countryOf } from '../api/contract/countries';
import { normalisePhone as toE164 } from '../distribution/messaging/phone-number';
import { mpiAlphabet, mpiPrefix, parseMpiId } from '../mpi/mpi-id';
import { foldName } from '../mpi/normalise';

// What a person is found by, computed the same way for what is stored and what is typed: name words folded
// (accents, case, punctuation gone: "FALL Ndèye" → fall, ndeye), phones as digits in both their
// international and national forms (so "+221 77…", "22177…", "77…" and "0077…" all find the same number),
// MPI IDs with or without dashes and check character, DHIS2 UIDs as typed. Pure functions.

/** The folded words of some name values, each once. */
export function nameWords(values: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const v of values) for (const w of foldName(v).split(' ')) if (w) words.add(w);
  return [...words];
}

/** The sort key of a name: last name then first name, folded ("fall ndeye"). */
export const sortName = (last: string | null | undefined, first: string | null | undefined): string =>
  `${foldName(last)} ${foldName(first)}`.trim();

/** The keys a stored phone is found by: its E.164 digits and its national number, or its digits as written. */
export function phoneKeys(raw: string | null | undefined, defaultIso: string): string[] {
  if (!raw?.trim()) return [];
  const parsed = toE164(raw, defaultIso);
  if (parsed.ok) {
    const digits = parsed.e164.slice(1);
    const country = parsed.country ? countryOf(parsed.country) : undefined;
    return country ? [digits, digits.slice(country.callingCode.length)] : [digits];
  }
  const digits = raw.replace(/\D/g, '').replace(/^00/, '');
  return digits.length >= 4 ? [digits] : [];
}

export interface ParsedQuery {
  /** Folded words, each matched as the prefix of one of the person's name words. */
  words: string[];
  /** Digits matched as the prefix of a phone key, when the text is a phone number as people type one. */
  phone: string | null;
  /** MPI IDs starting with this (the whole ID when the check character was typed and is right). */
  mpiPrefix: string | null;
  /** Exact enrollment or tracked-entity UID, when the text has the shape of one. */
  uid: string | null;
}

const phoneShape = /^\+?[\d\s.\-()/\u00a0]+$/;
const uidShape = /^[A-Za-z][A-Za-z0-9]{10}$/;

/** How a search text is read; a text can be several things at once (an 11-letter word is a name and a UID). */
export function parseQuery(text: string, defaultIso: string): ParsedQuery {
  const q = text.trim();
  const out: ParsedQuery = { words: [], phone: null, mpiPrefix: null, uid: null };
  if (!q) return out;
  if (phoneShape.test(q)) {
    out.phone = phoneQuery(q, defaultIso);
    return out;
  }
  if (uidShape.test(q)) out.uid = q;
  out.mpiPrefix = mpiQuery(q);
  out.words = nameWords([q]);
  return out;
}

function phoneQuery(q: string, defaultIso: string): string | null {
  let digits = q.replace(/\D/g, '');
  if (q.startsWith('+')) return digits.length >= 2 ? digits : null;
  if (digits.startsWith('00')) return digits.length >= 4 ? digits.slice(2) : null;
  const home = countryOf(defaultIso) ?? countries[0];
  if (home?.trunk && digits.startsWith(home.trunk)) digits = digits.slice(home.trunk.length);
  return digits.length >= 2 ? digits : null;
}

function mpiQuery(q: string): string | null {
  const exact = parseMpiId(q);
  if (exact) return exact;
  const compact = q.toUpperCase().replace(/[\s-]/g, '');
  const hasPrefix = compact.startsWith('MPI');
  const body = hasPrefix ? compact.slice(3) : compact;
  // Without "MPI", only the 8 characters before the check one: shorter would also be any name's beginning.
  if (!hasPrefix && body.length !== 8) return null;
  if (body.length > 8 || [...body].some((ch) => !mpiAlphabet.includes(ch))) return null;
  return mpiPrefix + body;
}
