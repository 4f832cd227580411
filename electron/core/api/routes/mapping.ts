import { Type } from 'typebox';
import type { Dhis2Services } from '../../dhis2/dhis2-services';
import { notFound } from '../../errors';
import { resolveMappings, unmappedCoreFields } from '../../mapping/mapping-store';
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
}
