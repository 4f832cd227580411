import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../electron/core/clock';
import { P, setUp, syncOk } from '../helpers/sync';

// The offline read routes (programmes, org units, preview, sync status), the mapping (assign-codes and its
// read-back) and the schedule routes, over a cache filled by a real sync of the sandbox.

const clock: Clock = { now: () => new Date('2026-05-15T09:20:00.000Z') };
const { sandbox, app } = await setUp({ version: '2.41.2', enrollments: 500, seed: 5 }, { clock });
const pop = sandbox.population;
const prenatal = pop.programmes.find((p) => p.programType === 'WITH_REGISTRATION' && p.id !== P)?.id ?? '';
await syncOk(app, { programme_uid: P });
await syncOk(app, { programme_uid: prenatal });

const get = async (path: string): Promise<{ status: number; body: any }> => {
  const res = await app.dispatch('GET', path);
  return { status: res.status, body: res.body };
};
const post = async (path: string, body: unknown): Promise<{ status: number; body: any }> => {
  const res = await app.dispatch('POST', path, body);
  return { status: res.status, body: res.body };
};
/** A 400 whose details name `field`. */
function assertInvalid(res: { status: number; body: any }, field: string, problem?: RegExp): void {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'validation_failed');
  const detail = res.body.error.details?.find((d: any) => d.field === field);
  assert.ok(detail, `${field} named in ${JSON.stringify(res.body.error)}`);
  if (problem) assert.match(detail.problem, problem);
}
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const attr = pop.metadata.attribute;
/** The key the preview gives an attribute: its code, or its UID when it has none. */
const keyOf = new Map(pop.attributes.map((a) => [a.id, a.code ?? a.id]));
const under = (unit: string): ((orgUnit: string) => boolean) => (orgUnit) => (pop.orgUnit(orgUnit)?.path ?? '').split('/').includes(unit);

// ---- programmes, org units

test('GET /dhis2/programmes: the tracker programmes with their attributes in DHIS2 order, and the cached count', async () => {
  const { status, body } = await get('/dhis2/programmes');
  assert.equal(status, 200);
  assert.deepEqual(body.programmes.map((p: any) => p.uid).sort(), [P, prenatal].sort(), 'no event programme');
  const vaccination = body.programmes.find((p: any) => p.uid === P);
  assert.deepEqual(Object.keys(vaccination).sort(), ['attributes', 'cached_enrollments', 'name', 'synced_at', 'uid']);
  assert.equal(vaccination.name, 'National Vaccination Program');
  assert.equal(vaccination.synced_at, '2026-05-15T09:20:00Z');
  assert.equal(vaccination.cached_enrollments, 500);
  assert.deepEqual(vaccination.attributes.map((a: any) => a.code), ['MMD_PER_NAM', 'MMD_PER_LST', 'MMD_PER_DOB', 'MMD_PER_SEX', null, 'MMD_PER_PHOTO', 'MMD_PER_VIL', null, 'OOMUS_MPI_ID']);
  const sex = vaccination.attributes.find((a: any) => a.code === 'MMD_PER_SEX');
  assert.deepEqual(sex, { uid: attr.sex.id, code: 'MMD_PER_SEX', display_name: 'Sex', value_type: 'TEXT', mandatory: false, options: [{ code: 'F', name: 'Féminin' }, { code: 'M', name: 'Masculin' }], unique: false, generated: false });
  // What may hold an MPI ID in DHIS2: unique; the old register's numbers come from a pattern.
  assert.deepEqual(vaccination.attributes.filter((a: any) => a.unique).map((a: any) => [a.code, a.generated]), [[null, true], ['OOMUS_MPI_ID', false]]);
  assert.deepEqual(vaccination.attributes.filter((a: any) => a.mandatory).map((a: any) => a.code), ['MMD_PER_NAM', 'MMD_PER_LST']);
  assert.equal(vaccination.attributes.find((a: any) => a.uid === attr.legacyId.id).display_name, null);
});

test('GET /dhis2/org-units: the tree a level at a time; unknown parent 404, bad parent 400', async () => {
  const root = await get('/dhis2/org-units');
  assert.equal(root.status, 200);
  assert.equal(root.body.parent, null);
  const country = pop.orgUnits.find((o) => o.level === 1);
  assert.ok(country);
  assert.deepEqual(root.body.org_units.map((o: any) => o.uid), [country.id]);
  assert.deepEqual(Object.keys(root.body.org_units[0]).sort(), ['code', 'has_children', 'level', 'name', 'parent_uid', 'path', 'uid']);
  assert.equal(root.body.org_units[0].has_children, true);
  const regions = await get(`/dhis2/org-units?parent=${country.id}`);
  assert.deepEqual(regions.body.org_units.map((o: any) => o.uid).sort(), pop.orgUnits.filter((o) => o.parentId === country.id).map((o) => o.id).sort());
  const facility = pop.facilities[0];
  assert.ok(facility);
  const leaf = await get(`/dhis2/org-units?parent=${facility.id}`);
  assert.deepEqual(leaf.body.org_units, []);
  const unknown = await get('/dhis2/org-units?parent=Abcdefghijk');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error.message, /Org unit Abcdefghijk/);
  assertInvalid(await get('/dhis2/org-units?parent=..%2Fetc'), 'parent');
  assertInvalid(await get('/dhis2/org-units?level=2'), 'level', /not a known field/);
});

// ---- preview-enrollments

test('preview-enrollments: the reference shape, total exact, latest first, attributes keyed by code or UID', async () => {
  const { status, body } = await get(`/dhis2/preview-enrollments?programme_uid=${P}`);
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body), ['programme_uid', 'programme_name', 'total_enrollments', 'preview']);
  assert.equal(body.programme_uid, P);
  assert.equal(body.programme_name, 'National Vaccination Program');
  assert.equal(body.total_enrollments, 500);
  assert.equal(body.preview.length, 10, 'default limit 10');
  const server = new Map(pop.activeEnrollments(P).map((e) => [e.enrollment, e]));
  const dates = body.preview.map((p: any) => p.enrollment_date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'most recent first');
  const newest = [...server.values()].map((e) => e.enrolledAt.slice(0, 10)).sort().reverse()[0];
  assert.equal(dates[0], newest);
  for (const row of body.preview) {
    assert.deepEqual(Object.keys(row), ['enrollment_id', 'mpi_id', 'enrollment_date', 'org_unit_name', 'attributes']);
    assert.equal(row.mpi_id, null, 'no MPI ID before any card generation');
    const e = server.get(row.enrollment_id);
    assert.ok(e, row.enrollment_id);
    assert.equal(row.enrollment_date, e.enrolledAt.slice(0, 10));
    assert.equal(row.org_unit_name, pop.orgUnit(e.orgUnit)?.name);
    assert.deepEqual(row.attributes, Object.fromEntries(Object.entries(e.attributes).map(([uid, v]) => [keyOf.get(uid), v])));
  }
  // Codes where the attribute has one; the phone (no code) and the legacy id (no code, no name) by UID.
  const all = (await get(`/dhis2/preview-enrollments?programme_uid=${P}&limit=100`)).body.preview;
  const keys = new Set(all.flatMap((p: any) => Object.keys(p.attributes)));
  for (const k of ['MMD_PER_NAM', 'MMD_PER_LST', 'MMD_PER_DOB', 'MMD_PER_SEX', attr.phone.id]) assert.ok(keys.has(k), `${k} present`);
  assert.ok(!keys.has(attr.gravidity.id) && !keys.has('PNC_GRAVIDITE'), 'no prenatal attribute in the vaccination preview');
});

test('preview-enrollments: total_enrollments exact for an org-unit subtree and a date range; limit bounded', async () => {
  const active = pop.activeEnrollments(P);
  const facility = pop.orgUnit('DiszpKrYNg8');
  const district = facility?.parentId ? pop.orgUnit(facility.parentId) : undefined;
  const region = district?.parentId ? pop.orgUnit(district.parentId) : undefined;
  assert.ok(facility && district && region);
  const dates = active.map((e) => e.enrolledAt.slice(0, 10)).sort();
  const from = dates[Math.floor(dates.length / 4)] ?? '';
  const to = dates[Math.floor((dates.length * 3) / 4)] ?? '';
  const cases: [string, (e: (typeof active)[number]) => boolean][] = [
    [`org_unit=${facility.id}`, (e) => under(facility.id)(e.orgUnit)],
    [`org_unit=${district.id}`, (e) => under(district.id)(e.orgUnit)],
    [`org_unit=${region.id}`, (e) => under(region.id)(e.orgUnit)],
    [`from_date=${from}`, (e) => e.enrolledAt.slice(0, 10) >= from],
    [`to_date=${to}`, (e) => e.enrolledAt.slice(0, 10) <= to],
    [`from_date=${from}&to_date=${to}`, (e) => e.enrolledAt.slice(0, 10) >= from && e.enrolledAt.slice(0, 10) <= to],
    [`org_unit=${region.id}&from_date=${from}&to_date=${to}`, (e) => under(region.id)(e.orgUnit) && e.enrolledAt.slice(0, 10) >= from && e.enrolledAt.slice(0, 10) <= to],
    [`from_date=${to}&to_date=${to}`, (e) => e.enrolledAt.slice(0, 10) === to],
  ];
  for (const [query, keep] of cases) {
    const expected = active.filter(keep);
    const res = await get(`/dhis2/preview-enrollments?programme_uid=${P}&${query}&limit=100`);
    assert.equal(res.status, 200, query);
    assert.equal(res.body.total_enrollments, expected.length, query);
    assert.equal(res.body.preview.length, Math.min(100, expected.length), query);
    const allowed = new Set(expected.map((e) => e.enrollment));
    assert.ok(res.body.preview.every((p: any) => allowed.has(p.enrollment_id)), `${query}: only matching rows`);
  }
  assert.ok(active.filter((e) => under(region.id)(e.orgUnit)).length > active.filter((e) => under(facility.id)(e.orgUnit)).length);
  assert.equal((await get(`/dhis2/preview-enrollments?programme_uid=${P}&limit=1`)).body.preview.length, 1);
  assert.equal((await get(`/dhis2/preview-enrollments?programme_uid=${P}&limit=100`)).body.preview.length, 100);
  const none = await get(`/dhis2/preview-enrollments?programme_uid=${P}&from_date=2099-01-01`);
  assert.deepEqual([none.body.total_enrollments, none.body.preview], [0, []]);
});

test('preview-enrollments: 404 for an unknown programme or org unit, 400 naming the field for bad input', async () => {
  const unknown = await get('/dhis2/preview-enrollments?programme_uid=Abcdefghijk');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
  assert.match(unknown.body.error.message, /Programme Abcdefghijk/);
  const event = pop.programmes.find((p) => p.programType === 'WITHOUT_REGISTRATION');
  assert.equal((await get(`/dhis2/preview-enrollments?programme_uid=${event?.id}`)).status, 404, 'an event programme is not cached');
  const unit = await get(`/dhis2/preview-enrollments?programme_uid=${P}&org_unit=Abcdefghijk`);
  assert.equal(unit.status, 404);
  assert.match(unit.body.error.message, /Org unit Abcdefghijk/);

  const base = `/dhis2/preview-enrollments?programme_uid=${P}`;
  assertInvalid(await get('/dhis2/preview-enrollments'), 'programme_uid', /required/);
  assertInvalid(await get('/dhis2/preview-enrollments?programme_uid=P3jJH5Tu5V'), 'programme_uid');
  assertInvalid(await get('/dhis2/preview-enrollments?programme_uid=..%2F..%2Fetc%2Fpasswd'), 'programme_uid');
  assertInvalid(await get(`${base}&org_unit=DiszpKrYNg8'--`), 'org_unit');
  assertInvalid(await get(`${base}&from_date=2026-02-30`), 'from_date', /valid date/);
  assertInvalid(await get(`${base}&to_date=15%2F05%2F2026`), 'to_date', /valid date/);
  assertInvalid(await get(`${base}&from_date=2026-05-15&to_date=2026-01-01`), 'to_date', /before from_date/);
  for (const limit of ['0', '101', '-5', 'ten', '2.5']) assertInvalid(await get(`${base}&limit=${limit}`), 'limit');
  assertInvalid(await get(`${base}&status=ACTIVE`), 'status', /not a known field/);
});

// ---- sync-status

test('GET /dhis2/sync-status: per programme the cache, the attempts, the error and the schedule', async () => {
  const { status, body } = await get('/dhis2/sync-status');
  assert.equal(status, 200);
  assert.deepEqual(body.programmes.map((p: any) => p.programme_uid).sort(), [P, prenatal].sort());
  const row = body.programmes.find((p: any) => p.programme_uid === P);
  assert.deepEqual(Object.keys(row).sort(), [
    'auto_generate_cards', 'cached_enrollments', 'enabled', 'interval_minutes', 'last_attempt_at', 'last_error', 'last_success_at',
    'next_sync', 'programme_name', 'programme_uid', 'resumable', 'running_task_id',
  ]);
  assert.equal(row.cached_enrollments, 500);
  assert.equal(row.programme_name, 'National Vaccination Program');
  assert.match(row.last_success_at, iso);
  assert.equal(row.last_error, null);
  assert.equal(row.resumable, false);
  assert.equal(row.running_task_id, null);
  assert.deepEqual([row.interval_minutes, row.enabled, row.auto_generate_cards, row.next_sync], [null, false, false, null], 'no schedule yet');
});

// ---- assign-codes and its read-back

test('assign-codes: the reference example maps by code and by display name "Phone Number"; GET /dhis2/mapping reads it back', async () => {
  const before = await get(`/dhis2/mapping?programme_uid=${P}`);
  assert.equal(before.status, 200);
  assert.deepEqual(before.body, {
    programme_uid: P, mappings: [], mappings_configured: 0,
    unmapped_card_fields: ['first_name', 'last_name', 'date_of_birth', 'gender', 'phone_number', 'health_center', 'zone'], updated_at: null,
  });

  const example = {
    programme_uid: 'P3jJH5Tu5VC',
    mappings: [
      { dhis2_attribute_code: 'MMD_PER_NAM', card_field: 'first_name' },
      { dhis2_attribute_code: 'MMD_PER_LST', card_field: 'last_name' },
      { dhis2_attribute_code: 'MMD_PER_DOB', card_field: 'date_of_birth' },
      { dhis2_attribute_code: 'MMD_PER_SEX', card_field: 'gender' },
      { dhis2_attribute_display_name: 'Phone Number', card_field: 'phone_number' },
    ],
  };
  const res = await post('/dhis2/assign-codes', example);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { programme_uid: P, mappings_configured: 5, unmapped_card_fields: ['health_center', 'zone'], updated_at: '2026-05-15T09:20:00Z' });

  const saved = await get(`/dhis2/mapping?programme_uid=${P}`);
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body, {
    programme_uid: P,
    mappings: [
      { card_field: 'first_name', dhis2_attribute_uid: attr.firstName.id, dhis2_attribute_code: 'MMD_PER_NAM', dhis2_attribute_display_name: 'First Name' },
      { card_field: 'last_name', dhis2_attribute_uid: attr.lastName.id, dhis2_attribute_code: 'MMD_PER_LST', dhis2_attribute_display_name: 'Last Name' },
      { card_field: 'date_of_birth', dhis2_attribute_uid: attr.dob.id, dhis2_attribute_code: 'MMD_PER_DOB', dhis2_attribute_display_name: 'Date of Birth' },
      { card_field: 'gender', dhis2_attribute_uid: attr.sex.id, dhis2_attribute_code: 'MMD_PER_SEX', dhis2_attribute_display_name: 'Sex' },
      { card_field: 'phone_number', dhis2_attribute_uid: attr.phone.id, dhis2_attribute_code: null, dhis2_attribute_display_name: 'Phone Number' },
    ],
    mappings_configured: 5,
    unmapped_card_fields: ['health_center', 'zone'],
    updated_at: '2026-05-15T09:20:00Z',
  });
});

test('assign-codes: display names match without case or accents; org units fill health_center and zone; a new mapping replaces the old', async () => {
  const res = await post('/dhis2/assign-codes', {
    programme_uid: prenatal,
    mappings: [
      { dhis2_attribute_display_name: '  first NAME ', card_field: 'first_name' },
      { dhis2_attribute_display_name: 'LAST-name', card_field: 'last_name' },
      { dhis2_attribute_display_name: 'nombre de GROSSÉSSES', card_field: 'national_id' },
      { dhis2_attribute_display_name: 'phône number', card_field: 'phone_number' },
      { dhis2_attribute_uid: attr.dob.id, card_field: 'date_of_birth' },
      { org_unit: 'enrollment', card_field: 'health_center' },
      { org_unit: 'parent', card_field: 'zone' },
    ],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.mappings_configured, 7);
  assert.deepEqual(res.body.unmapped_card_fields, ['gender']);
  const saved = (await get(`/dhis2/mapping?programme_uid=${prenatal}`)).body;
  assert.deepEqual(saved.mappings.map((m: any) => m.card_field), ['first_name', 'last_name', 'date_of_birth', 'phone_number', 'health_center', 'zone', 'national_id']);
  assert.deepEqual(saved.mappings.find((m: any) => m.card_field === 'national_id'), {
    card_field: 'national_id', dhis2_attribute_uid: attr.gravidity.id, dhis2_attribute_code: 'PNC_GRAVIDITE', dhis2_attribute_display_name: 'Nombre de grossesses',
  });
  assert.deepEqual(saved.mappings.find((m: any) => m.card_field === 'health_center'), { card_field: 'health_center', org_unit: 'enrollment' });
  assert.deepEqual(saved.mappings.find((m: any) => m.card_field === 'zone'), { card_field: 'zone', org_unit: 'parent' });

  // Replaced whole, not merged.
  const smaller = await post('/dhis2/assign-codes', { programme_uid: prenatal, mappings: [{ dhis2_attribute_code: 'MMD_PER_NAM', card_field: 'first_name' }] });
  assert.equal(smaller.status, 200);
  const now = (await get(`/dhis2/mapping?programme_uid=${prenatal}`)).body;
  assert.deepEqual(now.mappings.map((m: any) => m.card_field), ['first_name']);
  assert.equal(now.unmapped_card_fields.length, 6);
});

test('assign-codes: every problem at once (unknown attribute, unknown card field, field mapped twice, ambiguous name…), nothing saved', async () => {
  const before = (await get(`/dhis2/mapping?programme_uid=${P}`)).body;
  // A DHIS2 where two attributes show the same name but for case and accents.
  app.db.prepare(`INSERT INTO programme_attributes (programme_uid, attribute_uid, code, display_name, value_type, sort_order) VALUES (?, 'TelPortab01', NULL, 'PHONE númber', 'PHONE_NUMBER', 99)`).run(P);
  try {
    const res = await post('/dhis2/assign-codes', {
      programme_uid: P,
      mappings: [
        { dhis2_attribute_code: 'MMD_PER_NAM', card_field: 'first_name' },
        { dhis2_attribute_code: 'MMD_NO_SUCH', card_field: 'last_name' },
        { dhis2_attribute_code: 'MMD_PER_DOB', card_field: 'birthday' },
        { dhis2_attribute_code: 'MMD_PER_LST', card_field: 'first_name' },
        { dhis2_attribute_display_name: 'Phone Number', card_field: 'phone_number' },
        { dhis2_attribute_code: 'MMD_PER_PHOTO', card_field: 'date_of_birth' },
        { dhis2_attribute_code: 'MMD_PER_SEX', dhis2_attribute_uid: attr.sex.id, card_field: 'gender' },
        { org_unit: 'enrollment', card_field: 'address' },
      ],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    const details: { field: string; problem: string }[] = res.body.error.details;
    const problem = (field: string): string => details.filter((d) => d.field === field).map((d) => d.problem).join(' | ');
    assert.match(problem('mappings[1].dhis2_attribute_code'), /no attribute with code "MMD_NO_SUCH" in programme P3jJH5Tu5VC/);
    assert.match(problem('mappings[2].card_field'), /"birthday" is not a card field \(known: first_name, /);
    assert.match(problem('mappings[3].card_field'), /"first_name" is already mapped by mappings\[0\]/);
    assert.match(problem('mappings[4].dhis2_attribute_display_name'), new RegExp(`display name "Phone Number" matches 2 attributes \\((${attr.phone.id}, TelPortab01|TelPortab01, ${attr.phone.id})\\): map by dhis2_attribute_uid`));
    assert.match(problem('mappings[5].dhis2_attribute_code'), /holds IMAGE values, which cannot fill "date_of_birth"/);
    assert.match(problem('mappings[6]'), /exactly one of/);
    assert.match(problem('mappings[7].org_unit'), /"address" cannot come from an org unit/);
    assert.equal(details.length, 7, JSON.stringify(details));
    assert.match(res.body.error.message, /^The mapping has 7 problems: /);
  } finally {
    app.db.prepare(`DELETE FROM programme_attributes WHERE attribute_uid = 'TelPortab01'`).run();
  }
  assert.deepEqual((await get(`/dhis2/mapping?programme_uid=${P}`)).body, before, 'a refused mapping changes nothing');
});

test('assign-codes and GET /dhis2/mapping: 404 unknown programme, 400 for malformed bodies and queries', async () => {
  const unknown = await post('/dhis2/assign-codes', { programme_uid: 'Abcdefghijk', mappings: [] });
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error.message, /Programme Abcdefghijk/);
  assertInvalid(await post('/dhis2/assign-codes', { programme_uid: P }), 'mappings', /required/);
  assertInvalid(await post('/dhis2/assign-codes', { programme_uid: P, mappings: [{ card_field: 'first_name', dhis2_attribute_code: 'X', colour: 'red' }] }), 'mappings.0.colour', /not a known field/);
  assertInvalid(await post('/dhis2/assign-codes', { programme_uid: P, mappings: [{ card_field: 'zone', org_unit: 'grandparent' }] }), 'mappings.0.org_unit');
  assertInvalid(await post('/dhis2/assign-codes', { programme_uid: 'not-a-uid', mappings: [] }), 'programme_uid');

  assert.equal((await get('/dhis2/mapping?programme_uid=Abcdefghijk')).status, 404);
  assertInvalid(await get('/dhis2/mapping'), 'programme_uid', /required/);
  assertInvalid(await get('/dhis2/mapping?programme_uid=..%2Fx'), 'programme_uid');
});

// ---- sync-schedule

test('sync-schedule: only 10, 15, 30, 60 or 180 minutes; next_sync computed; read back in sync-status', async () => {
  for (const minutes of [10, 15, 30, 60, 180]) {
    const res = await post('/dhis2/sync-schedule', { programme_uid: P, interval_minutes: minutes, enabled: true, auto_generate_cards: false });
    assert.equal(res.status, 200);
    const next = new Date(Date.parse('2026-05-15T09:20:00.000Z') + minutes * 60_000).toISOString().replace('.000Z', 'Z');
    assert.deepEqual(res.body, { programme_uid: P, interval_minutes: minutes, enabled: true, next_sync: next, auto_generate_cards: false });
  }
  for (const bad of [0, 5, 20, 45, 120, 1440, 30.5, '30', null]) {
    assertInvalid(await post('/dhis2/sync-schedule', { programme_uid: P, interval_minutes: bad, enabled: true }), 'interval_minutes', /must be one of 10, 15, 30, 60, 180/);
  }
  assertInvalid(await post('/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 30 }), 'enabled', /required/);
  assertInvalid(await post('/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 30, enabled: 'yes' }), 'enabled');
  assertInvalid(await post('/dhis2/sync-schedule', { programme_uid: P, interval_minutes: 30, enabled: true, every: 'day' }), 'every', /not a known field/);
  const unknown = await post('/dhis2/sync-schedule', { programme_uid: 'Abcdefghijk', interval_minutes: 30, enabled: true });
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error.message, /Programme Abcdefghijk/);

  // The reference example, then its read-back.
  const example = await post('/dhis2/sync-schedule', { programme_uid: 'P3jJH5Tu5VC', interval_minutes: 30, enabled: true, auto_generate_cards: false });
  assert.deepEqual(example.body, { programme_uid: P, interval_minutes: 30, enabled: true, next_sync: '2026-05-15T09:50:00Z', auto_generate_cards: false });
  const off = await post('/dhis2/sync-schedule', { programme_uid: prenatal, interval_minutes: 180, enabled: false, auto_generate_cards: true });
  assert.equal(off.body.next_sync, null);
  const rows = (await get('/dhis2/sync-status')).body.programmes;
  const pick = (row: any): unknown => ({ interval_minutes: row.interval_minutes, enabled: row.enabled, auto_generate_cards: row.auto_generate_cards, next_sync: row.next_sync });
  assert.deepEqual(pick(rows.find((r: any) => r.programme_uid === P)), { interval_minutes: 30, enabled: true, auto_generate_cards: false, next_sync: '2026-05-15T09:50:00Z' });
  assert.deepEqual(pick(rows.find((r: any) => r.programme_uid === prenatal)), { interval_minutes: 180, enabled: false, auto_generate_cards: true, next_sync: null });
});
