// The card mapping of the sandbox's vaccination programme that most tests and benchmarks use: in a module of its
// own, so a benchmark that needs only it does not load the in-process sandbox and the PNG reader with it.
/** The reference's mapping example, plus health centre and zone from the enrollment's org unit. */
export const referenceMapping = [
  { card_field: 'first_name', dhis2_attribute_code: 'MMD_PER_NAM' },
  { card_field: 'last_name', dhis2_attribute_code: 'MMD_PER_LST' },
  { card_field: 'date_of_birth', dhis2_attribute_code: 'MMD_PER_DOB' },
  { card_field: 'gender', dhis2_attribute_code: 'MMD_PER_SEX' },
  { card_field: 'phone_number', dhis2_attribute_display_name: 'Phone Number' },
  { card_field: 'health_center', org_unit: 'enrollment' },
  { card_field: 'zone', org_unit: 'parent' },
];
