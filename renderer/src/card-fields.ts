// The card fields, in the order the Mapping screen lists them: a typed copy of electron/core/mapping/card-fields.ts,
// which validates (this list only drives the form; test/unit/renderer-mirrors.test.ts keeps the two equal).
// "core" fields are reported when left unmapped.

export const cardFieldIds = [
  'first_name',
  'last_name',
  'date_of_birth',
  'gender',
  'phone_number',
  'health_center',
  'zone',
  'photo',
  'national_id',
  'address',
  'guardian_name',
] as const;
export type CardFieldId = (typeof cardFieldIds)[number];

export const coreCardFields: readonly CardFieldId[] = ['first_name', 'last_name', 'date_of_birth', 'gender', 'phone_number', 'health_center', 'zone'];
/** Fields that can also come from the enrollment's org unit or its parent. */
export const orgUnitCardFields: readonly CardFieldId[] = ['health_center', 'zone'];

export const isCardField = (value: string): value is CardFieldId => (cardFieldIds as readonly string[]).includes(value);
