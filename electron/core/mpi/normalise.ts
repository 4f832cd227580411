import { shortForms, spellingGroups } from './name-variants';

// Turns what clerks typed into values that compare: names without accents, case or punctuation, a phonetic
// key that absorbs the spelling habits of Senegalese / West African French registers, phones as their last
// 9 digits, dates as numbers. Pure functions; the index calls them once per record, never per comparison.

/** Lower case, accents stripped, punctuation as spaces: "Ndèye-Fatou  DIOP" → "ndeye fatou diop". */
export function foldName(raw: string | null | undefined): string {
  if (!raw) return '';
  let s = raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // Letters NFD does not decompose.
  s = s.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/[đð]/g, 'd').replace(/ł/g, 'l');
  // N'Diaye, M'Baye: the apostrophe after a lone n/m is part of the name (Ndiaye, Mbaye), not a break.
  s = s.replace(/(^|[^\p{L}])([nm])['’ʼ`´]\s*(?=\p{L})/gu, '$1$2');
  // Hyphens, apostrophes, dots, digits and other punctuation separate words.
  return s.replace(/[^\p{L}]+/gu, ' ').trim();
}

const latinWord = /^[a-z]+$/;

/**
 * Sound-alike spelling rules, in order (each assumes the ones before it ran). Only for plain Latin
 * words; other scripts (Arabic) keep their letters, with doubled letters collapsed.
 */
function soundRules(word: string): string {
  if (!latinWord.test(word)) return word.replace(/(.)\1+/gu, '$1');
  return word
    .replace(/x/g, 'k') // Wolof orthography: Xadi = Khady
    .replace(/ph/g, 'f').replace(/th/g, 't').replace(/kh/g, 'k').replace(/gh/g, 'g').replace(/dh/g, 'd')
    .replace(/s?[cs]h/g, 'x') // ch, sh, sch: Cheikh = Sheikh (x is free again after the first rule)
    .replace(/ck/g, 'k').replace(/qu(?=[aeiouy])/g, 'k').replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k') // Cissé = Sissé, Coumba = Koumba
    .replace(/gu(?=[eiy])/g, 'g') // Guèye: the u only hardens the g
    .replace(/^di(?=[aeiou])/, 'j').replace(/dj/g, 'j') // Djibril = Jibril, Diallo ~ Jallow
    .replace(/w/g, 'u').replace(/ou/g, 'u') // French ou = English u = w: Awa = Aoua, Ousmane = Usman
    .replace(/y/g, 'i') // Ndèye = Ndeie, Mbaye = Mbaie
    .replace(/(?!^)h/g, '') // silent h inside or at the end: Mouhamed = Mouamed, Bah = Ba
    .replace(/(.)\1+/g, '$1') // doubled letters: Aïssatou = Aisatou, Sarr = Sar
    .replace(/(.{2,})e$/, '$1'); // silent final e: Ousmane = Usman, Faye = Fay
}

function buildSpellingMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (const group of spellingGroups) {
    const canonical = soundRules(foldName(group[0]));
    for (const spelling of group) map.set(soundRules(foldName(spelling)), canonical);
  }
  return map;
}

const spellingMap = buildSpellingMap();
const keyCache = new Map<string, string>();

/** Phonetic key of one folded word: equal keys = the same name as far as matching is concerned. */
export function phoneticKey(word: string): string {
  let key = keyCache.get(word);
  if (key === undefined) {
    const sound = soundRules(word);
    key = spellingMap.get(sound) ?? sound;
    if (keyCache.size > 100_000) keyCache.clear(); // names repeat a lot; bound the memory anyway
    keyCache.set(word, key);
  }
  return key;
}

const shortFormPairs = new Set(shortForms.flatMap(([a, b]) => {
  const ka = phoneticKey(foldName(a));
  const kb = phoneticKey(foldName(b));
  return [`${ka} ${kb}`, `${kb} ${ka}`];
}));

/** Whether two phonetic keys are a short form and its full name (Modou / Mamadou). */
export const isShortFormPair = (keyA: string, keyB: string): boolean => shortFormPairs.has(`${keyA} ${keyB}`);

/**
 * A phone as its last 9 digits (a Senegalese number without +221 / 00221), or null when there are too few
 * digits or it is a placeholder such as 000000000 (those say nothing about who the person is).
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let digits = raw.replace(/\D/g, '').replace(/^00/, '');
  if (digits.length > 9 && digits.startsWith('221')) digits = digits.slice(3);
  if (digits.length < 7) return null;
  digits = digits.slice(-9);
  if (new Set(digits).size < 3 || digits === '123456789' || digits === '987654321') return null;
  return digits;
}

export interface BirthDate {
  year: number;
  month: number;
  day: number;
}

/** yyyy-mm-dd (a DHIS2 DATE, or a timestamp starting with one); dd/mm/yyyy as French forms write it. */
export function parseDate(raw: string | null | undefined): BirthDate | null {
  if (!raw) return null;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(s);
  let [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (!m) return null;
    [year, month, day] = [Number(m[3]), Number(m[2]), Number(m[1])];
  }
  if (year < 1880 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { year, month, day };
}

export type Sex = 'F' | 'M';

/** F or M from the codes and words forms use; anything else (other, unknown) is not evidence either way. */
export function normaliseSex(raw: string | null | undefined): Sex | null {
  if (!raw) return null;
  const s = foldName(raw);
  if (['f', 'female', 'feminin', 'femme', 'fille', 'woman', 'girl'].includes(s)) return 'F';
  if (['m', 'male', 'masculin', 'homme', 'h', 'garcon', 'man', 'boy'].includes(s)) return 'M';
  return null;
}
