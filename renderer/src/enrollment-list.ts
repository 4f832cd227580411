import type { PreviewRow } from './components/enrollments/EnrollmentTable.vue';
import { suggest } from './components/mapping/mapping-choice';
import type { CardFieldId } from './card-fields';
import { attributeKey, type ProgrammeAttribute } from './stores/programmes';
import { call, type Transport } from './transport/transport';

// The list of cached enrollments the Cards, Send and Google Wallet screens pick from: the programme's most
// recent enrollments, and which preview attribute holds each card field people recognise a row by (from the
// saved mapping, else the Mapping screen's likely attribute).

export interface EnrollmentPreview {
  programme_uid: string;
  total_enrollments: number;
  preview: PreviewRow[];
}
interface SavedMapping {
  mappings: { card_field: string; dhis2_attribute_uid?: string; dhis2_attribute_code?: string | null }[];
}

export async function fetchEnrollmentList(transport: Transport, programmeUid: string): Promise<{ preview: EnrollmentPreview; mapping: SavedMapping | null }> {
  const [preview, mapping] = await Promise.all([
    call<EnrollmentPreview>(transport, 'GET', `/dhis2/preview-enrollments?${new URLSearchParams({ programme_uid: programmeUid, limit: '100' }).toString()}`),
    call<SavedMapping>(transport, 'GET', `/dhis2/mapping?${new URLSearchParams({ programme_uid: programmeUid }).toString()}`).catch(() => null),
  ]);
  return { preview, mapping };
}

/** The preview attribute key of each field: the mapped attribute, else a likely one; absent when neither. */
export function attributeKeys<F extends CardFieldId>(attributes: ProgrammeAttribute[], mapping: SavedMapping | null, fields: readonly F[]): Partial<Record<F, string>> {
  const guesses = suggest(attributes);
  const out: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const mapped = mapping?.mappings.find((m) => m.card_field === field && m.dhis2_attribute_uid);
    if (mapped) {
      out[field] = mapped.dhis2_attribute_code ?? mapped.dhis2_attribute_uid ?? '';
      continue;
    }
    const guess = guesses[field];
    const attribute = guess ? attributes.find((a) => `attr:${a.uid}` === guess) : undefined;
    if (attribute) out[field] = attributeKey(attribute);
  }
  return out;
}

/** A row's value for a field, trimmed ('' when the field has no key or the row no value). */
export const rowValue = <F extends string>(row: PreviewRow, keys: Partial<Record<F, string>>, field: F): string => {
  const key = keys[field];
  return key ? (row.attributes[key] ?? '').trim() : '';
};
