import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generatePopulation } from '../sandbox/population';
import { createSandbox, sandboxPat, type Sandbox, type SandboxOptions } from '../sandbox/server';

// The DHIS2 sandbox against real loopback HTTP: shapes held against DHIS2's own fixtures, paging per version,
// incremental sync, determinism, every fault knob, authentication, and the CLI.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtureText = (path: string): string => readFileSync(join(root, 'test/fixtures/dhis2', path), 'utf8');
const fixture = (path: string): unknown => JSON.parse(fixtureText(path));
const P3 = 'P3jJH5Tu5VC';
const basic = (password = 'district'): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`, accept: 'application/json', 'x-requested-with': 'XMLHttpRequest',
});

interface Answer { status: number; headers: Headers; text: string; json: any }
async function get(sb: Sandbox, path: string, headers: Record<string, string> = basic()): Promise<Answer> {
  const res = await fetch(`${sb.url}${path}`, { headers, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

const sandboxes = new Map<string, Sandbox>();
async function sandbox(version: string, options: SandboxOptions = {}): Promise<Sandbox> {
  const key = `${version} ${JSON.stringify(options)}`;
  let sb = sandboxes.get(key);
  if (!sb) sandboxes.set(key, (sb = await createSandbox({ version, enrollments: 200, ...options })));
  return sb;
}
after(async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
});

// ---- Shape comparison: every key of the fixture's objects must exist with the same JSON type. Elements of an
// array are compared as the union of their keys (a key may be on some elements only: geometry, closedDate).
type Shape = { kind: 'object'; keys: Map<string, Shape> } | { kind: 'array'; item: Shape | null } | { kind: 'string' | 'number' | 'boolean' | 'null' };
function shapeOf(v: unknown): Shape {
  if (v === null) return { kind: 'null' };
  if (Array.isArray(v)) return { kind: 'array', item: v.map(shapeOf).reduce<Shape | null>((a, b) => (a ? merge(a, b) : b), null) };
  if (typeof v === 'object') return { kind: 'object', keys: new Map(Object.entries(v).map(([k, x]) => [k, shapeOf(x)])) };
  return { kind: typeof v as 'string' | 'number' | 'boolean' };
}
function merge(a: Shape, b: Shape): Shape {
  if (a.kind === 'null') return b;
  if (a.kind === 'object' && b.kind === 'object') {
    const keys = new Map(a.keys);
    for (const [k, s] of b.keys) keys.set(k, keys.has(k) ? merge(keys.get(k) as Shape, s) : s);
    return { kind: 'object', keys };
  }
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', item: a.item && b.item ? merge(a.item, b.item) : (a.item ?? b.item) };
  return a;
}
function assertCovers(expected: unknown, actual: unknown, where = '$'): void {
  const walk = (e: Shape, a: Shape, path: string): void => {
    if (e.kind === 'null') return;
    assert.equal(a.kind, e.kind, `${path}: the fixture has a ${e.kind}, the sandbox a ${a.kind}`);
    if (e.kind === 'object' && a.kind === 'object') {
      for (const [k, s] of e.keys) {
        const got = a.keys.get(k);
        assert.ok(got, `${path}.${k}: in the fixture, missing from the sandbox`);
        walk(s, got, `${path}.${k}`);
      }
    }
    if (e.kind === 'array' && a.kind === 'array' && e.item && a.item) walk(e.item, a.item, `${path}[]`);
  };
  walk(shapeOf(expected), shapeOf(actual), where);
}
const keys = (o: object): string[] => Object.keys(o).sort();
const allFieldsParams = `program=${P3}&ouMode=ACCESSIBLE&fields=*`;

test('system/info, loginConfig, me, programs and org units have the shape of the fixtures', async () => {
  const sb = await sandbox('2.41.2');
  const info = await get(sb, '/api/system/info');
  assertCovers(fixture('dhis2-android-capture-app/systeminfo/systeminfo.json'), info.json);
  assert.equal(info.json.contextPath, sb.url);
  assert.match(info.json.serverDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/, 'serverDate has no zone');
  assert.equal(info.json.serverTimeZoneId, 'Africa/Dakar');
  const login = await get(sb, '/api/loginConfig', {});
  assert.equal(login.status, 200, 'loginConfig needs no credentials on 2.41');
  assertCovers(fixture('dhis2-android-sdk/server/login_config.json'), login.json);
  const old = await sandbox('2.40.5');
  assert.equal((await get(old, '/api/loginConfig')).status, 404, 'no loginConfig before 2.41');

  const me37 = await get(await sandbox('2.37.9'), '/api/me?fields=*,userCredentials[*,userRoles[*]],organisationUnits[id,path]');
  assertCovers(fixture('dhis2-android-sdk/user/user37.json'), me37.json);
  assert.equal(me37.json.username, undefined, '≤2.37: username only inside userCredentials');
  assert.equal(me37.json.userCredentials.username, 'admin');
  for (const version of ['2.38.4', '2.41.2', '2.42.1']) {
    const me = (await get(await sandbox(version), '/api/me')).json;
    for (const k of ['id', 'username', 'firstName', 'surname', 'displayName', 'organisationUnits', 'teiSearchOrganisationUnits', 'userRoles', 'authorities', 'programs']) {
      assert.ok(k in me, `${version} /api/me has ${k}`);
    }
    assert.ok(me.authorities.includes('ALL'));
    assert.equal(me.organisationUnits.length, 1);
    assert.deepEqual(keys(me.organisationUnits[0]), ['id']);
    assert.equal('userCredentials' in me, version !== '2.42.1');
  }
  const someFields = (await get(sb, '/api/me?fields=id,username,organisationUnits[id,path,level]')).json;
  assert.deepEqual(keys(someFields), ['id', 'organisationUnits', 'username']);
  assert.equal(someFields.organisationUnits[0].level, 1);

  const program = (await get(sb, `/api/programs/${P3}`)).json;
  assertCovers(fixture('dhis2-android-sdk/program/program.json'), program);
  const sex = (await get(sb, `/api/programs/${P3}?fields=programTrackedEntityAttributes[id,trackedEntityAttribute[code]]`)).json
    .programTrackedEntityAttributes.find((p: any) => p.trackedEntityAttribute.code === 'MMD_PER_SEX');
  assertCovers(fixture('dhis2-android-sdk/program/program_tracked_entity_attribute.json'), (await get(sb, `/api/programTrackedEntityAttributes/${sex.id}`)).json);
  const trackers = (await get(sb, '/api/programs?filter=programType:eq:WITH_REGISTRATION&paging=false&fields=id,programType')).json;
  assert.deepEqual(keys(trackers), ['programs']);
  assert.equal(trackers.programs.length, 2);
  assert.deepEqual(keys((await get(sb, '/api/programs')).json), ['pager', 'programs']);
  const attrs = (await get(sb, `/api/programs/${P3}?fields=programTrackedEntityAttributes[trackedEntityAttribute[id,code,displayName,valueType]]`)).json;
  const codes = attrs.programTrackedEntityAttributes.map((p: any) => p.trackedEntityAttribute.code ?? p.trackedEntityAttribute.displayName ?? '(none)');
  assert.deepEqual(codes, ['MMD_PER_NAM', 'MMD_PER_LST', 'MMD_PER_DOB', 'MMD_PER_SEX', 'Phone Number', 'MMD_PER_PHOTO', 'MMD_PER_VIL', '(none)', 'OOMUS_MPI_ID']);
  assertCovers(fixture('dhis2-android-sdk/trackedentity/tracked_entity_attributes.json'), (await get(sb, '/api/trackedEntityAttributes?paging=false&fields=*')).json);

  const units = (await get(sb, '/api/organisationUnits?paging=false&fields=*,organisationUnitGroups[*]')).json;
  assert.deepEqual(keys(units), ['organisationUnits']);
  assertCovers(fixture('dhis2-android-sdk/organisationunit/organisation_units.json'), units);
  // The fixture's unit is a closed one: held against the sandbox's closed health post.
  const closed = sb.population.orgUnits.find((o) => o.closedDate !== null);
  const closedUnit = (await get(sb, `/api/organisationUnits/${closed?.id}?fields=*,ancestors[id,displayName]`)).json;
  assertCovers(fixture('dhis2-android-sdk/organisationunit/organisation_unit.json'), closedUnit);
  const plateau = (await get(sb, '/api/organisationUnits/DiszpKrYNg8?fields=displayName,level,parent[id],path')).json;
  assert.deepEqual([plateau.displayName, plateau.level, plateau.path.split('/').length], ['Plateau Health Center', 4, 5]);
  const paged = (await get(sb, '/api/organisationUnits?fields=id&pageSize=50')).json;
  assert.deepEqual(keys(paged.pager), ['nextPage', 'page', 'pageCount', 'pageSize', 'total']);
  const counted = (await get(sb, `/api/organisationUnits?fields=id&pageSize=1&filter=path:like:${paged.organisationUnits[0].id}`)).json;
  assert.equal(counted.pager.total, paged.pager.total);
  assert.equal((await get(sb, '/api/organisationUnits?fields=id&paging=false&filter=level:eq:4')).json.organisationUnits.length > 50, true);
});

test('tracker lists and objects have each version\'s envelope and the fixtures\' item shape', async () => {
  const collection = fixture('dhis2-android-sdk/trackedentity/new_tracker_importer_tracked_entity_collection.json') as { instances: unknown[] };
  for (const version of ['2.36.13', '2.37.9', '2.38.4', '2.39.3', '2.40.5']) {
    const sb = await sandbox(version);
    const page = (await get(sb, `/api/tracker/trackedEntities?${allFieldsParams}`)).json;
    assert.deepEqual(keys(page), ['instances', 'page', 'pageSize'], version);
    assertCovers(collection, page, version);
    assertCovers(fixture('dhis2-android-sdk/trackedentity/new_tracker_importer_tracked_entities_lower_v41.json'), page, version);
    assert.deepEqual(keys((await get(sb, `/api/tracker/trackedEntities?${allFieldsParams}&totalPages=true`)).json), ['instances', 'page', 'pageSize', 'total']);
    const empty = await get(sb, `/api/tracker/trackedEntities?program=${P3}&ouMode=ACCESSIBLE&updatedAfter=2100-01-01`);
    assert.deepEqual(empty.json, fixture('dhis2-android-sdk/trackedentity/new_tracker_importer_tracked_entities_empty.json'));
    const defaults = (await get(sb, `/api/tracker/trackedEntities?program=${P3}&ouMode=ACCESSIBLE&pageSize=5`)).json.instances[0];
    assert.equal('enrollments' in defaults, version < '2.38', `${version}: enrollments only by default on 2.36/2.37 (fields ignored)`);
    const nested = (await get(sb, `/api/tracker/trackedEntities?${allFieldsParams}&pageSize=5`)).json.instances[0].enrollments[0];
    assert.equal('orgUnitName' in nested, true, '≤2.40 enrollments carry orgUnitName');
  }
  const v41 = await sandbox('2.41.2');
  const p41 = (await get(v41, `/api/tracker/trackedEntities?program=${P3}&fields=*`)).json;
  assert.deepEqual(keys(p41), ['page', 'pageSize', 'pager', 'trackedEntities']);
  assert.deepEqual(keys(p41.pager), ['page', 'pageSize']);
  assertCovers(collection.instances, p41.trackedEntities);
  assert.equal('orgUnitName' in p41.trackedEntities[0].enrollments[0], false, 'no orgUnitName from 2.41');
  const t41 = (await get(v41, `/api/tracker/trackedEntities?program=${P3}&totalPages=true`)).json;
  assert.deepEqual(keys(t41), ['page', 'pageCount', 'pageSize', 'pager', 'total', 'trackedEntities']);
  assert.deepEqual([t41.pager.total, t41.pager.pageCount], [200, 4]);
  assert.deepEqual(keys((await get(v41, `/api/tracker/trackedEntities?program=${P3}&paging=false`)).json), ['trackedEntities']);
  const v42 = await sandbox('2.42.1');
  const first = (await get(v42, `/api/tracker/trackedEntities?program=${P3}&orgUnitMode=ACCESSIBLE&fields=*`)).json;
  assert.deepEqual(keys(first), ['pager', 'trackedEntities']);
  assert.deepEqual(keys(first.pager), ['nextPage', 'page', 'pageSize']);
  assertCovers(collection.instances, first.trackedEntities);
  const second = (await get(v42, `/api/tracker/trackedEntities?program=${P3}&page=2&totalPages=true`)).json;
  assert.deepEqual(keys(second.pager), ['nextPage', 'page', 'pageCount', 'pageSize', 'prevPage', 'total']);
  assert.ok(second.pager.nextPage.startsWith(`${v42.url}/api/tracker/trackedEntities?`) && second.pager.nextPage.includes('page=3'));

  const te = v41.population.trackedEntities.find((t) => t.coordinates && t.enrollments.length > 0 && !t.deleted);
  assert.ok(te);
  const single = (await get(v41, `/api/tracker/trackedEntities/${te.uid}?program=${P3}&fields=*`)).json;
  assertCovers(fixture('dhis2-android-sdk/trackedentity/new_tracker_importer_tracked_entity.json'), single);
  const missing = await get(v42, '/api/tracker/trackedEntities/Xy12345678Z');
  assert.deepEqual([missing.status, missing.json.message, missing.json.errorCode], [404, 'TrackedEntity with id Xy12345678Z could not be found.', 'E1005']);
  const enrollments = (await get(v41, `/api/tracker/enrollments?program=${P3}&pageSize=3`)).json;
  assert.deepEqual(keys(enrollments), ['enrollments', 'page', 'pageSize', 'pager']);
  assert.equal('attributes' in enrollments.enrollments[0], false, 'enrollments exclude attributes by default');
  assert.ok((await get(v41, `/api/tracker/enrollments?program=${P3}&pageSize=3&fields=*,attributes[attribute,value]`)).json.enrollments[0].attributes.length > 0);

  const v39 = await sandbox('2.39.3');
  const legacy = (await get(v39, `/api/trackedEntityInstances?program=${P3}&ouMode=ACCESSIBLE`)).json;
  assert.deepEqual(keys(legacy), ['trackedEntityInstances'], 'no pager without totalPages=true');
  assertCovers(fixture('dhis2-android-sdk/trackedentity/tracked_entity_instance_collection.json'), legacy);
  const legacyPager = (await get(v39, `/api/trackedEntityInstances?program=${P3}&ouMode=ACCESSIBLE&totalPages=true`)).json.pager;
  assert.deepEqual(keys(legacyPager), ['nextPage', 'page', 'pageCount', 'pageSize', 'total']);
  const legacyTe = v39.population.trackedEntities.find((t) => t.coordinates && !t.deleted);
  assertCovers(fixture('dhis2-android-sdk/trackedentity/tracked_entity_instance.json'), (await get(v39, `/api/trackedEntityInstances/${legacyTe?.uid}?program=${P3}`)).json);
  assert.deepEqual(keys((await get(v39, `/api/enrollments?program=${P3}&ouMode=ACCESSIBLE`)).json.pager), ['isLastPage', 'page', 'pageSize']);
  const removed = await get(v42, `/api/trackedEntityInstances?program=${P3}&ouMode=ACCESSIBLE`);
  assert.equal(removed.status, 404, 'legacy API removed in 2.42');
  assert.deepEqual(keys(removed.json), keys(fixture('dhis2-android-capture-app/settingswebapp/programsettings_404.json') as object));
});

test('bad parameters get the version\'s 400/409 WebMessage', async () => {
  const v40 = await sandbox('2.40.5');
  const v41 = await sandbox('2.41.2');
  const cases: [Sandbox, string, number, RegExp][] = [
    [v40, '/api/tracker/trackedEntities?ouMode=ACCESSIBLE', 409, /^Either Program or Tracked entity type should be specified$/],
    [v40, `/api/tracker/trackedEntities?program=${P3}`, 409, /^At least one organisation unit must be specified$/],
    [v41, '/api/tracker/trackedEntities', 400, /^Either `program`, `trackedEntityType` or `trackedEntities` should be specified$/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&paging=false&page=2`, 400, /^Paging cannot be skipped/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&paging=true&skipPaging=true`, 400, /Only one parameter of 'skipPaging' and 'paging'/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&orgUnit=DiszpKrYNg8&orgUnits=DiszpKrYNg8`, 400, /Only one parameter of 'orgUnit'/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&orgUnits=DiszpKrYNg8&orgUnitMode=ACCESSIBLE`, 400, /cannot be used with orgUnits/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&pageSize=60000`, 400, /KeyTrackedEntityMaxLimit 50000/],
    [v41, `/api/tracker/trackedEntities?program=${P3}&order=nonsense:asc`, 400, /^order parameter is invalid/],
    [v41, '/api/tracker/trackedEntities?program=Xy12345678Z', 400, /Program is specified but does not exist/],
    [v41, '/api/nothing/here', 404, /No handler found/],
  ];
  for (const [sb, path, status, message] of cases) {
    const res = await get(sb, path);
    assert.equal(res.status, status, path);
    assert.deepEqual([res.json.httpStatusCode, res.json.status], [status, 'ERROR'], path);
    assert.match(res.json.message, message, path);
  }
  // ≤2.40 knows no `paging` parameter: paging=false is ignored and the page stays 50 long.
  assert.equal((await get(v40, `/api/tracker/trackedEntities?program=${P3}&ouMode=ACCESSIBLE&paging=false`)).json.instances.length, 50);
});

/** Walks every page as a client of that version would, and returns the P3 enrollments it saw. */
async function walk(sb: Sandbox, params: string, pageSize: number): Promise<{ rows: unknown[]; pages: number; tes: string[] }> {
  const rows: unknown[] = [];
  const tes: string[] = [];
  const fields = 'trackedEntity,attributes[attribute,value],enrollments[enrollment,trackedEntity,program,orgUnit,status,enrolledAt]';
  for (let page = 1; ; page++) {
    const res = await get(sb, `/api/tracker/trackedEntities?program=${P3}&${params}&order=createdAt:asc&page=${page}&pageSize=${pageSize}&fields=${fields}`);
    assert.equal(res.status, 200, res.text);
    const items = res.json.trackedEntities ?? res.json.instances;
    for (const te of items) {
      tes.push(te.trackedEntity);
      const attributes = Object.fromEntries(te.attributes.map((a: any) => [a.attribute, a.value]));
      // Nested enrollments are all of the TE's enrollments: keep this programme's.
      for (const e of te.enrollments.filter((x: any) => x.program === P3)) {
        rows.push({ enrollment: e.enrollment, trackedEntity: te.trackedEntity, orgUnit: e.orgUnit, status: e.status, enrolledAt: e.enrolledAt, attributes });
      }
    }
    if (items.length < pageSize) return { rows, pages: page, tes };
  }
}

test('walking all pages of 37 returns exactly the server set, with each version\'s parameter names', async () => {
  const params: Record<string, string> = {
    '2.39.3': 'orgUnit=ROOT&ouMode=DESCENDANTS',
    '2.41.2': 'orgUnits=ROOT&orgUnitMode=DESCENDANTS',
    '2.42.1': 'orgUnits=ROOT&orgUnitMode=DESCENDANTS&enrollmentStatus=ACTIVE',
  };
  for (const [version, p] of Object.entries(params)) {
    const sb = await sandbox(version);
    const rootUnit = sb.population.orgUnits[0]?.id ?? '';
    const { rows, pages, tes } = await walk(sb, p.replace('ROOT', rootUnit), 37);
    const expected = sb.population.activeEnrollments(P3, version === '2.42.1' ? 'ACTIVE' : undefined);
    assert.equal(new Set(tes).size, tes.length, `${version}: no tracked entity twice`);
    assert.deepEqual(rows, expected, version);
    assert.equal(pages, Math.floor(expected.length / 37) + 1);
    const sent = sb.requests.at(-1)?.query ?? {};
    const names = Object.keys(sent).filter((k) => /^(orgUnit|orgUnits|ouMode|orgUnitMode)$/.test(k));
    assert.deepEqual(names, version === '2.39.3' ? ['orgUnit', 'ouMode'] : ['orgUnits', 'orgUnitMode']);
  }
  // The 2.42 trap: the old names are ignored, so a query meant for one health centre returns everything.
  const v42 = await sandbox('2.42.1');
  const plateau = 'DiszpKrYNg8';
  const total = (p: string): Promise<number> => get(v42, `/api/tracker/trackedEntities?program=${P3}&${p}&totalPages=true&pageSize=1`).then((r) => r.json.pager.total);
  const all = v42.population.activeEnrollments(P3).length;
  assert.equal(await total(`orgUnit=${plateau}&ouMode=SELECTED`), all);
  assert.equal(await total(`orgUnits=${plateau}&orgUnitMode=SELECTED`), v42.population.activeEnrollments(P3).filter((e) => e.orgUnit === plateau).length);
  // Nested enrollments are not filtered by programme.
  const both = v42.population.trackedEntities.find((t) => t.enrollments.length === 2 && !t.deleted);
  assert.ok(both);
  const nested = (await get(v42, `/api/tracker/trackedEntities?program=${P3}&trackedEntities=${both.uid}&fields=enrollments[program]`)).json.trackedEntities[0].enrollments;
  assert.equal(nested.length, 2);
});

test('advance() then updatedAfter=<serverDate before> returns exactly the changed tracked entities', async () => {
  let now = Date.now();
  const sb = await createSandbox({ version: '2.41.2', enrollments: 200, clock: () => new Date(now) });
  try {
    const before = (await get(sb, '/api/system/info')).json.serverDate;
    now += 1500;
    const summary = sb.advance({ newEnrollments: 3, updatedAttributes: 4, moved: 2, statusChanged: 2, deleted: 2 });
    const { newEnrollments, updatedAttributes, moved, statusChanged, deleted: gone } = summary;
    assert.deepEqual([newEnrollments, updatedAttributes, moved, statusChanged, gone].map((x) => x.length), [3, 4, 2, 2, 2]);
    const deleted = new Set(summary.deleted.map((d) => d.trackedEntity));
    const query = `program=${P3}&orgUnitMode=ACCESSIBLE&paging=false&updatedAfter=${encodeURIComponent(before)}` +
      '&fields=trackedEntity,deleted,enrollments[enrollment,program,orgUnit,status,deleted]';
    const changed = (await get(sb, `/api/tracker/trackedEntities?${query}`)).json.trackedEntities;
    assert.deepEqual(changed.map((t: any) => t.trackedEntity).sort(), summary.trackedEntities.filter((u) => !deleted.has(u)));
    const withDeleted = (await get(sb, `/api/tracker/trackedEntities?${query}&includeDeleted=true`)).json.trackedEntities;
    assert.deepEqual(withDeleted.map((t: any) => t.trackedEntity).sort(), summary.trackedEntities);
    assert.ok(withDeleted.filter((t: any) => deleted.has(t.trackedEntity)).every((t: any) => t.deleted && t.enrollments.every((e: any) => e.deleted)));
    const byTe = new Map(changed.map((t: any) => [t.trackedEntity, t]));
    for (const m of summary.moved) assert.equal((byTe.get(m.trackedEntity) as any).enrollments.find((e: any) => e.enrollment === m.enrollment).orgUnit, m.to);
    for (const s of summary.statusChanged) assert.equal((byTe.get(s.trackedEntity) as any).enrollments.find((e: any) => e.enrollment === s.enrollment).status, s.to);
    const { rows } = await walk(sb, 'orgUnitMode=ACCESSIBLE', 50);
    assert.deepEqual(rows, sb.population.activeEnrollments(P3));
    assert.equal(rows.length, 200 + 3 - 2);
  } finally {
    await sb.close();
  }
});

test('same seed, same data; the data has diacritics, Arabic script, long names, odd IDs and planted duplicates', async () => {
  const clock = (): Date => new Date('2025-03-05T10:12:44.123Z');
  const [a, b, c] = await Promise.all([1, 1, 2].map((seed) => createSandbox({ version: '2.41.2', seed, clock })));
  try {
    const page = (sb: Sandbox): Promise<string> => get(sb, `/api/tracker/trackedEntities?program=${P3}&fields=*`).then((r) => r.text);
    assert.equal(await page(a as Sandbox), await page(b as Sandbox));
    assert.notEqual(await page(a as Sandbox), await page(c as Sandbox));
  } finally {
    await Promise.all([a, b, c].map((s) => s?.close()));
  }
  const pop = generatePopulation({ enrollments: 3000, seed: 7, now: new Date('2025-03-05T10:12:44Z') });
  const values = pop.trackedEntities.flatMap((t) => t.attributes.map((x) => x.value));
  assert.ok(values.some((v) => /[éèëïâô]/.test(v)), 'diacritics');
  assert.ok(values.some((v) => /[\u0600-\u06ff]/.test(v)), 'Arabic script');
  assert.ok(values.some((v) => v.length > 40), 'long compound names');
  assert.ok(pop.trackedEntities.some((t) => !/^[A-Za-z][A-Za-z0-9]{10}$/.test(t.uid)), 'non-UID legacy ids');
  const kinds = new Set(pop.duplicatePairs.map(([, , k]) => k));
  assert.ok(kinds.size >= 6, [...kinds].join());
  const share = pop.duplicatePairs.length / pop.trackedEntities.length;
  assert.ok(share > 0.02 && share < 0.05, `duplicates ${share}`);
  const dob = pop.metadata.attribute.dob.id;
  assert.ok(pop.trackedEntities.some((t) => !t.attributes.some((x) => x.attribute === dob)), 'some without date of birth');
  assert.ok(pop.trackedEntities.every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/.test(t.updatedAt)), 'timestamps without zone');
  const fixedIds = new Set(['DiszpKrYNg8', P3]);
  assert.ok([...pop.orgUnits.map((o) => o.id), ...pop.attributes.map((x) => x.id)].every((id) => fixedIds.has(id) || /^[A-Za-z][A-Za-z0-9]{10}$/.test(id)));
  assert.equal(pop.orgUnit('DiszpKrYNg8')?.level, 4);
});

test('each fault knob does what it says', async () => {
  const sb = await createSandbox({ version: '2.41.2', enrollments: 200 });
  const page = `/api/tracker/trackedEntities?program=${P3}&pageSize=20`;
  try {
    sb.setFaults({ errorRate: 1 });
    const error = await get(sb, '/api/me');
    assert.equal(error.status, 500);
    assert.deepEqual(keys(error.json), keys(fixture('dhis2-android-sdk/user/server-error.json') as object));
    sb.clearFaults();
    sb.setFaults({ failPages: [2] });
    assert.deepEqual([(await get(sb, page)).status, (await get(sb, page)).status, (await get(sb, page)).status], [200, 500, 200]);
    for (const f of [{ dropRate: 1 }, { dropPages: [1] }]) {
      sb.clearFaults();
      sb.setFaults(f);
      await assert.rejects(async () => (await fetch(`${sb.url}${page}`, { headers: basic() })).text(), `${JSON.stringify(f)}: a cut answer is a client error`);
    }
    for (const f of [{ timeoutRate: 1 }, { hangPages: [1] }]) {
      sb.clearFaults();
      sb.setFaults(f);
      await assert.rejects(fetch(`${sb.url}${page}`, { headers: basic(), signal: AbortSignal.timeout(300) }), /aborted|timeout/i);
    }
    sb.clearFaults();
    sb.setFaults({ htmlLogin: true });
    const html = await get(sb, '/api/me');
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.text, /^<!DOCTYPE html>/);
    sb.clearFaults();
    sb.setFaults({ unauthorizedAfter: 2 });
    assert.deepEqual([(await get(sb, page)).status, (await get(sb, page)).status, (await get(sb, page)).status, (await get(sb, '/api/me')).status], [200, 200, 401, 401]);
    sb.clearFaults();
    sb.setFaults({ rateLimitPerSecond: 3 });
    const burst = await Promise.all(Array.from({ length: 6 }, () => get(sb, '/api/system/info')));
    const limited = burst.filter((r) => r.status === 429);
    assert.equal(limited.length, 3);
    assert.equal(limited[0]?.headers.get('retry-after'), '1');
    assert.equal(limited[0]?.json.httpStatusCode, 429);
    sb.clearFaults();
    sb.setFaults({ latencyMs: 200 });
    const t0 = performance.now();
    assert.equal((await get(sb, '/api/system/info')).status, 200);
    assert.ok(performance.now() - t0 >= 190);
    // The same knobs from outside the process.
    const admin = (path: string, body?: unknown): Promise<Response> =>
      fetch(`${sb.url}/__sandbox/${path}`, body === undefined ? { method: path === 'state' ? 'GET' : 'POST' } : { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await admin('reset-faults')).status, 200);
    assert.equal((await admin('faults', { errorRate: 1 })).status, 200);
    assert.equal((await get(sb, '/api/me')).status, 500);
    assert.equal((await admin('faults', { errorRate: 2 })).status, 400);
    assert.equal((await admin('faults', { bogus: 1 })).status, 400);
    assert.equal((await admin('reset-faults')).status, 200);
    assert.equal(((await (await admin('advance', { newEnrollments: 1 })).json()) as any).newEnrollments.length, 1);
    assert.equal(((await (await admin('state')).json()) as any).counts.enrollments[P3], 201);
  } finally {
    await sb.close();
  }
  // A request held forever does not keep the server (or the process) alive: close() ends it.
  const held = await createSandbox({ version: '2.41.2', enrollments: 20, faults: { timeoutRate: 1 } });
  const outcome = new Promise<string>((resolve) => {
    http.get(`${held.url}/api/me`, { headers: basic(), agent: false }, () => resolve('answered')).on('error', (e) => resolve(e.message));
  });
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  await held.close();
  assert.match(await outcome, /socket hang up|ECONNRESET/);
  assert.ok(performance.now() - t0 < 1000);
});

test('authentication: Basic, personal access tokens from 2.37, JSON 401 or login redirect', async () => {
  const v41 = await sandbox('2.41.2');
  assert.equal((await get(v41, '/api/me')).status, 200);
  const wrong = await get(v41, '/api/me', basic('wrong'));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.text, fixtureText('dhis2-android-capture-app/user/unauthorize.json'), 'byte-identical 401 body');
  assert.deepEqual(wrong.json, fixture('dhis2-android-sdk/user/user_unauthorized.json'));
  assert.match(wrong.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal((await get(v41, '/api/me', { authorization: `ApiToken ${sandboxPat}` })).status, 200);
  assert.match(sandboxPat, /^d2pat_[A-Za-z0-9]{32}\d{10}$/);
  const badToken = await get(v41, '/api/me', { authorization: 'ApiToken d2pat_abcdefghijklmnopqrstuvwxyz1234560000000000' });
  assert.deepEqual([badToken.status, badToken.headers.get('www-authenticate')], [401, 'ApiToken']);
  assert.equal((await get(await sandbox('2.37.9'), '/api/me', { authorization: `ApiToken ${sandboxPat}` })).status, 200);
  const v36 = await sandbox('2.36.13');
  assert.equal((await get(v36, '/api/me', { authorization: `ApiToken ${sandboxPat}`, 'x-requested-with': 'XMLHttpRequest' })).status, 401, 'no tokens on 2.36');
  const oldLogin = '/dhis-web-commons/security/login.action';
  for (const [version, login] of [['2.36.13', oldLogin], ['2.40.5', oldLogin], ['2.41.2', '/dhis-web-login/'], ['2.42.1', '/dhis-web-login/']]) {
    const sb = await sandbox(version as string);
    const res = await get(sb, '/api/system/info', { accept: 'application/json' });
    assert.deepEqual([res.status, res.headers.get('location')], [302, `${sb.url}${login}`], version);
    const page = await get(sb, login as string, {});
    assert.equal(page.status, 200);
    assert.match(page.text, /<form/);
  }
  assert.equal((await get(v36, '/api/me', { authorization: `ApiToken ${sandboxPat}` })).status, 302, '2.36: a token is no credential at all');
});

test('CLI: prints its address, serves, stops on SIGTERM; bad flags exit 2', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts', '--port', '0', '--enrollments', '50', '--dhis2-version', '2.40.5'], { cwd: root });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address in time:\n${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  const info = await fetch(`${url}/api/system/info`, { headers: basic() });
  assert.equal(((await info.json()) as any).version, '2.40.5');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, out);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts', '--error-rate', '3'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--error-rate must be a number from 0 to 1/);
});

test('100 000 enrollments: generation and a full walk of 100 pages of 1000 stay fast', async (t) => {
  let t0 = performance.now();
  generatePopulation({ enrollments: 100_000, seed: 3 });
  const generation = performance.now() - t0;
  const sb = await createSandbox({ version: '2.41.2', enrollments: 100_000 });
  try {
    const fields = 'trackedEntity,orgUnit,updatedAt,deleted,attributes[attribute,code,displayName,valueType,value],' +
      'enrollments[enrollment,program,status,orgUnit,enrolledAt,occurredAt,updatedAt,deleted]';
    let count = 0;
    t0 = performance.now();
    for (let page = 1; ; page++) {
      const query = `program=${P3}&orgUnitMode=ACCESSIBLE&order=createdAt:asc&page=${page}&pageSize=1000&fields=${fields}`;
      const items = (await get(sb, `/api/tracker/trackedEntities?${query}`)).json.trackedEntities;
      count += items.length;
      if (items.length < 1000) break;
    }
    const walkMs = performance.now() - t0;
    t.diagnostic(`generation of 100 000: ${generation.toFixed(0)} ms (target < 2000); walk of 100 pages: ${walkMs.toFixed(0)} ms (target < 3000)`);
    assert.equal(count, 100_000);
    // Targets are 2 s and 3 s; the assertions leave room for a loaded CI machine.
    assert.ok(generation < 4000, `generation took ${generation} ms`);
    assert.ok(walkMs < 6000, `walk took ${walkMs} ms`);
  } finally {
    await sb.close();
  }
});
