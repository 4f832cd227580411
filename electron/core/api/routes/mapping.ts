import { Type } from 'typebox';
import type { Dhis2Services } from '../../dhis2/dhis2-services';
import { notFound } from '../../errors';
import type { ProgrammeAttribute } from '../../cache/metadata-cache';
import { cardFieldIds } from '../../mapping/card-fields';
import { resolveMappings, unmappedCoreFields, type StoredMapping } from '../../mapping/mapping-store';
import { Uid } from '../schemas';
import type { Api } from '../server';

const Item = Type.Object(
  {
    card_field: Type.String({ minLength: 1, maxLength: 64 }),
    dhis2_attribute_code: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    dhis2_attribute_display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    dhis2_attribute_uid: Type.Optional(Uid),
    org_unit: Type.Optional(Type.Enum(['enrollment', 'parent'])),
  },
  { additionalProperties: false },
);

export function registerMappingRoutes(api: Api, dhis2: Dhis2Services): void {
  api.post('/dhis2/assign-codes', {
    schema: { body: Type.Object({ programme_uid: Uid, mappings: Type.Array(Item, { maxItems: 50 }) }, { additionalProperties: false }) },
    handler: async (request) => {
      const programme = dhis2.metadata.programme(request.body.programme_uid);
      if (!programme) throw notFound(`Programme ${request.body.programme_uid} (not in the cache; sync first)`);
      const resolved = resolveMappings(programme, request.body.mappings);
      const { updated_at } = dhis2.mappings.replace(programme.uid, resolved);
      return {
        programme_uid: programme.uid,
        mappings_configured: resolved.length,
        unmapped_card_fields: unmappedCoreFields(resolved),
        updated_at,
      };
    },
  });
  registerMappingReadRoute(api, dhis2);
}

/** A saved mapping as assign-codes takes it (by attribute UID or org unit), with the attribute's code and name. */
function savedItem(m: StoredMapping, attributes: Map<string, ProgrammeAttribute>): Record<string, unknown> {
  if (m.source !== 'attribute') return { card_field: m.card_field, org_unit: m.source === 'org_unit' ? 'enrollment' : 'parent' };
  const a = m.attribute_uid ? attributes.get(m.attribute_uid) : undefined;
  return {
    card_field: m.card_field,
    dhis2_attribute_uid: m.attribute_uid,
    // null when the attribute is no longer in the cached programme (removed upstream): map it again.
    dhis2_attribute_code: a?.code ?? null,
    dhis2_attribute_display_name: a?.display_name ?? null,
  };
}

function registerMappingReadRoute(api: Api, dhis2: Dhis2Services): void {
  api.get('/dhis2/mapping', {
    schema: { querystring: Type.Object({ programme_uid: Uid }, { additionalProperties: false }) },
    handler: async (request) => {
      const uid = request.query.programme_uid;
      const programme = dhis2.metadata.programme(uid);
      const saved = dhis2.mappings.get(uid);
      if (!programme && saved.length === 0) throw notFound(`Programme ${uid} (not in the cache; sync first)`);
      const attributes = new Map((programme?.attributes ?? []).map((a) => [a.uid, a]));
      const order = (m: StoredMapping): number => cardFieldIds.indexOf(m.card_field);
      return {
        programme_uid: uid,
        mappings: [...saved].sort((a, b) => order(a) - order(b)).map((m) => savedItem(m, attributes)),
        mappings_configured: saved.length,
        unmapped_card_fields: unmappedCoreFields(saved),
        updated_at: dhis2.mappings.updatedAt(uid),
      };
    },
  });
}
