import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeProtectedHeader, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import type { App } from '../../electron/core/app';
import type { Sandbox } from '../sandbox/server';
import { programmeUid, syncedApp } from '../helpers/cards';

// Google Wallet passes of cached enrollments: the configuration (validated, sealed, never returned), the
// "save to Google Wallet" JWT checked claim by claim against Google's documented format
// (developers.google.com/wallet/reference/rest/v1/Jwt and …/generic/rest/v1/genericobject), the save URL,
// bulk links, and all of it offline.

const issuerId = '3388000000022222228';
const clientEmail = 'wallet-signer@oomus-test.iam.gserviceaccount.com';
/** The header of the reference's example jwt_token: {"alg":"RS256","typ":"JWT"}. */
const referenceJwtHeader = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
const googleId = /^[0-9]+\.[A-Za-z0-9._-]+$/;

function rsaKeys(bits = 2048): { privatePem: string; publicPem: string; pkcs1Pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    pkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/** A service-account JSON key file as Google gives it, around a key made here. */
const keyFile = (privateKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'service_account',
  project_id: 'oomus-test',
  private_key_id: 'a1b2c3d4e5f6',
  private_key: privateKey,
  client_email: clientEmail,
  client_id: '100000000000000000001',
  auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  token_uri: 'https://oauth2.googleapis.com/token',
  ...extra,
});

let app: App;
let sandbox: Sandbox;
let close: () => Promise<void>;
let keys: ReturnType<typeof rsaKeys>;
let enrollments: string[];

before(async () => {
  ({ app, sandbox, close } = await syncedApp({ enrollments: 130 }));
  keys = rsaKeys();
  enrollments = (app.db.prepare('SELECT uid FROM enrollments WHERE programme_uid = ? ORDER BY uid').all(programmeUid) as { uid: string }[]).map((r) => r.uid);
  assert.ok(enrollments.length >= 101, `the sandbox gave ${enrollments.length} enrollments`);
});
after(() => close());

const wallet = (uid: string) => app.dispatch('GET', `/dhis2/google-wallet/${uid}`);
const bulk = (body: unknown) => app.dispatch('POST', '/dhis2/google-wallet/bulk', body);
const configure = (body: unknown) => app.dispatch('POST', '/dhis2/google-wallet/config', body);
const fieldOf = (res: { body: unknown }): string | undefined => (res.body as any).error?.details?.[0]?.field;

async function verify(jwt: string, publicPem = keys.publicPem): Promise<JWTPayload> {
  const { payload } = await jwtVerify(jwt, await importSPKI(publicPem, 'RS256'), { algorithms: ['RS256'], issuer: clientEmail, audience: 'google' });
  return payload;
}

test('before it is configured: links → 409 saying how to configure, the read-back → 404', async () => {
  for (const res of [await wallet(enrollments[0]!), await bulk({ enrollment_ids: [enrollments[0]] })]) {
    assert.equal(res.status, 409);
    assert.equal((res.body as any).error.code, 'conflict');
    assert.match((res.body as any).error.message, /POST \/dhis2\/google-wallet\/config/);
  }
  const read = await app.dispatch('GET', '/dhis2/google-wallet/config');
  assert.equal(read.status, 404);
  assert.match((read.body as any).error.message, /issuer_id/);
});

test('the configuration is refused with 400 naming the field, and nothing is stored', async () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const small = rsaKeys(1024).privatePem;
  const { client_email: _dropped, ...noEmail } = keyFile(keys.privatePem);
  const { private_key: _droppedKey, ...noKey } = keyFile(keys.privatePem);
  const garbage = '-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0Lg==\n-----END PRIVATE KEY-----\n';
  const cases: [unknown, string, RegExp?][] = [
    [{ issuer_id: issuerId, service_account: noEmail }, 'service_account.client_email', /required/],
    [{ issuer_id: issuerId, service_account: keyFile(keys.privatePem, { client_email: 'not-an-email' }) }, 'service_account.client_email'],
    [{ issuer_id: issuerId, service_account: noKey }, 'service_account.private_key', /required/],
    [{ issuer_id: issuerId, service_account: keyFile(ec) }, 'service_account.private_key', /RSA.*EC/],
    [{ issuer_id: issuerId, service_account: keyFile(garbage) }, 'service_account.private_key', /cannot be read/],
    [{ issuer_id: issuerId, service_account: keyFile('hello, I am not a key') }, 'service_account.private_key', /not a PEM/],
    [{ issuer_id: issuerId, service_account: keyFile(keys.pkcs1Pem) }, 'service_account.private_key', /PKCS#1/],
    [{ issuer_id: issuerId, service_account: keyFile(small) }, 'service_account.private_key', /1024-bit/],
    [{ issuer_id: issuerId, service_account: keyFile(keys.privatePem, { type: 'authorized_user' }) }, 'service_account.type'],
    [{ issuer_id: issuerId, service_account: JSON.stringify(keyFile(keys.privatePem)) }, 'service_account', /JSON object/],
    [{ service_account: keyFile(keys.privatePem) }, 'issuer_id', /required/],
    [{ issuer_id: 'my issuer', service_account: keyFile(keys.privatePem) }, 'issuer_id', /digits/],
    [{ issuer_id: 3388000000022222228, service_account: keyFile(keys.privatePem) }, 'issuer_id', /string/],
    [{ issuer_id: issuerId }, 'service_account', /required/],
    [{ issuer_id: issuerId, service_account: keyFile(keys.privatePem), origins: ['https://ok.example.org', 'ftp://x'] }, 'origins.1'],
    [{ issuer_id: issuerId, service_account: keyFile(keys.privatePem), origins: 'https://x.example.org' }, 'origins'],
    [{ issuer_id: issuerId, service_account: keyFile(keys.privatePem), colour: 'teal' }, 'colour'],
  ];
  for (const [body, field, message] of cases) {
    const res = await configure(body);
    assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
    assert.equal((res.body as any).error.code, 'validation_failed');
    assert.equal(fieldOf(res), field, JSON.stringify(res.body));
    if (message) assert.match((res.body as any).error.message, message);
    assert.doesNotMatch(JSON.stringify(res.body), /MII|[A-Za-z0-9+/]{40,}/, 'no key material in an error');
  }
  assert.equal((app.db.prepare('SELECT count(*) n FROM wallet_config').get() as { n: number }).n, 0);
});

test('a valid key file is stored sealed and never returned; the read-back shows what is configured', async () => {
  const res = await configure({ issuer_id: issuerId, service_account: keyFile(keys.privatePem) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const view = res.body as any;
  assert.deepEqual(Object.keys(view).sort(), ['client_email', 'config_id', 'configured_at', 'issuer_id', 'origins', 'status']);
  assert.equal(view.issuer_id, issuerId);
  assert.equal(view.client_email, clientEmail);
  assert.deepEqual(view.origins, []);
  assert.equal(view.status, 'configured');
  assert.match(view.config_id, /^walletcfg_/);
  assert.match(view.configured_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const read = await app.dispatch('GET', '/dhis2/google-wallet/config');
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, view);

  // The key's body never appears in a response, the row, or the database files.
  const keyBody = keys.privatePem.split('\n').slice(1, 4).join('');
  const chunk = keys.privatePem.split('\n')[5]!;
  for (const text of [JSON.stringify(res.body), JSON.stringify(read.body)]) assert.doesNotMatch(text, /PRIVATE KEY|private_key/);
  const row = app.db.prepare('SELECT * FROM wallet_config').get() as Record<string, string>;
  const rowText = JSON.stringify(row);
  assert.ok(!rowText.includes('PRIVATE KEY') && !rowText.includes(keyBody) && !rowText.includes(chunk), 'the key is not stored in clear');
  assert.match(row.service_account!, /^k1\./, 'sealed by the key-file SecretBox');
  assert.ok(app.secrets.open('wallet.service-account', row.service_account!).includes(chunk), 'and opens back to the key');
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  const files = readdirSync(app.dataDir).filter((f) => /\.sqlite/.test(f));
  assert.ok(files.length > 0, 'the database file is found');
  for (const file of files) {
    const bytes = readFileSync(join(app.dataDir, file)).toString('latin1');
    assert.ok(!bytes.includes(chunk) && !bytes.includes('BEGIN PRIVATE KEY'), `${file} holds no clear key`);
  }
});

test('GET google-wallet/{enrollment_id}: a save-to-wallet JWT signed RS256 whose claims follow Google\'s format', async () => {
  const uid = enrollments[0]!;
  const startS = Math.floor(Date.now() / 1000);
  const res = await wallet(uid);
  const afterS = Math.ceil(Date.now() / 1000);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const body = res.body as any;
  assert.deepEqual(Object.keys(body).sort(), ['enrollment_id', 'jwt_token', 'valid_until', 'wallet_url']);
  assert.equal(body.enrollment_id, uid);

  // URL: https://pay.google.com/gp/v/save/<jwt>
  assert.equal(body.wallet_url, `https://pay.google.com/gp/v/save/${body.jwt_token}`);
  const url = new URL(body.wallet_url);
  assert.equal(url.origin, 'https://pay.google.com');
  assert.equal(url.pathname, `/gp/v/save/${body.jwt_token}`);
  assert.match(body.jwt_token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.ok(body.jwt_token.startsWith(`${referenceJwtHeader}.`), 'the same JOSE header as the reference example');
  assert.deepEqual(decodeProtectedHeader(body.jwt_token), { alg: 'RS256', typ: 'JWT' });

  // Claims (Jwt reference): iss, aud "google", typ "savetowallet", iat, origins, payload; nothing else.
  const claims = await verify(body.jwt_token) as any;
  assert.deepEqual(Object.keys(claims).sort(), ['aud', 'iat', 'iss', 'origins', 'payload', 'typ']);
  assert.equal(claims.iss, clientEmail);
  assert.equal(claims.aud, 'google');
  assert.equal(claims.typ, 'savetowallet');
  assert.ok(Number.isInteger(claims.iat) && claims.iat >= startS && claims.iat <= afterS, `iat ${claims.iat}`);
  assert.deepEqual(claims.origins, []);
  assert.deepEqual(Object.keys(claims.payload).sort(), ['genericClasses', 'genericObjects']);
  assert.equal(claims.payload.genericObjects.length, 1);

  // The Generic pass object (genericobject reference) holds the card.
  const { card } = app.cards.models.forEnrollment(uid);
  const programme = app.dhis2.metadata.programme(programmeUid)!;
  const orgUnit = (app.db.prepare('SELECT org_unit_uid FROM enrollments WHERE uid = ?').get(uid) as { org_unit_uid: string }).org_unit_uid;
  const centre = app.dhis2.metadata.orgUnit(orgUnit)!.name;
  const o = claims.payload.genericObjects[0];
  assert.deepEqual(claims.payload.genericClasses, [{ id: o.classId }]);
  assert.deepEqual(Object.keys(o).sort(), [
    'barcode', 'cardTitle', 'classId', 'genericType', 'header', 'hexBackgroundColor', 'id', 'state', 'subheader', 'textModulesData', 'validTimeInterval',
  ]);
  assert.equal(o.id, `${issuerId}.oomus_enrollment_${uid}`);
  assert.equal(o.classId, `${issuerId}.oomus_programme_${programmeUid}`);
  assert.match(o.id, googleId);
  assert.match(o.classId, googleId);
  assert.equal(o.genericType, 'GENERIC_OTHER');
  assert.equal(o.state, 'ACTIVE');
  assert.match(o.hexBackgroundColor, /^#[0-9A-Fa-f]{6}$/);
  const localized = (value: string) => ({ defaultValue: { language: 'fr', value } });
  assert.deepEqual(o.cardTitle, localized(programme.name));
  const name = `${card.firstName} ${card.lastName}`;
  assert.ok(card.firstName && card.lastName, 'the sandbox person has both names');
  assert.deepEqual(o.header, localized(name));
  assert.deepEqual(o.subheader, localized(centre));
  // The barcode is the person's signed card, the same token a printed card carries; it verifies offline.
  assert.deepEqual({ ...o.barcode, value: undefined }, { type: 'QR_CODE', value: undefined, alternateText: uid });
  assert.match(o.barcode.value, /^OC1:/);
  const checked = (await app.dispatch('POST', '/dhis2/verify', { qr: o.barcode.value })).body as any;
  assert.deepEqual([checked.status, checked.holder.enrollment_id, checked.card.mpi_id], ['valid', uid, null]);
  assert.deepEqual(o.textModulesData.map((m: any) => m.id), ['mpi_id', 'health_centre', 'programme', 'enrollment']);
  for (const m of o.textModulesData) {
    assert.deepEqual(Object.keys(m).sort(), ['body', 'header', 'id']);
    assert.ok(m.header.length <= 35 && m.body.length <= 500, `Google's recommended lengths: ${m.header}`);
  }
  const textModule = (id: string) => o.textModulesData.find((m: any) => m.id === id);
  assert.match(textModule('mpi_id').body, /Pas encore attribué.*MPI/, 'a card without MPI ID says why');
  assert.equal(textModule('health_centre').body, centre);
  assert.equal(textModule('programme').body, programme.name);
  assert.equal(textModule('enrollment').body, uid);

  // valid_until: the pass's validTimeInterval.end, one year on at 00:00:00Z.
  const issued = new Date(claims.iat * 1000);
  const expected = new Date(Date.UTC(issued.getUTCFullYear() + 1, issued.getUTCMonth(), issued.getUTCDate())).toISOString().replace('.000Z', 'Z');
  assert.equal(body.valid_until, expected);
  assert.deepEqual(o.validTimeInterval, { start: { date: issued.toISOString().replace('.000Z', 'Z') }, end: { date: body.valid_until } });

  // Signed by this key only.
  await assert.rejects(verify(body.jwt_token, rsaKeys().publicPem));
});

test('the MPI ID comes from the MPI store once the enrollment is resolved; wording follows the language', async () => {
  const uid = enrollments[1]!;
  const mpiId = app.mpi.store.createPerson(uid, programmeUid, { firstName: 'Awa', lastName: 'Diop', dateOfBirth: null, gender: 'female', phone: null }, 'created');
  assert.equal((await app.dispatch('POST', '/dhis2/settings', { language: 'en' })).status, 200);
  try {
    const res = await wallet(uid);
    assert.equal(res.status, 200);
    const o = ((await verify((res.body as any).jwt_token)) as any).payload.genericObjects[0];
    assert.deepEqual(o.textModulesData[0], { id: 'mpi_id', header: 'MPI ID', body: mpiId });
    assert.equal(o.barcode.alternateText, mpiId);
    assert.equal(((await app.dispatch('POST', '/dhis2/verify', { qr: o.barcode.value })).body as any).card.mpi_id, mpiId, 'the token carries the MPI ID');
    assert.equal(o.header.defaultValue.language, 'en');
    assert.equal(o.textModulesData[1].header, 'Health centre');
  } finally {
    await app.dispatch('POST', '/dhis2/settings', { language: 'fr' });
  }
});

test('unknown enrollment → 404 naming it; malformed ids → 400 naming enrollment_id', async () => {
  const missing = await wallet('NoSuchEnrol');
  assert.equal(missing.status, 404);
  assert.match((missing.body as any).error.message, /NoSuchEnrol/);
  for (const id of ['..%2Fetc', 'a%20b', 'x'.repeat(80), 'a.b']) {
    const res = await wallet(id);
    assert.equal(res.status, 400, `${id}: ${JSON.stringify(res.body)}`);
    assert.equal(fieldOf(res), 'enrollment_id');
  }
});

test('bulk: 100 links in one request, each a valid signed JWT in the order asked', async () => {
  const ids = enrollments.slice(0, 100);
  const res = await bulk({ enrollment_ids: ids, programme_uid: programmeUid });
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
  const body = res.body as any;
  assert.deepEqual(Object.keys(body).sort(), ['batch_id', 'failed', 'processed', 'total', 'wallet_links']);
  assert.match(body.batch_id, /^batch_[0-9A-Z]{26}$/);
  assert.equal(body.total, 100);
  assert.equal(body.processed, 100);
  assert.equal(body.failed, 0);
  assert.deepEqual(body.wallet_links.map((l: any) => l.enrollment_id), ids);
  const objectIds = new Set<string>();
  for (const link of body.wallet_links) {
    assert.deepEqual(Object.keys(link).sort(), ['enrollment_id', 'valid_until', 'wallet_url']);
    assert.ok(link.wallet_url.startsWith('https://pay.google.com/gp/v/save/'));
    const claims = await verify(link.wallet_url.slice('https://pay.google.com/gp/v/save/'.length)) as any;
    const o = claims.payload.genericObjects[0];
    assert.equal(o.id, `${issuerId}.oomus_enrollment_${link.enrollment_id}`);
    assert.equal(o.validTimeInterval.end.date, link.valid_until);
    objectIds.add(o.id);
  }
  assert.equal(objectIds.size, 100);
});

test('bulk: 101 ids, none, duplicates or a malformed id → 400 naming the field; unknown programme → 404', async () => {
  const cases: [unknown, string][] = [
    [{ enrollment_ids: enrollments.slice(0, 101) }, 'enrollment_ids'],
    [{ enrollment_ids: [] }, 'enrollment_ids'],
    [{ enrollment_ids: [enrollments[0], enrollments[0]] }, 'enrollment_ids'],
    [{ enrollment_ids: [enrollments[0], '../secret'] }, 'enrollment_ids.1'],
    [{ enrollment_ids: enrollments[0] }, 'enrollment_ids'],
    [{}, 'enrollment_ids'],
    [{ enrollment_ids: [enrollments[0]], programme_uid: 'P3j' }, 'programme_uid'],
  ];
  for (const [body, field] of cases) {
    const res = await bulk(body);
    assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body).slice(0, 300)}`);
    assert.equal(fieldOf(res), field, JSON.stringify(res.body).slice(0, 300));
  }
  const over = await bulk({ enrollment_ids: enrollments.slice(0, 101) });
  assert.match((over.body as any).error.message, /100/);
  const unknown = await bulk({ enrollment_ids: [enrollments[0]], programme_uid: 'AAAAAAAAAAA' });
  assert.equal(unknown.status, 404);
  assert.match((unknown.body as any).error.message, /AAAAAAAAAAA/);
});

test('bulk: unknown ids, and ids of another programme, are reported per item without failing the batch', async () => {
  const ids = [enrollments[2]!, 'NoSuchEnrol', enrollments[3]!, 'MissingOne1'];
  const res = await bulk({ enrollment_ids: ids, programme_uid: programmeUid });
  assert.equal(res.status, 200);
  const body = res.body as any;
  assert.equal(body.total, 4);
  assert.equal(body.processed, 4);
  assert.equal(body.failed, 2);
  assert.deepEqual(body.wallet_links.map((l: any) => l.enrollment_id), ids);
  for (const i of [0, 2]) await verify(body.wallet_links[i].wallet_url.split('/').pop());
  for (const i of [1, 3]) {
    const item = body.wallet_links[i];
    assert.equal(item.wallet_url, null);
    assert.equal(item.error.code, 'not_found');
    assert.ok(item.error.message.includes(ids[i]!), item.error.message);
  }

  const other = app.dhis2.metadata.programmes().find((p) => p.uid !== programmeUid);
  assert.ok(other, 'the sandbox caches a second tracker programme');
  {
    const wrong = await bulk({ enrollment_ids: [enrollments[2]], programme_uid: other!.uid });
    assert.equal(wrong.status, 200);
    const item = (wrong.body as any).wallet_links[0];
    assert.equal(item.wallet_url, null);
    assert.equal(item.error.code, 'not_found');
    assert.match(item.error.message, new RegExp(`belongs to programme ${programmeUid}`));
  }
});

test('the enrollments list says which people were given a Google Wallet link, and when last', async () => {
  const find = async (uid: string): Promise<any> => ((await app.dispatch('GET', `/dhis2/enrollments?programme_uid=${programmeUid}&q=${uid}`)).body as any).items[0];
  const given = await find(enrollments[2]!);
  assert.match(given.wallet_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'issued by the bulk test above');
  const never = (app.db.prepare('SELECT uid FROM enrollments WHERE programme_uid = ? AND uid NOT IN (SELECT enrollment_uid FROM wallet_passes) LIMIT 1').get(programmeUid) as { uid: string } | undefined)?.uid;
  assert.ok(never, 'someone was never given a link');
  assert.equal((await find(never)).wallet_at, null);
  const count = (uid: string): number => (app.db.prepare('SELECT issued FROM wallet_passes WHERE enrollment_uid = ?').get(uid) as { issued: number } | undefined)?.issued ?? 0;
  const before = count(enrollments[0]!);
  assert.equal((await wallet(enrollments[0]!)).status, 200);
  assert.equal(count(enrollments[0]!), before + 1);
});

test('a new configuration signs with the new key and origins; config_id stays', async () => {
  const first = (await app.dispatch('GET', '/dhis2/google-wallet/config')).body as any;
  const next = rsaKeys();
  const res = await configure({ issuer_id: issuerId, service_account: keyFile(next.privatePem), origins: ['https://sante.example.org/', 'http://localhost:8765'] });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((res.body as any).config_id, first.config_id);
  assert.deepEqual((res.body as any).origins, ['https://sante.example.org', 'http://localhost:8765']);
  const jwt = ((await wallet(enrollments[0]!)).body as any).jwt_token;
  assert.deepEqual(((await verify(jwt, next.publicPem)) as any).origins, ['https://sante.example.org', 'http://localhost:8765']);
  await assert.rejects(verify(jwt, keys.publicPem), 'the old key no longer signs');
  keys = next;
});

test('works offline: with the DHIS2 sandbox closed, links and bulk links are still signed', async () => {
  await sandbox.close();
  const one = await wallet(enrollments[4]!);
  assert.equal(one.status, 200);
  await verify((one.body as any).jwt_token);
  const many = await bulk({ enrollment_ids: enrollments.slice(5, 15) });
  assert.equal(many.status, 200);
  assert.equal((many.body as any).failed, 0);
  for (const link of (many.body as any).wallet_links) await verify(link.wallet_url.split('/').pop());
});
