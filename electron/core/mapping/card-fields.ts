// The one catalogue of card fields: it drives mapping validation, unmapped_card_fields, the card model
// and the Mapping screen. "core" fields are the ones every card shows and whose absence is reported.

export interface CardField {
  id: string;
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

export const cardFieldIds = cardFields.map((f) => f.id);
export const cardField = (id: string): CardField | undefined => cardFields.find((f) => f.id === id);
