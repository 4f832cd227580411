import { prepareAddress, type PreparedAddress } from './address';
import { prepareName, type PreparedName } from './names';
import { foldName, normalisePhone, normaliseSex, parseDate, type BirthDate, type Sex } from './normalise';

// What matching compares: the identifying fields of one enrollment, as plain JSON (the same shape as the
// store's MpiRecord, so stored rows load as they are), and their prepared form, computed once per record.

export interface PersonRecord {
  firstName?: string | null;
  lastName?: string | null;
  /** yyyy-mm-dd */
  dateOfBirth?: string | null;
  /** 'female' / 'male' (or F / M, féminin / masculin); 'other' and unknown values count as missing. */
  gender?: string | null;
  phone?: string | null;
  /** The national ID (or another unique register number), as typed. */
  nationalId?: string | null;
  /** Free text: number, street, locality. */
  address?: string | null;
  guardianName?: string | null;
  /** The health centre (org unit name) where the enrollment was made: weak evidence. */
  healthCenter?: string | null;
}

export interface PreparedRecord {
  first: PreparedName | null;
  last: PreparedName | null;
  dob: BirthDate | null;
  /** yyyymmdd, for digit-level comparison of dates. */
  dobDigits: string;
  sex: Sex | null;
  /** Last 9 digits. */
  phone: string | null;
  /** Letters and digits only, upper case; null when shorter than 5 (a placeholder). */
  nationalId: string | null;
  address: PreparedAddress | null;
  guardian: PreparedName | null;
  healthCenter: string | null;
}

/** A national ID as compared: letters and digits only, upper case; placeholders (too short, one repeated digit) are none. */
export function normaliseNationalId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const id = raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (id.length < 5 || new Set(id).size < 3) return null;
  return id;
}

export function prepareRecord(r: PersonRecord): PreparedRecord {
  const dob = parseDate(r.dateOfBirth);
  return {
    first: prepareName(r.firstName),
    last: prepareName(r.lastName),
    dob,
    dobDigits: dob ? `${dob.year}${String(dob.month).padStart(2, '0')}${String(dob.day).padStart(2, '0')}` : '',
    sex: normaliseSex(r.gender),
    phone: normalisePhone(r.phone),
    nationalId: normaliseNationalId(r.nationalId),
    address: prepareAddress(r.address),
    guardian: prepareName(r.guardianName),
    healthCenter: foldName(r.healthCenter) || null,
  };
}
