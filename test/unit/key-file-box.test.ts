import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createKeyFileBox, keyFileName, loadSecretKey } from '../../electron/core/secrets/key-file-box';
import { SecretError, type SecretProblem } from '../../electron/core/secrets/secret-box';
import { tempDir } from '../helpers/temp';

const problem = (p: SecretProblem, text?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof SecretError, `expected SecretError, got ${String(err)}`);
  assert.equal(err.problem, p);
  if (text) assert.match(err.message, text);
  return true;
};

test('seals and opens, with a fresh IV each time and no plaintext in the sealed value', () => {
  const box = createKeyFileBox(randomBytes(32));
  const a = box.seal('dhis2.password', 'MotDePasseDHIS2 é ñ');
  const b = box.seal('dhis2.password', 'MotDePasseDHIS2 é ñ');
  assert.notEqual(a, b);
  assert.ok(!a.includes('MotDePasse'));
  assert.equal(box.open('dhis2.password', a), 'MotDePasseDHIS2 é ñ');
  assert.equal(box.open('dhis2.password', b), 'MotDePasseDHIS2 é ñ');
});

test('an altered ciphertext or tag is refused as tampered', () => {
  const box = createKeyFileBox(randomBytes(32));
  const sealed = box.seal('whatsapp.token', 'EAAG-secret');
  const parts = sealed.split('.');
  const ct = Buffer.from(parts[4] ?? '', 'base64url');
  ct[0] = (ct[0] ?? 0) ^ 1;
  const alteredCt = [...parts.slice(0, 4), ct.toString('base64url')].join('.');
  assert.throws(() => box.open('whatsapp.token', alteredCt), problem('tampered', /integrity check/));
  const tag = Buffer.from(parts[3] ?? '', 'base64url');
  tag[5] = (tag[5] ?? 0) ^ 0x80;
  const alteredTag = [...parts.slice(0, 3), tag.toString('base64url'), parts[4]].join('.');
  assert.throws(() => box.open('whatsapp.token', alteredTag), problem('tampered'));
});

test('a value sealed with another key is refused as wrong key, naming both key ids', () => {
  const sealed = createKeyFileBox(randomBytes(32)).seal('sms.key', 'k');
  assert.throws(() => createKeyFileBox(randomBytes(32)).open('sms.key', sealed), problem('wrong_key', /sealed with another key \(key id \S+, current key id \S+\)/));
});

test('a value moved to another purpose does not open', () => {
  const box = createKeyFileBox(randomBytes(32));
  assert.throws(() => box.open('sms.key', box.seal('dhis2.password', 'p')), problem('tampered'));
});

test('garbage and safe-storage values get their own clear errors', () => {
  const box = createKeyFileBox(randomBytes(32));
  assert.throws(() => box.open('dhis2.password', 'plain text'), problem('malformed'));
  assert.throws(() => box.open('dhis2.password', 'k1.a.b'), problem('malformed'));
  assert.throws(() => box.open('dhis2.password', 's1.AAAA'), problem('other_box', /system keychain/));
  assert.throws(() => box.seal('Bad Purpose!', 'x'), problem('wrong_purpose'));
});

test('the key file is created once with mode 0600 and reused', { skip: process.platform === 'win32' }, () => {
  const dir = tempDir();
  const k1 = loadSecretKey(dir, {});
  const k2 = loadSecretKey(dir, {});
  assert.equal(k1.length, 32);
  assert.deepEqual(k1, k2);
  const file = join(dir, keyFileName);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readFileSync(file), k1);
});

test('a key file readable by others is refused with the command that fixes it', { skip: process.platform === 'win32' }, () => {
  const dir = tempDir();
  loadSecretKey(dir, {});
  chmodSync(join(dir, keyFileName), 0o644);
  assert.throws(() => loadSecretKey(dir, {}), problem('unavailable', /chmod 600/));
});

test('OOMUS_SECRET_KEY (hex or base64) replaces the key file; a short one is refused', () => {
  const dir = tempDir();
  const key = randomBytes(32);
  assert.deepEqual(loadSecretKey(dir, { OOMUS_SECRET_KEY: key.toString('hex') }), key);
  assert.deepEqual(loadSecretKey(dir, { OOMUS_SECRET_KEY: key.toString('base64') }), key);
  assert.throws(() => loadSecretKey(dir, { OOMUS_SECRET_KEY: 'c2hvcnQ=' }), problem('malformed', /32 bytes/));
});
