// The one catalogue of card fields: it drives mapping validation, unmapped_card_fields, the card model
// and the Mapping screen. "core" fields are the ones every card shows and whose absence is reported.

export const cardFieldIds = [
  'first_name', 'last_name', 'date_of_birth', 'gender', 'phone_number', 'health_center', 'zone',
  'photo', 'national_id', 'address', 'guardian_name',
] as const;
export type CardFieldId = (typeof cardFieldIds)[number];

export interface CardField {
  id: CardFieldId;
  core: boolean;
  /** DHIS2 value types that make sense for it (any when empty). */
  valueTypes: readonly string[];
  /** Can be filled from the enrollment's org unit (self) or its parent instead of an attribute. */
  fromOrgUnit: boolean;
}

export const cardFields: readonly CardField[] = [
  { id: 'first_name', core: true, valueTypes: [], fromOrgUnit: false },
  { id: 'last_name', core: true, valueTypes: [], fromOrgUnit: false },
  { id: 'date_of_birth', core: true, valueTypes: ['DATE', 'AGE', 'DATETIME', 'TEXT'], fromOrgUnit: false },
  { id: 'gender', core: true, valueTypes: [], fromOrgUnit: false },
  { id: 'phone_number', core: true, valueTypes: [], fromOrgUnit: false },
  { id: 'health_center', core: true, valueTypes: [], fromOrgUnit: true },
  { id: 'zone', core: true, valueTypes: [], fromOrgUnit: true },
  { id: 'photo', core: false, valueTypes: ['IMAGE'], fromOrgUnit: false },
  { id: 'national_id', core: false, valueTypes: [], fromOrgUnit: false },
  { id: 'address', core: false, valueTypes: [], fromOrgUnit: false },
  { id: 'guardian_name', core: false, valueTypes: [], fromOrgUnit: false },
];

export const isCardField = (value: string): value is CardFieldId => (cardFieldIds as readonly string[]).includes(value);
export const cardField = (id: string): CardField | undefined => cardFields.find((f) => f.id === id);
/** The fields whose absence is reported as unmapped. */
export const coreCardFields: readonly CardFieldId[] = cardFields.filter((f) => f.core).map((f) => f.id);
/** Fields that can also come from the enrollment's org unit or its parent. */
export const orgUnitCardFields: readonly CardFieldId[] = cardFields.filter((f) => f.fromOrgUnit).map((f) => f.id);
