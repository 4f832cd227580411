import { Type, type Static } from 'typebox';
import { cardFieldIds } from '../card-fields';
import { Answer, Nullable, Uid } from './common';

// Which DHIS2 attribute (or org unit) fills each card field of a programme.

/** card_field is checked by the mapping itself, which names the known fields in its answer. */
export const MappingRequestItem = Type.Object(
  {
    card_field: Type.String({ minLength: 1, maxLength: 64 }),
    dhis2_attribute_code: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    dhis2_attribute_display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    dhis2_attribute_uid: Type.Optional(Uid),
    org_unit: Type.Optional(Type.Enum(['enrollment', 'parent'])),
  },
  { additionalProperties: false },
);
export type MappingRequestItem = Static<typeof MappingRequestItem>;
export const AssignCodesBody = Type.Object({ programme_uid: Uid, mappings: Type.Array(MappingRequestItem, { maxItems: 50 }) }, { additionalProperties: false });
export type AssignCodesBody = Static<typeof AssignCodesBody>;

const CardField = Type.Enum([...cardFieldIds]);
export const AssignCodesAnswer = Answer({
  programme_uid: Type.String(),
  mappings_configured: Type.Integer(),
  unmapped_card_fields: Type.Array(CardField),
  updated_at: Type.String(),
});
export type AssignCodesAnswer = Static<typeof AssignCodesAnswer>;

/** A saved mapping as assign-codes takes it, by attribute UID (with the attribute's code and name, null
 * when the attribute is gone from the cached programme) or by org unit. */
export const SavedMappingItem = Type.Union([
  Answer({
    card_field: CardField,
    dhis2_attribute_uid: Type.String(),
    dhis2_attribute_code: Nullable(Type.String()),
    dhis2_attribute_display_name: Nullable(Type.String()),
  }),
  Answer({ card_field: CardField, org_unit: Type.Enum(['enrollment', 'parent']) }),
]);
export type SavedMappingItem = Static<typeof SavedMappingItem>;
export const MappingQuery = Type.Object({ programme_uid: Uid }, { additionalProperties: false });
export const MappingView = Answer({
  programme_uid: Type.String(),
  mappings: Type.Array(SavedMappingItem),
  mappings_configured: Type.Integer(),
  unmapped_card_fields: Type.Array(CardField),
  /** null when nothing is mapped. */
  updated_at: Nullable(Type.String()),
});
export type MappingView = Static<typeof MappingView>;
