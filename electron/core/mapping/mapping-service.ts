import { cardFieldIds, isCardField, type CardFieldId } from '../api/contract/card-fields';
import type { ProgrammeAttribute } from '../api/contract/schemas/cache';
import type { AssignCodesAnswer, AssignCodesBody, MappingView, SavedMappingItem } from '../api/contract/schemas/mapping';
import type { MetadataCache } from '../cache/metadata-cache';
import { notFound } from '../errors';
import { resolveMappings, unmappedCoreFields, type MappingStore, type StoredMapping } from './mapping-store';

// The Mapping screen's two operations: save a programme's mapping (every problem reported at once, a
// refused one changes nothing), and read it back as assign-codes takes it.

export interface MappingService {
  assign(body: AssignCodesBody): AssignCodesAnswer;
  view(programmeUid: string): MappingView;
}

/** A saved mapping as assign-codes takes it (by attribute UID or org unit), with the attribute's code and name. */
function savedItem(m: StoredMapping & { card_field: CardFieldId }, attributes: Map<string, ProgrammeAttribute>): SavedMappingItem {
  if (m.source !== 'attribute') return { card_field: m.card_field, org_unit: m.source === 'org_unit' ? 'enrollment' : 'parent' };
  const a = m.attribute_uid ? attributes.get(m.attribute_uid) : undefined;
  return {
    card_field: m.card_field,
    dhis2_attribute_uid: m.attribute_uid ?? '',
    // null when the attribute is no longer in the cached programme (removed upstream): map it again.
    dhis2_attribute_code: a?.code ?? null,
    dhis2_attribute_display_name: a?.display_name ?? null,
  };
}

/** `onChanged` hears of each saved mapping (the search re-indexes the programme's names and phones). */
export function createMappingService(metadata: MetadataCache, mappings: MappingStore, onChanged: (programmeUid: string) => void = () => {}): MappingService {
  return {
    assign(body) {
      const programme = metadata.programme(body.programme_uid);
      if (!programme) throw notFound(`Programme ${body.programme_uid} (not in the cache; sync first)`);
      const resolved = resolveMappings(programme, body.mappings);
      const { updated_at } = mappings.replace(programme.uid, resolved);
      onChanged(programme.uid);
      return { programme_uid: programme.uid, mappings_configured: resolved.length, unmapped_card_fields: unmappedCoreFields(resolved), updated_at };
    },

    view(uid) {
      const programme = metadata.programme(uid);
      const saved = mappings.get(uid);
      if (!programme && saved.length === 0) throw notFound(`Programme ${uid} (not in the cache; sync first)`);
      const attributes = new Map((programme?.attributes ?? []).map((a) => [a.uid, a]));
      // Only card fields are ever saved (assign-codes refuses others); in card-field order.
      const known = saved.filter((m): m is StoredMapping & { card_field: CardFieldId } => isCardField(m.card_field));
      const order = (m: { card_field: CardFieldId }): number => cardFieldIds.indexOf(m.card_field);
      return {
        programme_uid: uid,
        mappings: known.sort((a, b) => order(a) - order(b)).map((m) => savedItem(m, attributes)),
        mappings_configured: saved.length,
        unmapped_card_fields: unmappedCoreFields(saved),
        updated_at: mappings.updatedAt(uid),
      };
    },
  };
}
