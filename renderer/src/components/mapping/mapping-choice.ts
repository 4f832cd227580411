import { orgUnitCardFields, type CardFieldId, type ProgrammeAttribute, type SavedMappingItem } from '@contract';

// A select's value for one card field: "" (not used), "attr:<uid>", "ou:enrollment" or "ou:parent".
export type Choice = string;
/** What the form sends for one field: an attribute by UID, or an org unit. */
export type MappingItem = { card_field: CardFieldId; dhis2_attribute_uid: string } | { card_field: CardFieldId; org_unit: 'enrollment' | 'parent' };

export function toItem(field: CardFieldId, choice: Choice): MappingItem | null {
  if (choice.startsWith('attr:')) return { card_field: field, dhis2_attribute_uid: choice.slice(5) };
  if ((choice === 'ou:enrollment' || choice === 'ou:parent') && orgUnitCardFields.includes(field)) {
    return { card_field: field, org_unit: choice === 'ou:enrollment' ? 'enrollment' : 'parent' };
  }
  return null;
}

/** The select values that show a saved mapping again. */
export function choicesOf(saved: SavedMappingItem[]): Partial<Record<CardFieldId, Choice>> {
  const out: Partial<Record<CardFieldId, Choice>> = {};
  for (const m of saved) out[m.card_field] = 'org_unit' in m ? `ou:${m.org_unit}` : `attr:${m.dhis2_attribute_uid}`;
  return out;
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const byCode: Partial<Record<CardFieldId, string>> = {
  first_name: 'MMD_PER_NAM',
  last_name: 'MMD_PER_LST',
  date_of_birth: 'MMD_PER_DOB',
  gender: 'MMD_PER_SEX',
};

/** Likely choices, to be checked by the user: the known MMD_PER_* codes, and one attribute named like a phone. */
export function suggest(attributes: ProgrammeAttribute[]): Partial<Record<CardFieldId, Choice>> {
  const out: Partial<Record<CardFieldId, Choice>> = {};
  for (const [field, code] of Object.entries(byCode) as [CardFieldId, string][]) {
    const hits = attributes.filter((a) => a.code === code);
    if (hits.length === 1 && hits[0]) out[field] = `attr:${hits[0].uid}`;
  }
  const phones = attributes.filter((a) => /phone|telephone/.test(fold(a.display_name ?? '')));
  if (phones.length === 1 && phones[0]) out.phone_number = `attr:${phones[0].uid}`;
  // The photo is the programme's one image attribute (the engine accepts only IMAGE for it).
  const images = attributes.filter((a) => a.value_type === 'IMAGE');
  if (images.length === 1 && images[0]) out.photo = `attr:${images[0].uid}`;
  return out;
}

/**
 * How an attribute is named in the mapping: its DHIS2 name with its code (or, without a code, its UID, the
 * only way to tell two such attributes apart); an attribute without a name by its code, else its UID.
 */
export function attributeLabel(a: Pick<ProgrammeAttribute, 'uid' | 'code' | 'display_name'>, noCode: string): string {
  const name = a.display_name?.trim();
  const code = a.code?.trim();
  if (!name) return code || a.uid;
  return `${name} (${code || `${noCode}, ${a.uid}`})`;
}

/** Which card field each problem is about: "mappings[3].dhis2_attribute_uid" → the 4th item sent. */
export function problemsByField(details: { field: string; problem: string }[], sent: CardFieldId[]): { byField: Partial<Record<CardFieldId, string[]>>; other: string[] } {
  const byField: Partial<Record<CardFieldId, string[]>> = {};
  const other: string[] = [];
  for (const d of details) {
    const m = /^mappings\[(\d+)\]/.exec(d.field);
    const field = m ? sent[Number(m[1])] : undefined;
    if (field) (byField[field] ??= []).push(d.problem);
    else other.push(`${d.field} ${d.problem}`);
  }
  return { byField, other };
}
