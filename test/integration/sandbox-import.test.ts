import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox, sandboxReadOnlyUser, type Sandbox } from '../sandbox/server';

// The sandbox's write side over loopback HTTP, as DHIS2 answers it (shared/dhis2-api.md §9): the tracker
// importer (sync and async, VALIDATE, unique values, unknown and deleted entities, a read-only user in each
// version's words), the legacy tracked entity instance PUT up to 2.41, and reserved values.

const P3 = 'P3jJH5Tu5VC';
const auth = (user = 'admin', password = 'district'): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, accept: 'application/json',
  'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json',
});
const readOnly = auth(sandboxReadOnlyUser.username, sandboxReadOnlyUser.password);

async function call(sb: Sandbox, method: string, path: string, body?: unknown, headers = auth()): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sb.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
const opened: Sandbox[] = [];
async function sandbox(version: string): Promise<Sandbox> {
  const sb = await createSandbox({ version, enrollments: 60 });
  opened.push(sb);
  return sb;
}
after(() => Promise.all(opened.map((s) => s.close())));

const mpiAttribute = (sb: Sandbox): string => sb.population.metadata.attribute.mpiId.id;
const live = (sb: Sandbox, skip = 0) => sb.population.trackedEntities.filter((t) => !t.deleted && t.enrollments.some((e) => e.program === P3))[skip]!;
const payload = (sb: Sandbox, te: ReturnType<typeof live>, value: string | null) => ({
  trackedEntity: te.uid, trackedEntityType: te.trackedEntityType, orgUnit: te.orgUnit, inactive: te.inactive,
  attributes: [{ attribute: mpiAttribute(sb), value }],
});
const valueOf = (sb: Sandbox, uid: string): string | undefined => sb.population.trackedEntity(uid)?.attributes.find((a) => a.attribute === mpiAttribute(sb))?.value;

test('the importer writes one attribute (sync), moves updatedAt, and the new value reads back through the tracker API', async () => {
  const sb = await sandbox('2.41.2');
  const te = live(sb);
  const before = te.updatedAt;
  const res = await call(sb, 'POST', '/api/tracker?async=false&importStrategy=UPDATE&atomicMode=OBJECT', { trackedEntities: [payload(sb, te, 'MPI-7K3QH9TXW')] });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(res.json.status, 'OK');
  assert.deepEqual(res.json.stats, { created: 0, updated: 1, deleted: 0, ignored: 0, total: 1 });
  assert.equal(res.json.bundleReport.typeReportMap.TRACKED_ENTITY.objectReports[0].uid, te.uid);
  assert.equal(valueOf(sb, te.uid), 'MPI-7K3QH9TXW');
  assert.ok(te.updatedAt > before, 'an incremental sync of another office sees the change');
  const read = await call(sb, 'GET', `/api/tracker/trackedEntities/${te.uid}?program=${P3}&fields=attributes[attribute,value]`);
  assert.ok(read.json.attributes.some((a: any) => a.attribute === mpiAttribute(sb) && a.value === 'MPI-7K3QH9TXW'));
  assert.equal(sb.population.writes.at(-1)?.trackedEntity, te.uid);
});

test('the importer refuses with the report and 409: a value another entity holds, an unknown or deleted entity, nothing written', async () => {
  const sb = await sandbox('2.42.1');
  const [a, b] = [live(sb, 1), live(sb, 2)];
  assert.equal((await call(sb, 'POST', '/api/tracker?async=false', { trackedEntities: [payload(sb, a, 'MPI-ABCDEFGH2')] })).status, 200);
  const clash = await call(sb, 'POST', '/api/tracker?async=false&importStrategy=UPDATE', { trackedEntities: [payload(sb, b, 'MPI-ABCDEFGH2')] });
  assert.equal(clash.status, 409);
  assert.equal(clash.json.status, 'ERROR');
  const [error] = clash.json.validationReport.errorReports;
  assert.equal(error.errorCode, 'E1064');
  assert.match(error.message, /Non-unique attribute value `MPI-ABCDEFGH2` for attribute/);
  assert.deepEqual(error.args, ['MPI-ABCDEFGH2', mpiAttribute(sb)], '2.41+ send args');
  assert.equal(valueOf(sb, b.uid), undefined);
  // The same entity may keep its own value.
  assert.equal((await call(sb, 'POST', '/api/tracker?async=false', { trackedEntities: [payload(sb, a, 'MPI-ABCDEFGH2')] })).status, 200);

  const unknown = await call(sb, 'POST', '/api/tracker?async=false&importStrategy=UPDATE', { trackedEntities: [{ ...payload(sb, a, 'X'), trackedEntity: 'Zz123456789' }] });
  assert.deepEqual([unknown.status, unknown.json.validationReport.errorReports[0].errorCode], [409, 'E1063']);
  const gone = sb.population.trackedEntities.find((t) => t.deleted)!;
  const deleted = await call(sb, 'POST', '/api/tracker?async=false', { trackedEntities: [{ ...payload(sb, a, 'X'), trackedEntity: gone.uid }] });
  assert.deepEqual([deleted.status, deleted.json.validationReport.errorReports[0].errorCode], [409, 'E1114']);
  const bad = await call(sb, 'POST', '/api/tracker?async=false', { trackedEntities: [{ ...payload(sb, a, 'X'), trackedEntity: 'short' }] });
  assert.equal(bad.status, 400);
});

test('a read-only user is refused in each version\'s words (409, never 403), and VALIDATE writes nothing', async () => {
  for (const [version, codes] of [['2.36.13', ['E1000', 'E1001']], ['2.38.4', ['E1001']], ['2.40.5', ['E1003']], ['2.42.1', ['E1003']]] as const) {
    const sb = await sandbox(version);
    const te = live(sb);
    const res = await call(sb, 'POST', '/api/tracker?async=false&importStrategy=UPDATE', { trackedEntities: [payload(sb, te, 'MPI-7K3QH9TXW')] }, readOnly);
    assert.equal(res.status, 409, version);
    assert.deepEqual(res.json.validationReport.errorReports.map((e: any) => e.errorCode), codes, version);
    assert.match(res.json.validationReport.errorReports.at(-1).message, /oomus_readonly/);
    assert.equal(valueOf(sb, te.uid), undefined);
    assert.equal('timingsStats' in res.json, version < '2.41', 'timings up to 2.40');
    const dry = await call(sb, 'POST', '/api/tracker?async=false&importMode=VALIDATE', { trackedEntities: [payload(sb, te, 'MPI-7K3QH9TXW')] });
    assert.deepEqual([dry.status, dry.json.status], [200, 'OK'], version);
    assert.equal(valueOf(sb, te.uid), undefined, 'VALIDATE commits nothing');
  }
});

test('without async=false the import is a job: "Tracker job added", then its notifications and its report', async () => {
  const sb = await sandbox('2.40.5');
  const te = live(sb);
  const added = await call(sb, 'POST', '/api/tracker', { trackedEntities: [payload(sb, te, 'MPI-7K3QH9TXW')] });
  assert.equal(added.status, 200);
  assert.equal(added.json.message, 'Tracker job added');
  const id = added.json.response.id;
  assert.match(added.json.response.location, new RegExp(`/api/tracker/jobs/${id}$`));
  const notes = await call(sb, 'GET', `/api/tracker/jobs/${id}`);
  assert.ok(notes.json.some((n: any) => n.completed === true && n.category === 'TRACKER_IMPORT_JOB'));
  const report = await call(sb, 'GET', `/api/tracker/jobs/${id}/report`);
  assert.deepEqual([report.status, report.json.status, report.json.stats.updated], [200, 'OK', 1]);
  assert.equal((await call(sb, 'GET', '/api/tracker/jobs/NoSuchJob01/report')).status, 404);
});

test('legacy PUT /api/trackedEntityInstances/{uid} up to 2.41: ImportSummary, 409 with conflicts or the access description; gone in 2.42', async () => {
  const sb = await sandbox('2.39.3');
  const [te, other] = [live(sb), live(sb, 1)];
  const body = (t: typeof te, value: string) => ({
    trackedEntityInstance: t.uid, trackedEntityType: t.trackedEntityType, orgUnit: t.orgUnit,
    attributes: [...t.attributes.filter((a) => a.attribute !== mpiAttribute(sb)).map((a) => ({ attribute: a.attribute, value: a.value })), { attribute: mpiAttribute(sb), value }],
  });
  const ok = await call(sb, 'PUT', `/api/trackedEntityInstances/${te.uid}?program=${P3}`, body(te, 'MPI-7K3QH9TXW'));
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.deepEqual([ok.json.response.responseType, ok.json.response.status, ok.json.response.importCount.updated], ['ImportSummary', 'SUCCESS', 1]);
  assert.equal(valueOf(sb, te.uid), 'MPI-7K3QH9TXW');
  const clash = await call(sb, 'PUT', `/api/trackedEntityInstances/${other.uid}?program=${P3}`, body(other, 'MPI-7K3QH9TXW'));
  assert.equal(clash.status, 409);
  assert.deepEqual(clash.json.response.conflicts, [{ object: 'Attribute.value', value: `Non-unique attribute value 'MPI-7K3QH9TXW' for attribute ${mpiAttribute(sb)}` }]);
  const refused = await call(sb, 'PUT', `/api/trackedEntityInstances/${other.uid}?program=${P3}`, body(other, 'MPI-ABCDEFGH2'), readOnly);
  assert.equal(refused.status, 409);
  assert.deepEqual([refused.json.response.status, refused.json.response.description, refused.json.response.conflicts], ['ERROR', '[OWNERSHIP_ACCESS_DENIED]', undefined]);
  const newest = await sandbox('2.42.1');
  assert.equal((await call(newest, 'PUT', `/api/trackedEntityInstances/${live(newest).uid}`, body(live(newest), 'X'))).status, 405);
});

test('reserved values: distinct values of the attribute\'s pattern, never one already held; 400 without a pattern or past 1000', async () => {
  const sb = await sandbox('2.41.2');
  const legacy = sb.population.metadata.attribute.legacyId.id;
  const res = await call(sb, 'GET', `/api/trackedEntityAttributes/${legacy}/generateAndReserve?numberToReserve=25`);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(res.json.length, 25);
  const values = res.json.map((r: any) => r.value);
  assert.equal(new Set(values).size, 25);
  const year = new Date().getUTCFullYear();
  for (const r of res.json) {
    assert.match(r.value, new RegExp(`^SN-${year}-\\d{5}$`));
    assert.deepEqual([r.ownerObject, r.ownerUid, r.key], ['TRACKEDENTITYATTRIBUTE', legacy, `SN-${year}-#####`]);
  }
  const more = await call(sb, 'GET', `/api/trackedEntityAttributes/${legacy}/generateAndReserve?numberToReserve=25`);
  assert.ok(!more.json.some((r: any) => values.includes(r.value)), 'never handed out twice');
  assert.equal((await call(sb, 'GET', `/api/trackedEntityAttributes/${legacy}/generate`)).json.ownerUid, legacy);
  assert.deepEqual((await call(sb, 'GET', `/api/trackedEntityAttributes/${legacy}/requiredValues`)).json, { REQUIRED: [], OPTIONAL: [] });
  const none = await call(sb, 'GET', `/api/trackedEntityAttributes/${mpiAttribute(sb)}/generateAndReserve`);
  assert.deepEqual([none.status, none.json.message], [400, 'Attribute does not contain pattern.']);
  assert.equal((await call(sb, 'GET', `/api/trackedEntityAttributes/${legacy}/generateAndReserve?numberToReserve=1001`)).status, 400);
  assert.equal((await call(sb, 'GET', '/api/trackedEntityAttributes/NoSuchAttr1/generateAndReserve')).status, 404);
});
