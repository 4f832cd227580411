import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate, StoreError } from './migrate';
import { migrations as allMigrations, type Migration } from './migrations';

export type { Database };

export interface OpenStoreOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own ABI build). */
  nativeBinding?: string;
  /** For tests of the migration checks; the app always uses the full list. */
  migrations?: readonly Migration[];
}

export const databaseFileName = 'oomus.sqlite';

/** The database holds personal data: readable by its owner only, like the secret key. SQLite gives its
 * -wal and -shm files the database file's own permissions; older ones are set too. */
function keepPrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export function openStore(dataDir: string, options: OpenStoreOptions = {}): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, databaseFileName);
  let db: Database;
  try {
    keepPrivate(file);
    db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw new StoreError(`Cannot open the database ${file}: ${(err as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    beginImmediately(db);
    migrate(db, options.migrations ?? allMigrations, file);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot prepare the database ${file}: ${(err as Error).message}`);
  }
}

/**
 * Every transaction takes the write lock as it begins (BEGIN IMMEDIATE), waiting its turn (busy_timeout) if another
 * connection writes. The sync writes its pages from a worker thread's own connection (sync/page-writer.ts): a
 * deferred transaction that had read before that connection committed could no longer write (SQLITE_BUSY_SNAPSHOT,
 * which no waiting cures). The app's transactions all write, so none loses anything by taking the lock early.
 */
function beginImmediately(db: Database): void {
  const transaction = db.transaction.bind(db);
  // The immediate variant carries .deferred, .immediate and .exclusive like the default one does.
  db.transaction = ((fn: (...args: unknown[]) => unknown) => transaction(fn).immediate) as Database['transaction'];
}
