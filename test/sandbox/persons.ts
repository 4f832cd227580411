// Synthetic persons and the near-duplicates planted among them (the ground truth for matching tests).
import {
  arabicFemaleFirstNames, arabicLastNames, arabicMaleFirstNames, compoundParts, femaleFirstNames, lastNames,
  maleFirstNames, mobilePrefixes, villages,
} from './names';
import { chance, int, pick, type Rng } from './random';

export interface Person {
  firstName: string;
  lastName: string;
  dob: string | null; // YYYY-MM-DD
  sex: 'F' | 'M' | null;
  phone: string | null;
  village: string | null;
  /** Number from the paper register, on old records only (the attribute without code or name). */
  legacyId: string | null;
  /** The real sex, kept even when the record leaves the sex attribute empty. */
  female: boolean;
}

export type DuplicateKind =
  | 'typo' | 'dropped-letter' | 'swapped-names' | 'day-month-swap' | 'phone-format' | 'other-health-centre' | 'other-programme';

export function makePerson(rng: Rng, options: { female?: boolean; born: [number, number] }): Person {
  const female = options.female ?? chance(rng, 0.5);
  let firstName: string;
  let lastName: string;
  if (chance(rng, 0.02)) {
    firstName = pick(rng, female ? arabicFemaleFirstNames : arabicMaleFirstNames);
    lastName = pick(rng, arabicLastNames);
  } else {
    firstName = pick(rng, female ? femaleFirstNames : maleFirstNames);
    lastName = pick(rng, lastNames);
    // About 1%: compound names well over 40 characters, as civil registers write them.
    if (chance(rng, 0.01)) while (firstName.length <= 40) firstName += ` ${pick(rng, compoundParts)}`;
  }
  return {
    firstName, lastName, female,
    dob: chance(rng, 0.05) ? null : birthDate(rng, options.born),
    sex: chance(rng, 0.04) ? null : female ? 'F' : 'M',
    phone: chance(rng, 0.06) ? null : phoneNumber(rng, `${pick(rng, mobilePrefixes)}${String(int(rng, 0, 9_999_999)).padStart(7, '0')}`),
    village: chance(rng, 0.15) ? null : pick(rng, villages),
    legacyId: chance(rng, 0.08) ? `SN-${int(rng, 1998, 2012)}-${String(int(rng, 1, 99_999)).padStart(5, '0')}` : null,
  };
}

function birthDate(rng: Rng, [from, to]: [number, number]): string {
  const year = int(rng, from, to);
  const month = int(rng, 1, 12);
  const day = int(rng, 1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same 9 digits in one of the ways people write Senegalese mobile numbers. */
export function phoneNumber(rng: Rng, digits: string, avoid?: string): string {
  const [a, b, c, d] = [digits.slice(0, 2), digits.slice(2, 5), digits.slice(5, 7), digits.slice(7, 9)];
  const forms = [`+221 ${a} ${b} ${c} ${d}`, `${a} ${b} ${c} ${d}`, `+221${digits}`, digits, `00221 ${a} ${b} ${c} ${d}`];
  const weights = [0.4, 0.25, 0.15, 0.15, 0.05];
  for (;;) {
    let r = rng();
    let i = 0;
    while (i < weights.length - 1 && r >= (weights[i] ?? 0)) r -= weights[i++] ?? 0;
    const form = forms[i] ?? digits;
    if (form !== avoid) return form;
  }
}

export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').replace(/^(00)?221/, '');
}

const latin = /^[\p{Script=Latin} '-]+$/u;
const vowels = 'aeiouy';
const consonants = 'bcdfghjklmnprstwx';

/** One character changed: an accent lost (Ndèye → Ndeye) or a wrong letter. */
function typo(rng: Rng, name: string): string {
  const accented = [...name].findIndex((ch) => ch !== ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  if (accented >= 0 && chance(rng, 0.5)) {
    const chars = [...name];
    chars[accented] = (chars[accented] ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return chars.join('');
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const i = int(rng, 1, name.length - 1);
    const ch = name.charAt(i);
    if (!/[a-z]/.test(ch)) continue;
    const pool = vowels.includes(ch) ? vowels : consonants;
    const next = pick(rng, [...pool].filter((c) => c !== ch));
    return name.slice(0, i) + next + name.slice(i + 1);
  }
  return `${name}e`;
}

function dropLetter(rng: Rng, name: string): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const i = int(rng, 1, name.length - 2);
    if (/[a-zà-ÿ]/.test(name.charAt(i))) return name.slice(0, i) + name.slice(i + 1);
  }
  return name.slice(0, -1);
}

/**
 * A second record of the same person as registered elsewhere. Falls back to another kind when the asked one
 * cannot apply (no date of birth, a day above 12, no phone, a name in Arabic script).
 */
export function mutate(rng: Rng, p: Person, kind: DuplicateKind): { person: Person; kind: DuplicateKind } {
  const copy: Person = { ...p };
  const isLatin = latin.test(p.firstName) && latin.test(p.lastName) && p.lastName.length >= 3;
  switch (kind) {
    case 'typo':
    case 'dropped-letter': {
      if (!isLatin) return { person: copy, kind: 'other-health-centre' };
      const change = kind === 'typo' ? typo : dropLetter;
      if (chance(rng, 0.5) && p.firstName.length >= 4) copy.firstName = change(rng, p.firstName);
      else copy.lastName = change(rng, p.lastName);
      return { person: copy, kind };
    }
    case 'swapped-names':
      return { person: { ...copy, firstName: p.lastName, lastName: p.firstName }, kind };
    case 'day-month-swap': {
      const m = p.dob ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.dob) : null;
      if (!m || Number(m[3]) > 12 || m[2] === m[3]) return mutate(rng, p, 'typo');
      return { person: { ...copy, dob: `${m[1]}-${m[3]}-${m[2]}` }, kind };
    }
    case 'phone-format':
      if (!p.phone) return mutate(rng, p, 'typo');
      return { person: { ...copy, phone: phoneNumber(rng, phoneDigits(p.phone), p.phone) }, kind };
    default:
      return { person: copy, kind };
  }
}

export const sameProgrammeKinds: DuplicateKind[] = ['typo', 'dropped-letter', 'swapped-names', 'day-month-swap', 'phone-format', 'other-health-centre'];
