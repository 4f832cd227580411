import type { Database } from 'better-sqlite3';
import { isoSeconds, type Clock } from '../clock';
import { invalid, notFound } from '../errors';
import { keyIdOf, publicJwk, type PublicJwk, type SigningKeys } from './signing-keys';

// Offices trusting each other's cards without a network between them: an office exports its public keys
// and the cards it revoked as a file; another imports it into its trust list, and imports a newer file
// later for newer revocations. A key's id must be the hash of the key itself, so a file cannot pass one
// office's key off under another's id.

export const trustFormat = 'oomus-trust/1';

export interface TrustFile {
  format: typeof trustFormat;
  office: string;
  exported_at: string;
  keys: PublicJwk[];
  revocations: { key_id: string; card_id: string; revoked_at: string }[];
}

export interface TrustedOffice {
  key_id: string;
  office: string;
  added_at: string;
  revocations: number;
}

export interface TrustList {
  exportFile(office: string): TrustFile;
  /** Adds (or refreshes) the file's keys and revocations; 400 naming what is wrong with the file. */
  importFile(file: unknown): TrustedOffice[];
  list(): TrustedOffice[];
  remove(keyId: string): TrustedOffice[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function createTrustList(db: Database, keys: SigningKeys, clock: Clock): TrustList {
  const ownRevocations = db.prepare('SELECT key_id, card_id, revoked_at FROM issued_cards WHERE revoked_at IS NOT NULL ORDER BY revoked_at, card_id');
  const upsertKey = db.prepare(
    `INSERT INTO trusted_keys (key_id, office, public_key, added_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key_id) DO UPDATE SET office = excluded.office`,
  );
  const addRevocation = db.prepare('INSERT OR IGNORE INTO foreign_revocations (key_id, card_id, revoked_at) VALUES (?, ?, ?)');
  const listed = db.prepare(
    `SELECT t.key_id, t.office, t.added_at, (SELECT count(*) FROM foreign_revocations r WHERE r.key_id = t.key_id) AS revocations
     FROM trusted_keys t ORDER BY t.office, t.key_id`,
  );
  const own = db.prepare('SELECT 1 FROM signing_keys WHERE key_id = ?').pluck();
  const deleteKey = db.prepare('DELETE FROM trusted_keys WHERE key_id = ?');
  const deleteRevocations = db.prepare('DELETE FROM foreign_revocations WHERE key_id = ?');

  const list = (): TrustedOffice[] => listed.all() as TrustedOffice[];

  /** The file's keys and revocations, checked; every problem names its place in the file. */
  function read(file: unknown): { office: string; keys: { keyId: string; raw: Buffer }[]; revocations: TrustFile['revocations'] } {
    if (!isRecord(file)) throw invalid('file', 'must be the JSON object an office exported (GET /dhis2/trust/export)');
    if (file.format !== trustFormat) throw invalid('file.format', `must be "${trustFormat}"`);
    const office = typeof file.office === 'string' ? file.office.trim() : '';
    if (!office || office.length > 120) throw invalid('file.office', 'must name the office (1 to 120 characters)');
    if (!Array.isArray(file.keys) || file.keys.length === 0 || file.keys.length > 20) throw invalid('file.keys', 'must list 1 to 20 keys');
    const read = file.keys.map((k, i) => {
      if (!isRecord(k) || k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || typeof k.kid !== 'string') {
        throw invalid(`file.keys[${i}]`, 'must be an Ed25519 key (kty OKP, crv Ed25519, x, kid)');
      }
      const raw = Buffer.from(k.x, 'base64url');
      if (raw.length !== 32) throw invalid(`file.keys[${i}].x`, 'must be 32 bytes in base64url');
      if (keyIdOf(raw) !== k.kid) throw invalid(`file.keys[${i}].kid`, 'is not the key id of this key (the first 4 bytes of SHA-256 of x, in hex)');
      if (own.get(k.kid)) throw invalid(`file.keys[${i}]`, 'is one of this office\'s own keys: import the file of another office');
      return { keyId: k.kid, raw };
    });
    const known = new Set(read.map((k) => k.keyId));
    const revocations = Array.isArray(file.revocations) ? file.revocations : [];
    if (revocations.length > 1_000_000) throw invalid('file.revocations', 'lists too many cards');
    const checked = revocations.map((r, i) => {
      if (!isRecord(r) || typeof r.key_id !== 'string' || !known.has(r.key_id) || typeof r.card_id !== 'string' || !/^[0-9a-f]{16}$/.test(r.card_id) || typeof r.revoked_at !== 'string') {
        throw invalid(`file.revocations[${i}]`, 'must be {key_id of a key in this file, card_id of 16 hex digits, revoked_at}');
      }
      return { key_id: r.key_id, card_id: r.card_id, revoked_at: r.revoked_at };
    });
    return { office, keys: read, revocations: checked };
  }

  return {
    exportFile(office) {
      const name = office.trim();
      if (!name || name.length > 120) throw invalid('office', 'must name this office (1 to 120 characters), as the other office will see it');
      keys.active();
      return {
        format: trustFormat, office: name, exported_at: isoSeconds(clock.now()),
        keys: keys.all().map(publicJwk),
        revocations: ownRevocations.all() as TrustFile['revocations'],
      };
    },
    importFile(file) {
      const { office, keys: imported, revocations } = read(file);
      const at = isoSeconds(clock.now());
      db.transaction(() => {
        for (const k of imported) upsertKey.run(k.keyId, office, k.raw, at);
        for (const r of revocations) addRevocation.run(r.key_id, r.card_id, r.revoked_at);
      })();
      return list();
    },
    list,
    remove(keyId) {
      const gone = db.transaction(() => {
        deleteRevocations.run(keyId);
        return deleteKey.run(keyId).changes;
      })();
      if (!gone) throw notFound(`Trusted key ${keyId}`);
      return list();
    },
  };
}
