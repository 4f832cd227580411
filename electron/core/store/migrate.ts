import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';

export class StoreError extends Error {
  override name = 'StoreError';
}

export function checksum(sql: string): string {
  // Whitespace-insensitive so re-indenting a migration is not "editing" it; any token change is.
  return createHash('sha256').update(sql.replace(/\s+/g, ' ').trim()).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the schema up to date. Refuses, without touching anything, a database written by a newer app
 * or one whose applied migrations differ from this app's. Each pending migration runs in its own
 * transaction together with its bookkeeping row, so a crash leaves either all of it or none.
 */
export function migrate(db: Database, list: readonly Migration[], file: string): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const known = new Map(list.map((m) => [m.version, m]));
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];

  const newest = applied.at(-1);
  if (newest && newest.version > latest) {
    throw new StoreError(
      `The data in ${file} was written by a newer version of Oomus CampaignID (schema ${newest.version}; ` +
        `this version knows up to ${latest}). Nothing was changed: install the newer version to open it.`,
    );
  }
  for (const row of applied) {
    const mine = known.get(row.version);
    if (!mine) {
      throw new StoreError(`Schema migration ${row.version} recorded in ${file} is unknown to this version; nothing was changed.`);
    }
    if (checksum(mine.sql) !== row.checksum) {
      throw new StoreError(
        `Schema migration ${row.version} ("${row.name}") was changed after it was applied to ${file}. ` +
          `Applied migrations must never be edited: add a new migration instead. Nothing was changed.`,
      );
    }
  }

  const done = new Set(applied.map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const fresh: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m.sql), new Date().toISOString());
    }).immediate();
    fresh.push(m.version);
  }
  return { applied: fresh };
}
