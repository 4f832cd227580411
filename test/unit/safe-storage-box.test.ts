import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSafeStorageBox, type SafeStorageLike } from '../../electron/core/secrets/safe-storage-box';
import { SecretError } from '../../electron/core/secrets/secret-box';

// Stands in for the OS keychain behind Electron's safeStorage: authenticated encryption under a key that
// belongs to "this user on this computer"; decryptString throws when the value or the key is not right.
function keychain(available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    decryptString(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const is = (problem: string) => (err: unknown) => err instanceof SecretError && err.problem === problem;

test('seals through the keychain and opens the same text', () => {
  const box = createSafeStorageBox(keychain());
  const sealed = box.seal('dhis2.password', 'district');
  assert.match(sealed, /^s1\./);
  assert.equal(box.open('dhis2.password', sealed), 'district');
});

test('an altered value is refused with a clear error', () => {
  const box = createSafeStorageBox(keychain());
  const raw = Buffer.from(box.seal('dhis2.password', 'district').slice(3), 'base64url');
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
  assert.throws(() => box.open('dhis2.password', `s1.${raw.toString('base64url')}`), is('tampered'));
});

test("another user's keychain (wrong key) cannot open it", () => {
  const sealed = createSafeStorageBox(keychain()).seal('dhis2.password', 'district');
  assert.throws(() => createSafeStorageBox(keychain()).open('dhis2.password', sealed), (err: unknown) =>
    is('tampered')(err) && /another user's keychain/.test((err as Error).message));
});

test('the purpose is checked, and key-file values and a missing keychain are named', () => {
  const box = createSafeStorageBox(keychain());
  assert.throws(() => box.open('sms.key', box.seal('dhis2.password', 'x')), is('wrong_purpose'));
  assert.throws(() => box.open('sms.key', 'k1.a.b.c.d'), is('other_box'));
  assert.throws(() => createSafeStorageBox(keychain(false)).seal('sms.key', 'x'), is('unavailable'));
});
