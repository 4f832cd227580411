import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { isoSeconds, type Clock } from '../clock';
import { AppError, invalid, notFound } from '../errors';
import { newId } from '../ids';

// API tokens: shown once at creation, stored only as SHA-256 (they are 256-bit random, so a plain hash
// is enough), compared in constant time against every active token.

export interface TokenInfo {
  id: string;
  name: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedToken extends TokenInfo {
  token: string;
}

export interface TokenStore {
  create(name: string): CreatedToken;
  list(): TokenInfo[];
  revoke(idOrName: string): TokenInfo;
  /** True when the presented token is active or equals the environment token. */
  verify(presented: string): boolean;
}

const hash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function checkTokenName(name: string): string {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N} ._@-]{1,64}$/u.test(trimmed)) {
    throw invalid('name', 'must be 1 to 64 letters, digits, spaces or . _ @ -');
  }
  return trimmed;
}

export function createTokenStore(db: Database, clock: Clock, envToken?: string): TokenStore {
  const envHash = envToken ? hash(envToken) : undefined;
  const columns = 'id, name, hint, created_at, last_used_at, revoked_at';
  const activeHashes = db.prepare('SELECT id, token_hash FROM api_tokens WHERE revoked_at IS NULL');
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)');

  return {
    create(rawName) {
      const name = checkTokenName(rawName);
      const token = `oomus_${randomBytes(32).toString('base64url')}`;
      const row: TokenInfo = {
        id: newId('tok'),
        name,
        hint: `${token.slice(0, 10)}…`,
        created_at: isoSeconds(clock.now()),
        last_used_at: null,
        revoked_at: null,
      };
      try {
        db.prepare('INSERT INTO api_tokens (id, name, token_hash, hint, created_at) VALUES (?, ?, ?, ?, ?)').run(
          row.id, row.name, hash(token), row.hint, row.created_at);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new AppError('conflict', `An active token named "${name}" already exists; revoke it or choose another name.`);
        }
        throw err;
      }
      return { ...row, token };
    },
    list() {
      return db.prepare(`SELECT ${columns} FROM api_tokens ORDER BY created_at, id`).all() as TokenInfo[];
    },
    revoke(idOrName) {
      const row = db
        .prepare(`SELECT ${columns} FROM api_tokens WHERE (id = ? OR name = ?) AND revoked_at IS NULL`)
        .get(idOrName, idOrName) as TokenInfo | undefined;
      if (!row) throw notFound(`Active token "${idOrName}"`);
      const at = isoSeconds(clock.now());
      db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(at, row.id);
      return { ...row, revoked_at: at };
    },
    verify(presented) {
      const h = hash(presented);
      let match: string | undefined;
      let ok = envHash !== undefined && timingSafeEqual(h, envHash);
      // No early exit: the time taken does not depend on which token (if any) matched.
      for (const row of activeHashes.all() as { id: string; token_hash: Buffer }[]) {
        if (timingSafeEqual(h, row.token_hash)) {
          ok = true;
          match = row.id;
        }
      }
      if (match) {
        const now = clock.now();
        // Written at most once a minute per token, so a busy LAN client does not turn reads into writes.
        touch.run(isoSeconds(now), match, isoSeconds(new Date(now.getTime() - 60_000)));
      }
      return ok;
    },
  };
}
