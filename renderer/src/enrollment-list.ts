import { attributeKey, type CardFieldId, type EnrollmentPreview, type MappingView, type PreviewRow, type ProgrammeAttribute } from '@contract';
import { useApi } from './api';
import { suggest } from './components/mapping/mapping-choice';

// The list of cached enrollments the Cards, Send and Google Wallet screens pick from: the programme's most
// recent enrollments, and which preview attribute holds each card field people recognise a row by (from the
// saved mapping, else the Mapping screen's likely attribute).

export async function fetchEnrollmentList(programmeUid: string): Promise<{ preview: EnrollmentPreview; mapping: MappingView | null }> {
  const api = useApi();
  const [preview, mapping] = await Promise.all([
    api.call('GET /dhis2/preview-enrollments', { query: { programme_uid: programmeUid, limit: 100 } }),
    api.call('GET /dhis2/mapping', { query: { programme_uid: programmeUid } }).catch(() => null),
  ]);
  return { preview, mapping };
}

/** The preview attribute key of each field: the mapped attribute, else a likely one; absent when neither. */
export function attributeKeys<F extends CardFieldId>(attributes: ProgrammeAttribute[], mapping: MappingView | null, fields: readonly F[]): Partial<Record<F, string>> {
  const guesses = suggest(attributes);
  const out: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const mapped = mapping?.mappings.find((m) => m.card_field === field && 'dhis2_attribute_uid' in m);
    if (mapped && 'dhis2_attribute_uid' in mapped) {
      out[field] = mapped.dhis2_attribute_code ?? mapped.dhis2_attribute_uid;
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
