import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import QRCode from 'qrcode';
import type { Clock } from '../../../electron/core/clock';
import { qrPayload } from '../../../electron/core/cards/qr-payload';
import { newMpiId } from '../../../electron/core/mpi/mpi-id';
import { createKeyFileBox } from '../../../electron/core/secrets/key-file-box';
import { openStore } from '../../../electron/core/store/database';
import { base45Decode, base45Encode } from '../../../electron/core/verify/base45';
import { createCardIssuer, type CardHolder } from '../../../electron/core/verify/card-issuer';
import { decodeToken, encodeToken, tokenPrefix } from '../../../electron/core/verify/card-token';
import { createCardVerifier } from '../../../electron/core/verify/card-verifier';
import { createSigningKeys, ed25519PublicKey, keyIdOf } from '../../../electron/core/verify/signing-keys';
import { projectRoot } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

// Signed cards, below the API: Base45 as RFC 9285 writes it, the token's size in a QR, the signing key
// made once and sealed, and each reason a card does not verify.

const clockAt = (iso: string): Clock & { set(iso: string): void } => {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
};
const holder: CardHolder = { enrollmentUid: 'EnrAb12Cd34', programmeUid: 'P3jJH5Tu5VC', mpiId: 'MPI-7K3QH9TXN', firstName: 'Ndèye', lastName: 'Fall', dateOfBirth: '1994-03-02' };

function office(at = '2026-12-04T10:00:00Z') {
  const db = openStore(tempDir());
  const clock = clockAt(at);
  const keys = createSigningKeys(db, createKeyFileBox(randomBytes(32)), clock);
  return { db, clock, keys, issuer: createCardIssuer(db, keys, clock), verifier: createCardVerifier(db, clock) };
}

test('Base45 follows RFC 9285 (its examples) and refuses text that is not Base45', () => {
  const enc = (s: string): string => base45Encode(Buffer.from(s));
  assert.equal(enc('AB'), 'BB8');
  assert.equal(enc('Hello!!'), '%69 VD92EX0');
  assert.equal(enc('base-45'), 'UJCLQE7W581');
  assert.equal(Buffer.from(base45Decode('QED8WEX0')!).toString(), 'ietf!');
  for (let n = 0; n < 50; n++) {
    const bytes = randomBytes(n);
    assert.deepEqual(Buffer.from(base45Decode(base45Encode(bytes))!), bytes);
  }
  assert.equal(base45Decode('GGW'), null, '65535 < GGW = 65536');
  assert.equal(base45Decode('abc'), null, 'lower case is not in the alphabet');
  assert.equal(base45Decode('BB8B'), null, 'a length of 3n+1');
});

test('a token: 157 characters, alphanumeric, a version 7 QR at error correction M; the claims read back', () => {
  const { issuer, keys } = office();
  const card = issuer.issue(holder, 'first card');
  assert.ok(card.token.startsWith(tokenPrefix));
  assert.equal(card.token.length, 157);
  assert.match(card.token, /^[0-9A-Z $%*+\-./:]+$/);
  const qr = QRCode.create(card.token, { errorCorrectionLevel: 'M' });
  assert.equal(qr.version, 7);
  assert.deepEqual(qr.segments.map((s: { mode: { id: string } }) => s.mode.id), ['Alphanumeric']);
  const decoded = decodeToken(card.token, () => false);
  assert.ok(!('problem' in decoded));
  assert.equal(decoded.keyId, keys.active().keyId);
  assert.deepEqual(decoded.claims, { cardId: card.cardId, mpiId: 'MPI-7K3QH9TXN', initials: 'NF', birthYear: 1994, programmeUid: 'P3jJH5Tu5VC', issuedOn: '2026-12-04', expiresOn: '2031-12-04' });
  // Without an MPI ID, a name or a date of birth the card is still a token of the same size.
  const bare = issuer.issue({ ...holder, enrollmentUid: 'EnrMis00004', mpiId: null, firstName: null, lastName: '', dateOfBirth: null }, 'first card');
  const read = decodeToken(bare.token, () => false);
  assert.ok(!('problem' in read));
  assert.deepEqual([read.claims.mpiId, read.claims.initials, read.claims.birthYear, bare.token.length], [null, '--', null, 157]);
  assert.throws(() => issuer.issue({ ...holder, mpiId: 'MPI-7K3QH9TXW' }, 'typo'), /not an MPI ID/);
  for (let i = 0; i < 20; i++) {
    const id = newMpiId();
    const t = decodeToken(issuer.issue({ ...holder, mpiId: id }, 'again').token, () => false);
    assert.ok(!('problem' in t) && t.claims.mpiId === id, id);
  }
});

test('the signing key is made once, sealed, and its id is the hash of its public key', () => {
  const { db, keys } = office();
  const first = keys.active();
  assert.equal(first.keyId, keyIdOf(first.publicKey));
  assert.equal(first.publicKey.length, 32);
  assert.equal(keys.active().keyId, first.keyId);
  const row = db.prepare('SELECT private_sealed FROM signing_keys').get() as { private_sealed: string };
  assert.ok(!row.private_sealed.includes('MC4CAQAwBQYDK2Vw'), 'the PKCS#8 DER of an Ed25519 key is not stored in the clear');
  assert.equal((db.prepare('SELECT count(*) n FROM signing_keys').get() as { n: number }).n, 1);
});

test('each reason a card does not verify, and a valid one with the enrollment it was issued for', () => {
  const { db, clock, issuer, verifier } = office();
  const card = issuer.issue(holder, 'first card');
  const ok = verifier.verify(card.token);
  assert.deepEqual([ok.status, ok.reason, ok.own, ok.enrollmentUid], ['valid', null, true, holder.enrollmentUid]);

  // Tampered: one character of the claims changed (a birth year, say) breaks the signature.
  const bytes = base45Decode(card.token.slice(4))!;
  bytes[22] = bytes[22]! ^ 1;
  assert.equal(verifier.verify(tokenPrefix + base45Encode(bytes)).reason, 'bad_signature');
  // The signature of another card on these claims.
  const other = base45Decode(issuer.issue({ ...holder, enrollmentUid: 'EnrOther001' }, 'first card').token.slice(4))!;
  const swapped = base45Decode(card.token.slice(4))!;
  swapped.set(other.subarray(38), 38);
  assert.equal(verifier.verify(tokenPrefix + base45Encode(swapped)).reason, 'bad_signature');
  // An office this one does not trust: a key it has never seen.
  const stranger = office();
  assert.equal(verifier.verify(stranger.issuer.issue(holder, 'first card').token).reason, 'unknown_issuer');
  // Truncated, garbled, or a card from before signing.
  assert.equal(verifier.verify(card.token.slice(0, 100)).reason, 'malformed');
  assert.equal(verifier.verify('hello').reason, 'malformed');
  assert.equal(verifier.verify(qrPayload(holder.enrollmentUid, holder.programmeUid, holder.mpiId)).reason, 'unsigned');
  // Reissued: the first card is revoked, the new one verifies.
  const again = issuer.issue(holder, 'new template');
  assert.equal(verifier.verify(card.token).reason, 'revoked');
  assert.equal(verifier.verify(again.token).status, 'valid');
  assert.equal((db.prepare('SELECT revoked_reason FROM issued_cards WHERE card_id = ?').get(card.cardId) as { revoked_reason: string }).revoked_reason, 'new template');
  // Expired: five years and a day later.
  clock.set('2031-12-05T08:00:00Z');
  assert.equal(verifier.verify(again.token).reason, 'expired');
});

test('a key another office exported verifies its cards once trusted; its revocations count', () => {
  const here = office();
  const there = office();
  const card = there.issuer.issue(holder, 'first card');
  const key = there.keys.active();
  here.db.prepare('INSERT INTO trusted_keys (key_id, office, public_key, added_at) VALUES (?, ?, ?, ?)').run(key.keyId, 'District de Matam', Buffer.from(key.publicKey), '2026-12-04T10:00:00Z');
  const v = here.verifier.verify(card.token);
  assert.deepEqual([v.status, v.office, v.own, v.enrollmentUid], ['valid', 'District de Matam', false, null]);
  here.db.prepare('INSERT INTO foreign_revocations (key_id, card_id, revoked_at) VALUES (?, ?, ?)').run(key.keyId, card.cardId, '2026-12-04T11:00:00Z');
  assert.equal(here.verifier.verify(card.token).reason, 'revoked');
  // A forged card: claims signed with a key that claims the trusted key's id.
  const forger = generateKeyPairSync('ed25519');
  const bytes = base45Decode(card.token.slice(4))!;
  bytes.set(sign(null, bytes.subarray(0, 38), forger.privateKey), 38);
  assert.equal(here.verifier.verify(tokenPrefix + base45Encode(bytes)).reason, 'bad_signature');
});

test('the README\'s worked example verifies with the README\'s public key, byte for byte as written', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const token = /```\n(OC1:[^\n]+)\n```/.exec(readme)?.[1];
  const x = /The\s+public key `x` is `([\w-]+)`/.exec(readme)?.[1];
  assert.ok(token && x, 'the example and its key are in the README');
  const decoded = decodeToken(token, () => false);
  assert.ok(!('problem' in decoded));
  assert.equal(decoded.keyId, keyIdOf(Buffer.from(x, 'base64url')));
  assert.ok(verify(null, decoded.signed, ed25519PublicKey(Buffer.from(x, 'base64url')), decoded.signature));
  assert.deepEqual(decoded.claims, { cardId: '5f2c9a0b7e114d38', mpiId: 'MPI-7K3QH9TXN', initials: 'NF', birthYear: 1994, programmeUid: 'P3jJH5Tu5VC', issuedOn: '2026-12-04', expiresOn: '2031-12-04' });
  const hex = /^Its first 38 bytes[^`]*`([0-9a-f ]+)`/m.exec(readme)?.[1];
  assert.equal(hex?.replace(/ /g, ''), Buffer.from(decoded.signed).toString('hex'));
  // Deterministic (Ed25519): the key of 32 bytes of 07 signs the same claims into the same token.
  const d = Buffer.alloc(32, 7).toString('base64url');
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
  assert.equal(encodeToken(decoded.keyId, decoded.claims, (b) => new Uint8Array(sign(null, b, key))), token);
});

test('a SecretBox that cannot open the stored key (serve on the desktop\'s data) signs with a key of its own; both verify', () => {
  const db = openStore(tempDir());
  const clock = clockAt('2026-12-04T10:00:00Z');
  const desktopBox = createKeyFileBox(randomBytes(32));
  const desktop = createSigningKeys(db, desktopBox, clock);
  const desktopCard = createCardIssuer(db, desktop, clock).issue(holder, 'first card');
  clock.set('2026-12-04T11:00:00Z');
  const serve = createSigningKeys(db, createKeyFileBox(randomBytes(32)), clock);
  assert.notEqual(serve.active().keyId, desktop.active().keyId);
  assert.deepEqual(serve.all().map((k) => k.keyId), [serve.active().keyId, desktop.active().keyId]);
  const serveCard = createCardIssuer(db, serve, clock).issue({ ...holder, enrollmentUid: 'EnrOther001' }, 'first card');
  const verifier = createCardVerifier(db, clock);
  assert.equal(verifier.verify(desktopCard.token).status, 'valid');
  assert.equal(verifier.verify(serveCard.token).status, 'valid');
  // The desktop again: it still signs with its own key, the newest it can open.
  assert.equal(createSigningKeys(db, desktopBox, clock).active().keyId, desktop.active().keyId);
});

test('a Wallet pass\'s card is adopted by the next printed card; a card near its expiry is printed anew', () => {
  const { db, clock, issuer, verifier } = office();
  const pass = issuer.current(holder);
  const printed = issuer.cardFor(holder, 'vital');
  assert.equal(printed.token, pass.token, 'the printed card is the pass\'s card');
  assert.equal((db.prepare('SELECT template FROM issued_cards WHERE card_id = ?').get(pass.cardId) as { template: string }).template, 'vital');
  assert.equal(issuer.current(holder).token, printed.token, 'the pass keeps the printed card');
  // 89 days before the expiry: a reprint makes a new card, the old one revoked as near its expiry.
  clock.set('2031-09-06T10:00:00Z');
  const renewed = issuer.cardFor(holder, 'vital');
  assert.notEqual(renewed.token, printed.token);
  assert.equal((db.prepare('SELECT revoked_reason FROM issued_cards WHERE card_id = ?').get(printed.cardId) as { revoked_reason: string }).revoked_reason, 'near expiry');
  assert.equal(verifier.verify(renewed.token).status, 'valid');
  // Corrected data (a new MPI ID): a new card, whatever the template.
  const corrected = issuer.cardFor({ ...holder, mpiId: newMpiId() }, 'vital');
  assert.equal((db.prepare('SELECT revoked_reason FROM issued_cards WHERE card_id = ?').get(renewed.cardId) as { revoked_reason: string }).revoked_reason, 'corrected data');
  assert.equal(issuer.live(holder), null, 'the old data matches no live card');
  assert.equal(issuer.live({ ...holder, mpiId: corrected.claims.mpiId })?.token, corrected.token);
});

test('a card printed without the MPI ID stays the person\'s card for a message or a pass; stillTrue ends at revocation or expiry', () => {
  const { clock, issuer } = office();
  const printed = issuer.cardFor({ ...holder, mpiId: null }, 'vital');
  assert.equal(issuer.live(holder)?.cardId, printed.cardId, 'a card that shows no MPI ID says nothing false about it');
  assert.equal(issuer.stillTrue(printed.cardId, holder)?.token, printed.token);
  assert.equal(issuer.current(holder).cardId, printed.cardId, 'a Wallet pass does not revoke the printed card');
  assert.equal(issuer.stillTrue(printed.cardId, { ...holder, firstName: 'Awa' }), null, 'other initials: no longer true');
  assert.equal(issuer.stillTrue(printed.cardId, { ...holder, enrollmentUid: 'EnrOther001' }), null, 'another enrollment\'s card');
  const withId = issuer.cardFor(holder, 'vital');
  assert.notEqual(withId.cardId, printed.cardId, 'printing the MPI ID makes a new card');
  assert.equal(issuer.stillTrue(printed.cardId, holder), null, 'revoked');
  assert.equal(issuer.stillTrue(withId.cardId, holder)?.cardId, withId.cardId);
  clock.set('2032-01-01T00:00:00Z');
  assert.equal(issuer.stillTrue(withId.cardId, holder), null, 'expired');
  assert.equal(issuer.live(holder), null, 'an expired card is no one\'s live card');
});

test('a token never ends in a space, so an SMS app that trims a line loses nothing', () => {
  // A whole Base45 triple ends with its most significant digit, at most 65535 / 45² = 32 ('W'); the space is 36.
  const { issuer } = office();
  for (let i = 0; i < 300; i++) {
    const token = issuer.issue({ ...holder, mpiId: newMpiId() }, 'again').token;
    assert.equal((token.length - tokenPrefix.length) % 3, 0);
    assert.notEqual(token.at(-1), ' ', token);
  }
});
