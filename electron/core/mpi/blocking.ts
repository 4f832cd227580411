import type { PreparedRecord } from './record';

// Blocking: a record is only compared with the persons that share one of its keys, so matching costs the
// size of a few small blocks, not the size of the index. The keys are chosen so that a second record of
// the same person with any single slip (a typo in one name, names swapped, day and month swapped, one
// wrong digit in the date, the phone written another way or missing) still shares at least one:
//
//   t  phone (last 9 digits)                           survives every name and date slip
//   d  each name word's phonetic key + date of birth,  survives a typo in the other name, swapped names
//      day and month in either order                   and a day/month swap
//   y  both names' phonetic keys, sorted, + birth year  survives a wrong digit in the day or month
//   m  both names' phonetic keys, sorted, + day/month   survives a wrong digit in the year
//   i  national ID, whole and each third of it         survives every name and date slip, and one wrong
//                                                       digit or two neighbours swapped in the ID
//   n  3-letter prefixes of both names' keys, sorted    the only name key without a date: filed for
//                                                       everyone, looked up only when the record has no
//                                                       date of birth (its blocks are the biggest)
//
// A record with neither a date nor a phone is found by its names alone; a typo in their first letters
// then hides it, but nothing except names could confirm such a pair, so it would not be linked anyway.

export interface BlockingKeys {
  /** Keys the record is filed under. */
  index: string[];
  /** Keys to look up when matching the record. */
  probe: string[];
}

const sortedPair = (a: string, b: string): string => (a <= b ? `${a}|${b}` : `${b}|${a}`);

export function blockingKeys(p: PreparedRecord): BlockingKeys {
  const index: string[] = [];
  const probe: string[] = [];
  const both = (key: string): void => {
    index.push(key);
    probe.push(key);
  };
  if (p.phone) both(`t${p.phone}`);
  if (p.nationalId) {
    // The ID whole, and in three parts: one wrong digit or two swapped neighbours leave one part intact.
    const id = p.nationalId;
    both(`i${id}`);
    const third = Math.ceil(id.length / 3);
    for (let k = 0; k < 3; k++) both(`i${k}|${id.length}|${id.slice(k * third, (k + 1) * third)}`);
  }
  const words = new Set([...(p.first?.keys ?? []), ...(p.last?.keys ?? [])].filter((k) => k.length >= 2));
  if (p.dob) {
    const { year, month, day } = p.dob;
    const date = `${year}-${Math.min(month, day)}-${Math.max(month, day)}`;
    for (const w of words) both(`d${w}|${date}`);
  }
  const firstKey = p.first?.compactKey ?? '';
  const lastKey = p.last?.compactKey ?? '';
  if (firstKey || lastKey) {
    if (p.dob) {
      const { year, month, day } = p.dob;
      both(`y${sortedPair(firstKey, lastKey)}|${year}`);
      both(`m${sortedPair(firstKey, lastKey)}|${Math.min(month, day)}-${Math.max(month, day)}`);
    }
    const names = `n${sortedPair(firstKey.slice(0, 3), lastKey.slice(0, 3))}`;
    index.push(names);
    if (!p.dob) probe.push(names);
  }
  return { index, probe };
}
