import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { createDhis2Client, imageType, maxPhotoBytes } from '../../electron/core/dhis2/client';
import { Dhis2Error } from '../../electron/core/dhis2/dhis2-error';
import { createDhis2Http } from '../../electron/core/dhis2/http';
import { dialectOf, parseVersion } from '../../electron/core/dhis2/version';
import { silentLogger } from '../../electron/core/logger';
import { decodePng, referenceMapping } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';
import { P, startSandbox, sync, syncOk, syncStatus, waitForProgress } from '../helpers/sync';
import { tempDir } from '../helpers/temp';
import type { Sandbox } from '../sandbox/server';

// Photos: the sandbox serves them per version, the client fetches and checks them, sync caches them in
// SQLite (failures counted, never failing the sync, fetched again next time), and cards draw them.

const basic = { authorization: `Basic ${Buffer.from('admin:district').toString('base64')}`, 'x-requested-with': 'XMLHttpRequest' };
const photoMapping = [...referenceMapping, { card_field: 'photo', dhis2_attribute_code: 'MMD_PER_PHOTO' }];
const imagePaths = /\/image$|^\/api\/fileResources\//;

const photoAttribute = (sandbox: Sandbox): string => sandbox.population.metadata.attribute.photo.id;

/** File resource UID → tracked entity, for every live P enrollment that has a photo: what sync must cache. */
function serverPhotos(sandbox: Sandbox): Map<string, string> {
  const attribute = photoAttribute(sandbox);
  const out = new Map<string, string>();
  for (const e of sandbox.population.activeEnrollments(P)) {
    const uid = e.attributes[attribute];
    if (uid) out.set(uid, e.trackedEntity);
  }
  return out;
}

/** Every cached photo is the sandbox's bytes for that file resource, and exactly the server's set is cached. */
function assertCachedAsServed(app: App, sandbox: Sandbox): void {
  const expected = serverPhotos(sandbox);
  const rows = app.db.prepare('SELECT file_resource_uid, tracked_entity_uid, attribute_uid, content_type, bytes FROM photos ORDER BY file_resource_uid').all() as {
    file_resource_uid: string; tracked_entity_uid: string; attribute_uid: string; content_type: string; bytes: Buffer;
  }[];
  assert.deepEqual(rows.map((r) => r.file_resource_uid), [...expected.keys()].sort(), 'the cache holds exactly the photos the server has');
  for (const r of rows) {
    const served = sandbox.photoBytes(r.file_resource_uid);
    assert.ok(served, r.file_resource_uid);
    assert.ok(Buffer.from(r.bytes).equals(served), `${r.file_resource_uid}: cached bytes are the served bytes`);
    assert.equal(r.content_type, sandbox.population.fileResource(r.file_resource_uid)?.contentType);
    assert.equal(r.tracked_entity_uid, expected.get(r.file_resource_uid));
    assert.equal(r.attribute_uid, photoAttribute(sandbox));
  }
}

/** An app connected to the sandbox, as test/helpers/cards.ts builds one (one render worker), closed after the file. */
async function photoApp(sandbox: Sandbox, retries: number): Promise<App> {
  const app = await createApp({
    dataDir: tempDir(), logger: silentLogger, background: false, renderWorkers: 1,
    dhis2: { pageSize: 50, retries, timeoutMs: 5000, backoffMs: () => 1 },
  });
  after(() => app.close());
  const saved = await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
  assert.equal(saved.status, 200);
  return app;
}

async function mapPhoto(app: App): Promise<void> {
  const res = await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: P, mappings: photoMapping });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function sandboxState(sandbox: Sandbox): Promise<any> {
  return (await fetch(`${sandbox.url}/__sandbox/state`)).json();
}

const imageRequests = (sandbox: Sandbox, from = 0) => sandbox.requests.slice(from).filter((r) => imagePaths.test(r.path));

// ---- The sandbox's endpoints ----------------------------------------------------------------------

test('sandbox: about 30% of persons have a photo, served per version; 404 without one; not a data page', async () => {
  for (const version of ['2.39.3', '2.42.1']) {
    const sandbox = await startSandbox({ version, enrollments: 200, seed: 5 });
    const photos = serverPhotos(sandbox);
    const share = photos.size / sandbox.population.activeEnrollments(P).length;
    assert.ok(share > 0.2 && share < 0.4, `${version}: share ${share}`);
    const attribute = photoAttribute(sandbox);
    const [fileResource, te] = [...photos][0]!;
    const without = sandbox.population.activeEnrollments(P).find((e) => !e.attributes[attribute])!.trackedEntity;
    const legacyPath = (t: string) => `/api/trackedEntityInstances/${t}/${attribute}/image`;
    const trackerPath = (t: string) => `/api/tracker/trackedEntities/${t}/attributes/${attribute}/image?program=${P}`;
    const [good, gone] = version === '2.39.3' ? [legacyPath, trackerPath] : [trackerPath, legacyPath];
    const before = await sandboxState(sandbox);

    const res = await fetch(`${sandbox.url}${good(te)}`, { headers: basic });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\/(jpeg|png)$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.ok(bytes.equals(sandbox.photoBytes(fileResource)!));
    assert.equal(imageType(bytes), res.headers.get('content-type'));
    assert.equal((await fetch(`${sandbox.url}${good(te)}`, { headers: basic }).then((r) => r.arrayBuffer())).byteLength, bytes.length, 'same bytes every time');

    const missing = await fetch(`${sandbox.url}${good(without)}`, { headers: basic });
    assert.equal(missing.status, 404);
    const message = ((await missing.json()) as any).message;
    assert.equal(message, version === '2.39.3' ? `Attribute not found for ID ${attribute}` : `TrackedEntityAttribute with id ${attribute} could not be found.`);
    assert.equal((await fetch(`${sandbox.url}${gone(te)}`, { headers: basic })).status, 404, `${version}: the other version's endpoint does not exist`);
    if (version === '2.42.1') {
      const noProgramme = await fetch(`${sandbox.url}/api/tracker/trackedEntities/${te}/attributes/${attribute}/image`, { headers: basic });
      assert.equal(noProgramme.status, 404, 'without program only the type\'s attributes are visible');
      const medium = await fetch(`${sandbox.url}${good(te)}&dimension=MEDIUM`, { headers: basic });
      assert.equal(medium.status, 200);
      assert.equal((await fetch(`${sandbox.url}${good(te)}&dimension=HUGE`, { headers: basic })).status, 400);
    }

    const meta = (await fetch(`${sandbox.url}/api/fileResources/${fileResource}`, { headers: basic }).then((r) => r.json())) as any;
    assert.deepEqual([meta.id, meta.domain, meta.storageStatus, meta.contentLength], [fileResource, 'DATA_VALUE', 'STORED', bytes.length]);
    const data = await fetch(`${sandbox.url}/api/fileResources/${fileResource}/data`, { headers: basic });
    assert.ok(Buffer.from(await data.arrayBuffer()).equals(bytes));
    assert.equal((await fetch(`${sandbox.url}/api/fileResources/Xx123456789`, { headers: basic })).status, 404);

    // Through the auth machinery like any request, and never counted as a tracker data page.
    assert.equal((await fetch(`${sandbox.url}${good(te)}`, { headers: { ...basic, authorization: 'Basic YWRtaW46bm9wZQ==' } })).status, 401);
    const state = await sandboxState(sandbox);
    assert.equal(state.dataPageRequests, before.dataPageRequests, 'image requests are not data pages');
    assert.ok(state.imageRequests > before.imageRequests);
    sandbox.setFaults({ failImages: [2] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${sandbox.url}${good(te)}`, { headers: basic })).status);
    assert.deepEqual(statuses, [200, 500, 200], 'failImages pins the Nth image request');
    assert.equal((await fetch(`${sandbox.url}/api/me`, { headers: basic })).status, 200, 'image faults leave other requests alone');
    sandbox.setFaults({ failImages: [], imageErrorRate: 1 });
    assert.equal((await fetch(`${sandbox.url}${good(te)}`, { headers: basic })).status, 500);
    sandbox.clearFaults();
  }
});

test('sandbox: new photos upstream are new file resources; a seed gives the same photos', async () => {
  const a = await startSandbox({ version: '2.41.2', enrollments: 100, seed: 9 });
  const b = await startSandbox({ version: '2.41.2', enrollments: 100, seed: 9 });
  assert.deepEqual([...serverPhotos(a)], [...serverPhotos(b)]);
  const some = [...serverPhotos(a).keys()][0]!;
  assert.ok(a.photoBytes(some)!.equals(b.photoBytes(some)!));
  const summary = a.advance({ newPhotos: 3 });
  assert.equal(summary.newPhotos.length, 3);
  for (const p of summary.newPhotos) {
    assert.notEqual(p.fileResource, p.previous);
    assert.equal(serverPhotos(a).get(p.fileResource), p.trackedEntity);
    if (p.previous) assert.ok(a.photoBytes(p.previous), 'a replaced file resource stays stored');
  }
  assert.deepEqual(summary.trackedEntities, summary.newPhotos.map((p) => p.trackedEntity).sort());
});

// ---- The client --------------------------------------------------------------------------------------

/** A one-route server answering every request with the given status, type and body. */
async function fakeServer(status: number, type: string, body: Buffer): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => new Promise<void>((r) => server.close(() => r())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

test('client: photo() per version; 404, 401, login page, non-image and oversized answers are clear Dhis2Errors', async () => {
  for (const version of ['2.39.3', '2.42.1']) {
    const sandbox = await startSandbox({ version, enrollments: 60, seed: 3 });
    const dialect = dialectOf(parseVersion(version)!);
    const client = createDhis2Client(createDhis2Http({ baseUrl: sandbox.url, auth: { kind: 'basic', username: 'admin', password: 'district' }, timeoutMs: 3000 }));
    const attribute = photoAttribute(sandbox);
    const [fileResource, te] = [...serverPhotos(sandbox)][0]!;
    const from = sandbox.requests.length;
    const photo = await client.photo(dialect, te, attribute, P);
    assert.ok(photo.bytes.equals(sandbox.photoBytes(fileResource)!));
    assert.equal(photo.contentType, sandbox.population.fileResource(fileResource)?.contentType);
    const sent = sandbox.requests.slice(from);
    assert.equal(sent.length, 1);
    if (version === '2.39.3') {
      assert.equal(sent[0]?.path, `/api/trackedEntityInstances/${te}/${attribute}/image`);
    } else {
      assert.equal(sent[0]?.path, `/api/tracker/trackedEntities/${te}/attributes/${attribute}/image`);
      assert.equal(sent[0]?.query.program, P);
    }
    const without = sandbox.population.activeEnrollments(P).find((e) => !e.attributes[attribute])!.trackedEntity;
    await assert.rejects(client.photo(dialect, without, attribute, P), (err: Dhis2Error) => err.problem === 'not_found' && err.status === 404);
    const wrong = createDhis2Client(createDhis2Http({ baseUrl: sandbox.url, auth: { kind: 'basic', username: 'admin', password: 'nope' }, timeoutMs: 3000 }));
    await assert.rejects(wrong.photo(dialect, te, attribute, P), (err: Dhis2Error) => err.problem === 'auth');
    sandbox.setFaults({ htmlLogin: true });
    await assert.rejects(client.photo(dialect, te, attribute, P), (err: Dhis2Error) => err.problem === 'not_dhis2' && /web page/.test(err.message));
    sandbox.clearFaults();
  }
  const dialect = dialectOf(parseVersion('2.42.1')!);
  const auth = { kind: 'basic' as const, username: 'admin', password: 'district' };
  const json = await fakeServer(200, 'application/json', Buffer.from('{"status":"OK"}'));
  await assert.rejects(createDhis2Client(createDhis2Http({ baseUrl: json, auth })).photo(dialect, 'Te123456789', 'At123456789', P),
    (err: Dhis2Error) => err.problem === 'not_image' && /application\/json/.test(err.message));
  const html = await fakeServer(200, 'text/html;charset=UTF-8', Buffer.from('<!DOCTYPE html><form action="/dhis-web-login"></form>'));
  await assert.rejects(createDhis2Client(createDhis2Http({ baseUrl: html, auth })).photo(dialect, 'Te123456789', 'At123456789', P),
    (err: Dhis2Error) => err.problem === 'not_dhis2');
  const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(maxPhotoBytes + 10)]);
  const huge = await fakeServer(200, 'image/jpeg', fakeJpeg);
  await assert.rejects(createDhis2Client(createDhis2Http({ baseUrl: huge, auth })).photo(dialect, 'Te123456789', 'At123456789', P),
    (err: Dhis2Error) => err.problem === 'too_large');
  const untyped = await fakeServer(200, 'application/octet-stream', fakeJpeg.subarray(0, 1000));
  assert.equal((await createDhis2Client(createDhis2Http({ baseUrl: untyped, auth })).photo(dialect, 'Te123456789', 'At123456789', P)).contentType, 'image/jpeg');
  const redirect = await fakeServer(302, 'text/plain', Buffer.alloc(0));
  await assert.rejects(createDhis2Client(createDhis2Http({ baseUrl: redirect, auth })).photo(dialect, 'Te123456789', 'At123456789', P),
    (err: Dhis2Error) => err.problem === 'not_dhis2' && err.status === 302);
});

// ---- Sync ----------------------------------------------------------------------------------------

for (const version of ['2.39.3', '2.42.1']) {
  test(`DHIS2 ${version}: mapped before the first sync, that sync caches every photo; changes and faults after`, async () => {
    const sandbox = await startSandbox({ version, enrollments: 150, seed: 21 });
    const app = await photoApp(sandbox, 0);
    await syncOk(app, {}); // metadata only: the programme can be mapped before its data is here
    await mapPhoto(app);
    const from = sandbox.requests.length;
    const first = await syncOk(app);
    const expected = serverPhotos(sandbox);
    assert.ok(expected.size > 20, `${expected.size} photos`);
    assert.deepEqual([first.details.photos_to_fetch, first.details.photos_fetched, first.details.photos_failed], [expected.size, expected.size, 0]);
    assertCachedAsServed(app, sandbox);
    const images = imageRequests(sandbox, from);
    assert.equal(images.length, expected.size, 'one request per photo');
    const endpoint = version === '2.39.3' ? /^\/api\/trackedEntityInstances\/[^/]+\/[^/]+\/image$/ : /^\/api\/tracker\/trackedEntities\/[^/]+\/attributes\/[^/]+\/image$/;
    assert.ok(images.every((r) => endpoint.test(r.path) && r.status === 200), `${version} endpoint`);
    if (version === '2.42.1') assert.ok(images.every((r) => r.query.program === P));
    const trackerPages = sandbox.requests.filter((r) => r.path === '/api/tracker/trackedEntities' || r.path === '/api/trackedEntityInstances');
    assert.equal((await sandboxState(sandbox)).dataPageRequests, trackerPages.length, 'photo requests are not counted as data pages');

    // Nothing new: no photo request.
    const quiet = sandbox.requests.length;
    const second = await syncOk(app);
    assert.deepEqual([second.details.photos_to_fetch, second.details.photos_fetched], [0, 0]);
    assert.equal(imageRequests(sandbox, quiet).length, 0);

    // New photos upstream (and new people): only those are fetched; the replaced ones leave the cache.
    const changes = sandbox.advance({ newPhotos: 3, newEnrollments: 10 });
    const third = await syncOk(app);
    const fresh = [...serverPhotos(sandbox).keys()].filter((uid) => !expected.has(uid));
    assert.ok(fresh.length >= 3);
    assert.deepEqual([third.details.photos_to_fetch, third.details.photos_fetched], [fresh.length, fresh.length]);
    assertCachedAsServed(app, sandbox);
    for (const p of changes.newPhotos) if (p.previous) assert.equal(app.dhis2.photos.get(p.previous), undefined, 'a replaced photo is pruned');

    // Two photo requests fail (no retries): the sync still completes, counting them; the next one fetches them.
    sandbox.advance({ newPhotos: 5 });
    sandbox.setFaults({ failImages: [1, 3] });
    const faulty = await sync(app);
    assert.equal(faulty.status, 'completed', JSON.stringify(faulty.errors));
    assert.deepEqual([faulty.details.photos_to_fetch, faulty.details.photos_fetched, faulty.details.photos_failed], [5, 3, 2]);
    assert.equal((await syncStatus(app)).last_error, null, 'a failed photo is not a sync error');
    sandbox.clearFaults();
    const healed = await syncOk(app);
    assert.deepEqual([healed.details.photos_to_fetch, healed.details.photos_fetched, healed.details.photos_failed], [2, 2, 0]);
    assertCachedAsServed(app, sandbox);

    // A session that expires after the pages: the first 401s stop the photo step (the others would fail the
    // same way); all are counted, the data sync stands.
    sandbox.advance({ newPhotos: 9 });
    sandbox.setFaults({ unauthorizedAfter: 1 });
    const before = sandbox.requests.length;
    const expired = await sync(app);
    assert.equal(expired.status, 'completed', JSON.stringify(expired.errors));
    assert.deepEqual([expired.details.photos_to_fetch, expired.details.photos_fetched, expired.details.photos_failed], [9, 0, 9]);
    const tried = imageRequests(sandbox, before);
    assert.ok(tried.length >= 1 && tried.length <= 4 && tried.every((r) => r.status === 401), `${tried.length} photo requests before stopping`);
    sandbox.clearFaults();
    assert.equal((await syncOk(app)).details.photos_fetched, 9);
    assertCachedAsServed(app, sandbox);
  });

  test(`DHIS2 ${version}: mapped after the first sync, the next sync fetches the photos; preview draws them`, async () => {
    const sandbox = await startSandbox({ version, enrollments: 80, seed: 8 });
    const app = await photoApp(sandbox, 1);
    const first = await syncOk(app);
    assert.equal(first.details.photos_to_fetch, undefined, 'no photo step without a photo mapping');
    assert.equal(imageRequests(sandbox).length, 0);
    await mapPhoto(app);
    const second = await syncOk(app);
    const expected = serverPhotos(sandbox);
    assert.deepEqual([second.details.photos_to_fetch, second.details.photos_fetched, second.details.photos_failed], [expected.size, expected.size, 0]);
    assertCachedAsServed(app, sandbox);

    // The card draws the cached photo; without it, the initials avatar.
    const attribute = photoAttribute(sandbox);
    const withPhoto = sandbox.population.activeEnrollments(P).find((e) => e.attributes[attribute])!;
    const preview = () => app.dispatch('GET', `/dhis2/preview-card-png?enrollment_id=${withPhoto.enrollment}&template=vital`);
    const photoCard = await preview();
    assert.equal(photoCard.status, 200);
    assert.equal(photoCard.contentType, 'image/png');
    // Lists show the photo as a thumbnail PNG, a few KB however large the photo; sizes outside 24–320 are refused.
    const photoUid = withPhoto.attributes[attribute]!;
    const thumb = await app.dispatch('GET', `/dhis2/photos/${photoUid}.png?size=48`);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.contentType, 'image/png');
    const t = decodePng(thumb.body as Uint8Array);
    assert.equal(Math.max(t.width, t.height), Math.min(48, Math.max(t.width, t.height)));
    assert.ok(Math.max(t.width, t.height) <= 48 && Math.min(t.width, t.height) > 0, `${t.width}×${t.height}`);
    assert.ok((thumb.body as Uint8Array).length < (sandbox.photoBytes(photoUid)?.length ?? 0) || Math.max(t.width, t.height) < 48, 'smaller than the photo');
    assert.equal((await app.dispatch('GET', `/dhis2/photos/${photoUid}.png?size=1000`)).status, 400);
    assert.equal((await app.dispatch('GET', `/dhis2/photos/NoSuchPhoto.png`)).status, 404);
    // The search says which photos it holds, so that lists ask only for those.
    const found = async (): Promise<string[]> => ((await app.dispatch('GET', `/dhis2/enrollments?programme_uid=${P}&q=${withPhoto.enrollment}`)).body as any).items[0].cached_photos;
    assert.deepEqual(await found(), [photoUid]);
    app.db.prepare('DELETE FROM photos WHERE file_resource_uid = ?').run(withPhoto.attributes[attribute]);
    assert.deepEqual(await found(), []);
    const avatarCard = await preview();
    assert.equal(avatarCard.status, 200);
    const a = decodePng(photoCard.body as Uint8Array);
    const b = decodePng(avatarCard.body as Uint8Array);
    assert.deepEqual([a.width, a.height], [b.width, b.height]);
    let differing = 0;
    for (let i = 0; i < a.data.length; i += 4) if (Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)) > 16) differing++;
    assert.ok(differing > 2000, `the photo changes the card (${differing} pixels differ)`);
  });
}

test('a cancelled sync stops between photos, keeps those fetched; the next sync fetches the rest', async () => {
  const sandbox = await startSandbox({ version: '2.42.1', enrollments: 150, seed: 4 });
  const app = await photoApp(sandbox, 0);
  await syncOk(app);
  await mapPhoto(app);
  sandbox.setFaults({ latencyMs: 40 });
  const started = await app.dispatch('POST', '/dhis2/sync', { programme_uid: P });
  const taskId = (started.body as any).task_id;
  await waitForProgress(app, taskId, (t) => (t.details.photos_fetched ?? 0) >= 4);
  assert.equal((await app.dispatch('POST', `/dhis2/tasks/${taskId}/cancel`)).status, 200);
  const cancelled = await waitForTask(app, taskId);
  assert.equal(cancelled.status, 'cancelled');
  assert.match(cancelled.errors[0], /cancelled while fetching photos/);
  const total = serverPhotos(sandbox).size;
  const kept = app.dhis2.photos.count();
  assert.ok(kept >= 4 && kept < total, `${kept} of ${total} kept`);
  sandbox.clearFaults();
  const rest = await syncOk(app);
  assert.equal(rest.details.photos_fetched, total - kept);
  assertCachedAsServed(app, sandbox);
});
