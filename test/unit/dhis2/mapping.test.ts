import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgrammeMetadata as Programme } from '../../../electron/core/api/contract/schemas/cache';
import { AppError } from '../../../electron/core/errors';
import { foldName, resolveMappings, unmappedCoreFields } from '../../../electron/core/mapping/mapping-store';

const attr = (uid: string, code: string | null, display_name: string | null, value_type = 'TEXT') =>
  ({ uid, code, display_name, value_type, mandatory: false, options: [], unique: false, generated: false });

const programme: Programme = {
  uid: 'P3jJH5Tu5VC',
  name: 'National Vaccination Program',
  synced_at: '2026-05-15T09:00:00Z',
  attributes: [
    attr('TfdH5KvFmMy', 'MMD_PER_NAM', 'First Name'),
    attr('aW66s2QSosT', 'MMD_PER_LST', 'Last Name'),
    attr('iESIqZ0R0R0', 'MMD_PER_DOB', 'Date of Birth', 'DATE'),
    attr('cejWyOfXge6', 'MMD_PER_SEX', 'Sex'),
    attr('P2cwLGskgxn', null, 'Phone Number', 'PHONE_NUMBER'),
    attr('ruQQnf6rswq', null, 'Numéro de téléphone', 'PHONE_NUMBER'),
    attr('ruQQnf6rswz', null, 'Numero de telephone', 'PHONE_NUMBER'),
    attr('QsPhotoAttr', null, 'Photo', 'IMAGE'),
  ],
};

const problemsOf = (fn: () => unknown): { field: string; problem: string }[] => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'validation_failed');
    return e.details;
  }
  assert.fail('expected a validation error');
};

test("the reference's example maps five fields and leaves health_center and zone unmapped", () => {
  const resolved = resolveMappings(programme, [
    { dhis2_attribute_code: 'MMD_PER_NAM', card_field: 'first_name' },
    { dhis2_attribute_code: 'MMD_PER_LST', card_field: 'last_name' },
    { dhis2_attribute_code: 'MMD_PER_DOB', card_field: 'date_of_birth' },
    { dhis2_attribute_code: 'MMD_PER_SEX', card_field: 'gender' },
    { dhis2_attribute_display_name: 'Phone Number', card_field: 'phone_number' },
  ]);
  assert.equal(resolved.length, 5);
  assert.equal(resolved.find((m) => m.card_field === 'phone_number')?.attribute_uid, 'P2cwLGskgxn');
  assert.deepEqual(unmappedCoreFields(resolved), ['health_center', 'zone']);
});

test('display names match whatever the case, accents and spacing; org units can fill health centre and zone', () => {
  assert.equal(foldName('  PHONE   number '), 'phone number');
  assert.equal(foldName('Numéro de Téléphone'), foldName('numero-de-telephone'));
  const resolved = resolveMappings(programme, [
    { dhis2_attribute_display_name: 'phone NUMBER', card_field: 'phone_number' },
    { org_unit: 'enrollment', card_field: 'health_center' },
    { org_unit: 'parent', card_field: 'zone' },
  ]);
  assert.deepEqual(resolved.map((m) => m.source), ['attribute', 'org_unit', 'org_unit_parent']);
});

test('every problem is reported at once, each naming its place', () => {
  const details = problemsOf(() => resolveMappings(programme, [
    { dhis2_attribute_code: 'NOPE', card_field: 'first_name' },
    { dhis2_attribute_code: 'MMD_PER_LST', card_field: 'favourite_colour' },
    { dhis2_attribute_code: 'MMD_PER_LST', card_field: 'first_name' },
    { dhis2_attribute_display_name: 'numero de telephone', card_field: 'phone_number' },
    { card_field: 'gender' },
    { dhis2_attribute_code: 'MMD_PER_SEX', org_unit: 'enrollment', card_field: 'zone' },
    { org_unit: 'enrollment', card_field: 'last_name' },
    { dhis2_attribute_code: 'MMD_PER_NAM', card_field: 'photo' },
  ]));
  const fields = details.map((d) => d.field);
  assert.ok(fields.includes('mappings[0].dhis2_attribute_code'), JSON.stringify(details));
  assert.ok(details.some((d) => d.field === 'mappings[1].card_field' && /not a card field/.test(d.problem)));
  assert.ok(details.some((d) => d.field === 'mappings[2].card_field' && /already mapped by mappings\[0\]/.test(d.problem)));
  assert.ok(details.some((d) => d.field === 'mappings[3].dhis2_attribute_display_name' && /matches 2 attributes/.test(d.problem)));
  assert.ok(fields.includes('mappings[4]'));
  assert.ok(fields.includes('mappings[5]'));
  assert.ok(details.some((d) => d.field === 'mappings[6].org_unit'));
  assert.ok(details.some((d) => d.field === 'mappings[7].dhis2_attribute_code' && /TEXT values/.test(d.problem)));
});
