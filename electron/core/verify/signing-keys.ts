import type { Database } from 'better-sqlite3';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { isoSeconds, type Clock } from '../clock';
import { SecretError, type SecretBox } from '../secrets/secret-box';

// This installation's card-signing key: Ed25519, made at first start, its private part sealed through the
// SecretBox. Its key id is the first 4 bytes of SHA-256 of the 32-byte public key, so any verifier can
// compute it from the key it was given. Keys are never deleted: cards signed by an older key still verify.

export interface SigningKey {
  keyId: string;
  /** The 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  createdAt: string;
}

/** One key of a JWKS (RFC 8037): what `GET /dhis2/keys` lists and the trust-list export carries. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKeys {
  /** The key new cards are signed with (made now if this installation has none). */
  active(): SigningKey;
  sign(bytes: Uint8Array): Uint8Array;
  /** Every key this installation has signed with, newest first. */
  all(): SigningKey[];
}

const purpose = 'card-signing-key';
export const keyIdOf = (publicKey: Uint8Array): string => createHash('sha256').update(publicKey).digest().subarray(0, 4).toString('hex');
const rawPublic = (key: KeyObject): Uint8Array => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');

export const publicJwk = (key: Pick<SigningKey, 'keyId' | 'publicKey'>): PublicJwk => ({
  kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url'), kid: key.keyId, alg: 'EdDSA', use: 'sig',
});

/** The Ed25519 public key of 32 raw bytes, as node:crypto takes it. */
export const ed25519PublicKey = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });

export function createSigningKeys(db: Database, secrets: SecretBox, clock: Clock): SigningKeys {
  const every = db.prepare('SELECT key_id, public_key, private_sealed, created_at FROM signing_keys ORDER BY created_at DESC, rowid DESC');
  const insert = db.prepare('INSERT INTO signing_keys (key_id, public_key, private_sealed, created_at) VALUES (?, ?, ?, ?)');
  type Row = { key_id: string; public_key: Buffer; private_sealed: string; created_at: string };
  const keyOf = (r: Row): SigningKey => ({ keyId: r.key_id, publicKey: new Uint8Array(r.public_key), createdAt: r.created_at });
  let current: { key: SigningKey; privateKey: KeyObject } | undefined;

  // The newest key this SecretBox can open. \`serve\` on the desktop's data directory cannot open what the
  // desktop's keychain sealed: it makes a key of its own beside it, and both verify.
  const load = (): { key: SigningKey; privateKey: KeyObject } => {
    if (current) return current;
    for (const row of every.all() as Row[]) {
      let der: string;
      try {
        der = secrets.open(purpose, row.private_sealed);
      } catch (err) {
        if (err instanceof SecretError) continue;
        throw err;
      }
      current = { key: keyOf(row), privateKey: createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' }) };
      return current;
    }
    const pair = generateKeyPairSync('ed25519');
    const publicKey = rawPublic(pair.publicKey);
    const row: Row = {
      key_id: keyIdOf(publicKey), public_key: Buffer.from(publicKey),
      private_sealed: secrets.seal(purpose, pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')), created_at: isoSeconds(clock.now()),
    };
    insert.run(row.key_id, row.public_key, row.private_sealed, row.created_at);
    current = { key: keyOf(row), privateKey: pair.privateKey };
    return current;
  };

  return {
    active: () => load().key,
    sign: (bytes) => new Uint8Array(sign(null, bytes, load().privateKey)),
    all: () => (every.all() as Row[]).map(keyOf),
  };
}
