// A hard register: what a real district's enrollments look like to a matcher, with the truth known. Built
// from its own word lists and slips, never from the matcher's code (its normalisation, variants or
// weights), so that measuring the matcher on it is not measuring the matcher against itself.
//
// Persons live in households: a family name, often one phone (the mother's) given for every child, one
// address. Cases, per person or per record (shares of persons, measured by the test on seed 1):
//
//   common names     first and last names drawn from a Zipf law: "Fatou", "Mamadou", "Diallo", "Diop"
//                    carry a fifth to a quarter of the register
//   twins            8 % of households with children: two children, one date, one phone, one family name,
//                    two first names (different persons)
//   siblings         every other child of a household: one phone and family name, other first name and date
//   namesakes        3 %: the full name of a person of another household, a date years apart
//   no phone         households without one (about 30 % of records)
//   no date          8 % of persons have none
//   civil register   30 % of persons are also (or only) in a programme whose records carry a national ID
//                    (13 digits), an address and the guardian's name, and no phone and no sex
//
// Second records of a person (20 % of persons get one, 5 % a third), each with one or two slips:
//   other-centre, spelling-variant, typo, swapped-names, day-month-swap, date-one-digit, year-only,
//   date-missing, phone-missing, phone-other, phone-format, sex-missing; in the civil register:
//   id-exact (address written otherwise), id-one-digit, id-swapped-digits, id-missing, id-different.
import { femaleFirstNames, lastNames, maleFirstNames, villages } from './names';
import { mulberry32, type Rng } from './random';

export interface HardRecord {
  uid: string;
  /** The true person. */
  truth: string;
  /** The case this record stands for: original, or its slips ("typo+phone-missing"). */
  kind: string;
  /** What the person is among others: twin, sibling, namesake, plain. */
  group: 'twin' | 'sibling' | 'namesake' | 'plain';
  /** Which register: the vaccination programme (names, date, sex, phone) or the civil register (ID, address, guardian). */
  register: 'vaccination' | 'civil';
  record: {
    firstName: string | null; lastName: string | null; dateOfBirth: string | null; gender: 'female' | 'male' | null; phone: string | null;
    nationalId: string | null; address: string | null; guardianName: string | null; healthCenter: string | null;
  };
}

// Spellings a clerk writes for one name, as heard (the register's own list, not the matcher's).
const spellings: Record<string, readonly string[]> = {
  Mouhamed: ['Mohamed', 'Muhammad', 'Mouhamad'], Ndèye: ['Ndeye', 'Ndey'], Aïssatou: ['Aissatou', 'Aissata', 'Aisatou'],
  Khady: ['Xadi', 'Khadi'], Cheikh: ['Sheikh', 'Cheick'], Coumba: ['Koumba', 'Kumba'], Djibril: ['Jibril', 'Djibrill'],
  Ousmane: ['Usman', 'Ousman'], Abdoulaye: ['Abdulaye', 'Ablaye'], Mamadou: ['Mamadu', 'Modou'], Ibrahima: ['Ibrahim'],
  Oumar: ['Omar', 'Umar'], Mariama: ['Mariam', 'Maryam'], Aminata: ['Aminatou'], Fatou: ['Fatu', 'Fatoumata'],
  Seynabou: ['Zeynabou', 'Sainabou'], Rokhaya: ['Rokaya'], Binta: ['Bintou'], Maïmouna: ['Maimouna', 'Maymouna'],
  Diallo: ['Jallow', 'Djallo'], Ndiaye: ['Njie', "N'Diaye"], Diop: ['Job', 'Djop'], Diouf: ['Joof'], Cissé: ['Cisse', 'Sissé'],
  Touré: ['Toure'], Sow: ['Sowe'], Bâ: ['Ba', 'Bah'], Guèye: ['Gueye'], Mbaye: ["M'Baye"], Sène: ['Sene'], Kâ: ['Ka'],
};
const streets = ['Carnot', 'Blanchot', 'Jules Ferry', 'Félix Faure', 'Lamine Guèye', 'Blaise Diagne', 'de Thiong', 'Moussé Diop', 'Sandiniéry', 'Wagane Diouf', 'Raffenel', 'Vincens', 'Galandou Diouf', 'Tolbiac', 'Dr Thèze'];
const healthCentres = Array.from({ length: 25 }, (_, i) => `Centre de santé ${['Plateau', 'Médina', 'Grand Yoff', 'Pikine', 'Guédiawaye', 'Rufisque', 'Thiès', 'Mbour', 'Kaolack', 'Fatick', 'Touba', 'Diourbel', 'Louga', 'Saint-Louis', 'Matam'][i % 15]} ${Math.floor(i / 15) + 1}`);

/** A Zipf-weighted picker: the k-th item drawn with weight 1/k^s. */
function zipf<T>(items: readonly T[], s: number): (rng: Rng) => T {
  const weights = items.map((_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return (rng) => {
    const x = rng();
    const i = cumulative.findIndex((c) => x <= c);
    return items[i < 0 ? items.length - 1 : i] as T;
  };
}
// The commonest names first, so that the Zipf law makes them the common ones.
const femaleNames = ['Fatou', 'Aminata', 'Awa', 'Mariama', 'Khady', 'Aïssatou', 'Ndèye', 'Coumba', 'Binta', 'Seynabou', 'Rokhaya', 'Maïmouna', ...femaleFirstNames.filter((n) => !['Fatou', 'Aminata', 'Awa', 'Mariama', 'Khady', 'Aïssatou', 'Ndèye', 'Coumba', 'Binta', 'Seynabou', 'Rokhaya', 'Maïmouna'].includes(n))];
const maleNames = ['Mamadou', 'Moussa', 'Ibrahima', 'Abdoulaye', 'Cheikh', 'Ousmane', 'Mouhamed', 'Oumar', 'Djibril', ...maleFirstNames.filter((n) => !['Mamadou', 'Moussa', 'Ibrahima', 'Abdoulaye', 'Cheikh', 'Ousmane', 'Mouhamed', 'Oumar', 'Djibril'].includes(n))];
const familyNames = ['Diallo', 'Diop', 'Ndiaye', 'Ba', 'Sow', 'Fall', 'Sarr', 'Faye', 'Cissé', 'Guèye', ...lastNames.filter((n) => !['Diallo', 'Diop', 'Ndiaye', 'Bâ', 'Sow', 'Fall', 'Sarr', 'Faye', 'Cissé', 'Guèye'].includes(n))];
const drawFemale = zipf(femaleNames, 1.0);
const drawMale = zipf(maleNames, 1.0);
const drawFamily = zipf(familyNames, 0.9);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

interface Person {
  id: string;
  first: string;
  last: string;
  sex: 'female' | 'male';
  dob: [number, number, number] | null;
  phone: string | null;
  address: string;
  guardian: string;
  nationalId: string;
  centre: string;
  group: HardRecord['group'];
  civil: boolean;
  vaccination: boolean;
}

export interface HardOptions {
  /** Persons (records come to about 1.25 per person). */
  persons: number;
  seed?: number;
}

export function hardRegister(options: HardOptions): HardRecord[] {
  const rng = mulberry32(options.seed ?? 1);
  const chance = (p: number): boolean => rng() < p;
  const int = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const usedIds = new Set<string>();
  const nationalId = (): string => {
    for (;;) {
      const id = `${pick(['1', '2'])}${String(int(100, 999))}${String(int(1950, 2024))}${String(int(0, 99999)).padStart(5, '0')}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const phone = (): string => `77${String(int(0, 9999999)).padStart(7, '0')}`.replace(/^77/, pick(['70', '76', '77', '78']));
  const persons: Person[] = [];
  let next = 0;
  const newPerson = (p: Omit<Person, 'id' | 'civil' | 'vaccination' | 'nationalId'>): Person => {
    const civil = chance(0.3);
    const person = { ...p, id: `P${String(next++).padStart(7, '0')}`, civil, vaccination: !civil || chance(0.5), nationalId: nationalId() };
    persons.push(person);
    return person;
  };
  while (persons.length < options.persons) {
    // A household: a family name, its phone (or none), its address, a mother, one to four children.
    const last = drawFamily(rng);
    const householdPhone = chance(0.65) ? phone() : null;
    const address = `${int(1, 250)} ${pick(['Rue', 'Avenue', 'Rue'])} ${pick(streets)}, ${pick(villages)}`;
    const centre = pick(healthCentres);
    const mother = `${drawFemale(rng)} ${drawFamily(rng)}`;
    const children = int(1, 4);
    const twins = children >= 2 && chance(0.08);
    const birthYear = int(2008, 2025);
    let born: [number, number, number] = [birthYear, int(1, 12), int(1, 28)];
    const given = new Set<string>();
    for (let c = 0; c < children && persons.length < options.persons; c++) {
      const sex = chance(0.5) ? 'female' : 'male';
      let first = sex === 'female' ? drawFemale(rng) : drawMale(rng);
      for (let tries = 0; given.has(first) && tries < 20; tries++) first = sex === 'female' ? drawFemale(rng) : drawMale(rng);
      given.add(first);
      if (c > 0 && !(twins && c === 1)) born = [Math.min(born[0] + int(1, 4), 2026), int(1, 12), int(1, 28)];
      const group: Person['group'] = twins && c <= 1 ? 'twin' : children > 1 ? 'sibling' : 'plain';
      newPerson({ first, last, sex, dob: chance(0.92) ? [...born] : null, phone: householdPhone, address, guardian: mother, centre, group });
    }
    // A namesake now and then: the full name of someone else, born years apart, in another household.
    if (persons.length > 50 && chance(0.05) && persons.length < options.persons) {
      const model = persons[int(0, persons.length - 1)] as Person;
      const year = (model.dob?.[0] ?? 2015) + pick([-9, -7, -5, 5, 7, 9]);
      newPerson({ ...model, dob: [Math.min(Math.max(year, 1990), 2026), int(1, 12), int(1, 28)], phone: chance(0.6) ? phone() : null, address: `${int(1, 250)} Rue ${pick(streets)}, ${pick(villages)}`, centre: pick(healthCentres), guardian: `${drawFemale(rng)} ${drawFamily(rng)}`, group: 'namesake' });
    }
  }

  const records: HardRecord[] = [];
  const recordOf = (p: Person, register: HardRecord['register']): HardRecord['record'] => register === 'vaccination'
    ? { firstName: p.first, lastName: p.last, dateOfBirth: p.dob ? iso(...p.dob) : null, gender: p.sex, phone: p.phone, nationalId: null, address: null, guardianName: null, healthCenter: p.centre }
    : { firstName: p.first, lastName: p.last, dateOfBirth: p.dob ? iso(...p.dob) : null, gender: null, phone: null, nationalId: p.nationalId, address: p.address, guardianName: p.guardian, healthCenter: p.centre };
  const push = (p: Person, register: HardRecord['register'], kind: string, record: HardRecord['record']): void => {
    records.push({ uid: `R${String(records.length).padStart(7, '0')}`, truth: p.id, kind, group: p.group, register, record });
  };
  // Second records come later than their first, mixed with the others, as enrollments arrive.
  const later: { at: number; person: Person; register: HardRecord['register'] }[] = [];
  persons.forEach((p, i) => {
    const register = p.vaccination ? 'vaccination' : 'civil';
    push(p, register, 'original', recordOf(p, register));
    if (p.civil && p.vaccination) later.push({ at: i + int(1, 3000), person: p, register: 'civil' });
    if (chance(0.2)) later.push({ at: i + int(1, 5000), person: p, register: p.civil && chance(0.5) ? 'civil' : register });
    if (chance(0.05)) later.push({ at: i + int(1, 8000), person: p, register });
    while (later.length && later.some((l) => l.at <= i)) {
      const k = later.findIndex((l) => l.at <= i);
      const [due] = later.splice(k, 1);
      if (due) duplicate(due.person, due.register);
    }
  });
  for (const due of later) duplicate(due.person, due.register);
  return records;

  function duplicate(p: Person, register: HardRecord['register']): void {
    const r = { ...recordOf(p, register) };
    const slips: string[] = [];
    const count = chance(0.3) ? 2 : 1;
    const vaccinationSlips = ['other-centre', 'spelling-variant', 'typo', 'swapped-names', 'day-month-swap', 'date-one-digit', 'year-only', 'date-missing', 'phone-missing', 'phone-other', 'phone-format', 'sex-missing'];
    const civilSlips = ['id-exact', 'id-exact', 'id-one-digit', 'id-swapped-digits', 'id-missing', 'id-different', 'spelling-variant', 'typo', 'date-one-digit', 'date-missing'];
    for (let k = 0; k < count; k++) {
      const slip = pick(register === 'vaccination' ? vaccinationSlips : civilSlips);
      if (!slips.includes(slip)) slips.push(slip);
    }
    for (const slip of slips) applySlip(r, slip);
    if (register === 'civil') r.address = rewriteAddress(p.address);
    push(p, register, slips.join('+'), r);
  }

  function applySlip(r: HardRecord['record'], slip: string): void {
    switch (slip) {
      case 'other-centre': r.healthCenter = pick(healthCentres); break;
      case 'spelling-variant': {
        const firstSpellings = spellings[r.firstName ?? ''];
        const lastSpellings = spellings[r.lastName ?? ''];
        if (firstSpellings && (!lastSpellings || chance(0.5))) r.firstName = pick(firstSpellings);
        else if (lastSpellings) r.lastName = pick(lastSpellings);
        else r.firstName = (r.firstName ?? '').toUpperCase();
        break;
      }
      case 'typo': {
        const field = chance(0.5) ? 'firstName' : 'lastName';
        const name = r[field] ?? '';
        if (name.length < 3) break;
        const at = int(1, name.length - 2);
        const letters = 'aeioumnrstl';
        const how = int(0, 2);
        r[field] = how === 0 ? name.slice(0, at) + name.slice(at + 1) : how === 1 ? name.slice(0, at) + name[at] + name.slice(at) : name.slice(0, at) + pick([...letters]) + name.slice(at + 1);
        break;
      }
      case 'swapped-names': [r.firstName, r.lastName] = [r.lastName, r.firstName]; break;
      case 'day-month-swap': {
        const m = r.dateOfBirth ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.dateOfBirth) : null;
        if (m && Number(m[3]) <= 12 && m[2] !== m[3]) r.dateOfBirth = `${m[1]}-${m[3]}-${m[2]}`;
        break;
      }
      case 'date-one-digit': {
        const m = r.dateOfBirth ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.dateOfBirth) : null;
        if (!m) break;
        const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
        const which = int(0, 2);
        r.dateOfBirth = which === 0 ? iso(y + pick([-1, 1]), mo, d) : which === 1 ? iso(y, mo, d % 10 === 9 ? d - 1 : Math.min(d + 1, 28)) : iso(y, mo === 12 ? 11 : mo + 1, d);
        break;
      }
      case 'year-only': if (r.dateOfBirth) r.dateOfBirth = `${r.dateOfBirth.slice(0, 4)}-01-01`; break;
      case 'date-missing': r.dateOfBirth = null; break;
      case 'phone-missing': r.phone = null; break;
      case 'phone-other': if (r.phone) r.phone = phone(); break;
      case 'phone-format': if (r.phone) r.phone = pick([`+221 ${r.phone.slice(0, 2)} ${r.phone.slice(2, 5)} ${r.phone.slice(5, 7)} ${r.phone.slice(7)}`, `00221${r.phone}`, `${r.phone.slice(0, 2)}-${r.phone.slice(2)}`]); break;
      case 'sex-missing': r.gender = null; break;
      case 'id-exact': break;
      case 'id-one-digit': if (r.nationalId) { const at = int(0, r.nationalId.length - 1); r.nationalId = r.nationalId.slice(0, at) + String((Number(r.nationalId[at]) + int(1, 9)) % 10) + r.nationalId.slice(at + 1); } break;
      case 'id-swapped-digits': if (r.nationalId) { const at = int(0, r.nationalId.length - 2); const id = r.nationalId; if (id[at] !== id[at + 1]) r.nationalId = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2); } break;
      case 'id-missing': r.nationalId = null; break;
      case 'id-different': r.nationalId = nationalId(); break;
    }
  }

  function rewriteAddress(address: string): string | null {
    const m = /^(\d+) (Rue|Avenue) (.+), (.+)$/.exec(address);
    if (!m) return address;
    const [, number, kind, street, place] = m as unknown as [string, string, string, string, string];
    switch (int(0, 4)) {
      case 0: return address;
      case 1: return `${number} ${kind === 'Rue' ? 'r.' : 'av.'} ${street.toLowerCase()} ${place.toLowerCase()}`;
      case 2: return `${kind} ${street} ${number} ${place}`;
      case 3: return place;
      default: return chance(0.5) ? null : `${number} ${kind} ${street}`;
    }
  }
}
