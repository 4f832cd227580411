import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boxOf, checkPurpose, otherBoxError, SecretError, type SecretBox } from './secret-box';

// AES-256-GCM for headless mode. Format: k1.<key id>.<iv>.<tag>.<ciphertext>, base64url parts.
// The key id (first 8 bytes of SHA-256 of the key) tells "wrong key" apart from "altered value".

export const keyFileName = 'secret.key';

const b64 = (b: Buffer): string => b.toString('base64url');

export function keyId(key: Buffer): string {
  return b64(createHash('sha256').update(key).digest().subarray(0, 8));
}

export function createKeyFileBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretError('malformed', `The secret key must be 32 bytes, got ${key.length}.`);
  const id = keyId(key);
  return {
    kind: 'key-file',
    seal(purpose, plaintext) {
      checkPurpose(purpose);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['k1', id, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
    },
    open(purpose, sealed) {
      checkPurpose(purpose);
      const box = boxOf(sealed);
      if (box === 'safe-storage') throw otherBoxError(box);
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'k1') throw new SecretError('malformed', 'The stored value is not a sealed secret.');
      const [, sealedId, ivPart, tagPart, ctPart] = parts as [string, string, string, string, string];
      if (sealedId !== id) {
        throw new SecretError(
          'wrong_key',
          `This secret was sealed with another key (key id ${sealedId}, current key id ${id}): ` +
            'the key file or OOMUS_SECRET_KEY changed. Restore the old key or enter the secret again.',
        );
      }
      const iv = Buffer.from(ivPart, 'base64url');
      const tag = Buffer.from(tagPart, 'base64url');
      if (iv.length !== 12 || tag.length !== 16) throw new SecretError('malformed', 'The stored value is not a sealed secret.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ctPart, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError(
          'tampered',
          `The stored secret failed its integrity check (altered, corrupted, or sealed for another purpose than "${purpose}"); enter it again.`,
        );
      }
    },
  };
}

/** Key from OOMUS_SECRET_KEY (base64 or hex of 32 bytes), else from <dataDir>/secret.key, created 0600 on first use. */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.OOMUS_SECRET_KEY;
  if (fromEnv) {
    const key = /^[0-9a-fA-F]{64}$/.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) {
      throw new SecretError('malformed', 'OOMUS_SECRET_KEY must hold 32 bytes, as 64 hex characters or base64.');
    }
    return key;
  }
  const file = join(dataDir, keyFileName);
  try {
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretError(
        'unavailable',
        `The key file ${file} can be read by other users (mode ${mode.toString(8)}); run: chmod 600 "${file}"`,
      );
    }
  }
  const key = readFileSync(file);
  if (key.length !== 32) {
    throw new SecretError('malformed', `The key file ${file} is damaged (${key.length} bytes instead of 32).`);
  }
  return key;
}
