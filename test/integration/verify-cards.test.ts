import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import jsQR from 'jsqr';
import { decodePng, programmeUid, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';
import { tempDir } from '../helpers/temp';

// Signed cards through the API: the office's keys as a JWKS anyone may fetch (no token), verification of a
// card this office issued with the holder as the cache knows them, each refusal named; and a verifier
// written here from the README's description of the format alone (none of the app's code), which checks a
// card the app made against the keys it fetched over HTTP.

let app: App;
let close: () => Promise<void>;
let url: string;
let enrollment: string;
before(async () => {
  ({ app, close } = await syncedApp({ enrollments: 30 }));
  url = (await app.listen('127.0.0.1', 0)).url;
  // A generation gives everyone an MPI ID, which the token carries.
  const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  await waitForTask(app, (started.body as any).task_id);
  enrollment = (app.db.prepare('SELECT enrollment_uid FROM mpi_links ORDER BY enrollment_uid LIMIT 1').get() as { enrollment_uid: string }).enrollment_uid;
});
after(() => close());

const issue = (uid = enrollment): string => {
  const { card } = app.cards.models.forEnrollment(uid);
  return app.verify.issuer.issue({ enrollmentUid: uid, programmeUid, mpiId: card.mpiId, firstName: card.firstName, lastName: card.lastName, dateOfBirth: card.dateOfBirth }, 'test').token;
};
const check = async (qr: string): Promise<any> => {
  const res = await app.dispatch('POST', '/dhis2/verify', { qr });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};

test('GET /dhis2/keys answers a JWKS without a token; the rest of /dhis2 still needs one', async () => {
  const res = await fetch(`${url}/dhis2/keys`);
  assert.equal(res.status, 200);
  const jwks = (await res.json()) as any;
  assert.equal(jwks.keys.length, 1);
  const [key] = jwks.keys;
  assert.deepEqual([key.kty, key.crv, key.alg, key.use], ['OKP', 'Ed25519', 'EdDSA', 'sig']);
  assert.equal(key.kid, createHash('sha256').update(Buffer.from(key.x, 'base64url')).digest().subarray(0, 4).toString('hex'));
  assert.equal((await fetch(`${url}/dhis2/programmes`)).status, 401);
  assert.equal((await fetch(`${url}/dhis2/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qr":"x"}' })).status, 401);
});

test('a card issued here verifies, with the holder as the cache has them; a reissue revokes it', async () => {
  const token = issue();
  const v = await check(token);
  const { card } = app.cards.models.forEnrollment(enrollment);
  assert.equal(v.status, 'valid');
  assert.equal(v.reason, null);
  assert.equal(v.own, true);
  assert.equal(v.holder.enrollment_id, enrollment);
  assert.equal(v.holder.name, [card.firstName, card.lastName].filter(Boolean).join(' '));
  assert.equal(v.card.programme_uid, programmeUid);
  assert.match(v.card.mpi_id, /^MPI-[2-9A-HJKMNP-Z]{9}$/);
  assert.equal(v.card.mpi_id, card.mpiId);
  assert.equal(v.card.birth_year, card.dateOfBirth ? Number(card.dateOfBirth.slice(0, 4)) : null);
  issue();
  assert.equal((await check(token)).reason, 'revoked');
  assert.equal((await check('OOMUS1/EnrAb12Cd34/P3jJH5Tu5VC/-')).reason, 'unsigned');
  assert.equal((await check(token.slice(0, 90))).reason, 'malformed');
  const wrong = await app.dispatch('POST', '/dhis2/verify', { qr: '' });
  assert.equal(wrong.status, 400);
  assert.equal((wrong.body as any).error.details[0].field, 'qr');
});

test('the signing key survives a restart: the same key id, and cards signed before still verify', async () => {
  const dir = tempDir();
  const first = await createApp({ dataDir: dir, logger: silentLogger, background: false, renderWorkers: 1 });
  const kid = first.verify.keys.active().keyId;
  const token = first.verify.issuer.issue({ enrollmentUid: 'EnrAb12Cd34', programmeUid, mpiId: null, firstName: 'Awa', lastName: 'Ba', dateOfBirth: null }, 'test').token;
  await first.close();
  const again = await createApp({ dataDir: dir, logger: silentLogger, background: false, renderWorkers: 1 });
  after(() => again.close());
  assert.equal(again.verify.keys.active().keyId, kid);
  assert.equal(((await again.dispatch('POST', '/dhis2/verify', { qr: token })).body as any).status, 'valid');
});

/** What the QR of the enrollment's latest generated card says, read from its PNG. */
async function printedQr(uid: string): Promise<string> {
  const res = await app.dispatch('GET', `/dhis2/cards/${uid}.png`);
  assert.equal(res.status, 200);
  const png = decodePng(res.body as Uint8Array);
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'the QR decodes');
  return code.data;
}
const generate = async (template: string, dpi: number): Promise<void> => {
  const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template, dpi });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  await waitForTask(app, (started.body as any).task_id);
};

test('generated cards carry a signed QR: printed again the same card, with a new template a new one that revokes it', async () => {
  const other = (app.db.prepare('SELECT enrollment_uid FROM mpi_links ORDER BY enrollment_uid LIMIT 1 OFFSET 1').get() as { enrollment_uid: string }).enrollment_uid;
  const first = await printedQr(other);
  assert.match(first, /^OC1:/);
  const v = await check(first);
  const mpiId = (app.db.prepare('SELECT mpi_id FROM mpi_links WHERE enrollment_uid = ?').get(other) as { mpi_id: string }).mpi_id;
  assert.deepEqual([v.status, v.holder.enrollment_id, v.card.mpi_id], ['valid', other, mpiId]);
  await generate('vital', 600);
  assert.equal(await printedQr(other), first, 'the same template and data: a reprint of the same card');
  await generate('pulse', 300);
  const second = await printedQr(other);
  assert.notEqual(second, first);
  assert.equal((await check(second)).status, 'valid');
  const old = await check(first);
  assert.equal(old.reason, 'revoked');
  assert.equal((app.db.prepare('SELECT revoked_reason FROM issued_cards WHERE token = ?').get(first) as { revoked_reason: string }).revoked_reason, 'new template');

  // A preview shows the person's live card, whatever the template, and never issues one (browsing
  // templates must not revoke the card in the person's hand).
  const issued = (): number => (app.db.prepare('SELECT count(*) n FROM issued_cards').get() as { n: number }).n;
  const before = issued();
  for (const template of ['vital', 'aurora']) {
    const res = await app.dispatch('GET', `/dhis2/preview-card-png?enrollment_id=${other}&template=${template}`);
    const png = decodePng(res.body as Uint8Array);
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, second, template);
  }
  assert.equal(issued(), before);
});

// ——— A verifier from the README's "Signed cards" format alone ———
const b45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function fromBase45(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 3) {
    const [c, d, e] = [...s.slice(i, i + 3)].map((ch) => b45.indexOf(ch));
    if (e === undefined) out.push(c! + d! * 45);
    else {
      const n = c! + d! * 45 + e * 2025;
      out.push(n >> 8, n & 255);
    }
  }
  return Buffer.from(out);
}
async function thirdPartyVerify(qr: string, jwksUrl: string): Promise<{ ok: boolean; mpi: string | null; initials: string; programme: string; expires: string }> {
  assert.ok(qr.startsWith('OC1:'));
  const t = fromBase45(qr.slice(4));
  assert.equal(t.length, 102);
  assert.equal(t[0], 1);
  const kid = t.subarray(1, 5).toString('hex');
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: { kid: string; x: string }[] };
  const jwk = jwks.keys.find((k) => k.kid === kid);
  assert.ok(jwk, 'the issuer publishes the key');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  const ok = verify(null, t.subarray(0, 38), key, t.subarray(38));
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const mpiBytes = t.subarray(13, 19);
  let mpi: string | null = null;
  if (!mpiBytes.every((b) => b === 0xff)) {
    const n = mpiBytes.readUIntBE(0, 6);
    mpi = 'MPI-' + Array.from({ length: 9 }, (_, i) => alphabet[Math.floor(n / 2 ** (5 * (8 - i))) % 32]).join('');
  }
  const day = t.readUInt16BE(36);
  return { ok, mpi, initials: t.subarray(19, 21).toString('ascii'), programme: t.subarray(23, 34).toString('ascii'), expires: new Date(day * 86_400_000).toISOString().slice(0, 10) };
}

test('a verifier written from the README alone verifies a card the app made, and refuses it altered', async () => {
  const token = issue();
  const ours = await check(token);
  const theirs = await thirdPartyVerify(token, `${url}/dhis2/keys`);
  assert.equal(theirs.ok, true);
  assert.ok(theirs.mpi, 'the card carries its MPI ID');
  assert.deepEqual([theirs.mpi, theirs.initials, theirs.programme, theirs.expires], [ours.card.mpi_id, ours.card.initials, ours.card.programme_uid, ours.card.expires_on]);
  const last = token.at(-1) === '0' ? '1' : '0';
  assert.equal((await thirdPartyVerify(token.slice(0, -1) + last, `${url}/dhis2/keys`)).ok, false);
});
