import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { databaseFileName, openStore } from '../../electron/core/store/database';
import { StoreError } from '../../electron/core/store/migrate';
import { migrations, type Migration } from '../../electron/core/store/migrations';
import { tempDir } from '../helpers/temp';

const tables = (file: string): string[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

test('a fresh data directory gets WAL mode and every migration, recorded once', () => {
  const dir = tempDir();
  const db = openStore(dir);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const rows = db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[];
  assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
  assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum)));
  db.close();
  for (const t of ['api_tokens', 'settings', 'tasks']) assert.ok(tables(join(dir, databaseFileName)).includes(t), t);
  // Reopening applies nothing again.
  const again = openStore(dir);
  assert.equal((again.prepare('SELECT count(*) n FROM schema_migrations').get() as { n: number }).n, migrations.length);
  again.close();
});

test('a later migration is applied on the next start, keeping the data already stored', () => {
  const dir = tempDir();
  const db = openStore(dir);
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('language', '"en"', 'x')`).run();
  db.close();
  const extra: Migration = { version: migrations.length + 1, name: 'test addition', sql: 'CREATE TABLE later_table (id INTEGER PRIMARY KEY);' };
  const next = openStore(dir, { migrations: [...migrations, extra] });
  assert.equal((next.prepare(`SELECT value FROM settings WHERE key = 'language'`).get() as { value: string }).value, '"en"');
  assert.ok(tables(join(dir, databaseFileName)).includes('later_table'));
  next.close();
});

test('an applied migration edited afterwards is detected and nothing is changed', () => {
  const dir = tempDir();
  openStore(dir).close();
  const first = migrations[0];
  assert.ok(first);
  const edited: Migration[] = [{ ...first, sql: `${first.sql}\nCREATE TABLE sneaky (id INTEGER);` }, ...migrations.slice(1)];
  assert.throws(() => openStore(dir, { migrations: edited }), (err: Error) => {
    assert.ok(err instanceof StoreError);
    assert.match(err.message, /migration 1 .* was changed after it was applied/);
    return true;
  });
  assert.ok(!tables(join(dir, databaseFileName)).includes('sneaky'));
});

test('re-indenting a migration is not an edit', () => {
  const dir = tempDir();
  openStore(dir).close();
  const reindented = migrations.map((m) => ({ ...m, sql: m.sql.replace(/\n\s+/g, '\n    ') }));
  openStore(dir, { migrations: reindented }).close();
});

test('a data directory written by a newer version is refused with a clear message, untouched', () => {
  const dir = tempDir();
  const future: Migration = { version: 999, name: 'from the future', sql: 'CREATE TABLE future_table (id INTEGER);' };
  openStore(dir, { migrations: [...migrations, future] }).close();
  const file = join(dir, databaseFileName);
  const before = statSync(file).mtimeMs;
  assert.throws(() => openStore(dir), /written by a newer version of Oomus CampaignID \(schema 999; this version knows up to \d+\)/);
  assert.equal(statSync(file).mtimeMs, before);
  assert.ok(tables(file).includes('future_table'));
});

test('a migration that fails leaves neither its tables nor its record', () => {
  const dir = tempDir();
  openStore(dir).close();
  const broken: Migration = { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;' };
  assert.throws(() => openStore(dir, { migrations: [...migrations, broken] }), StoreError);
  const file = join(dir, databaseFileName);
  assert.ok(!tables(file).includes('half_done'));
  const db = openStore(dir);
  assert.equal((db.prepare('SELECT max(version) v FROM schema_migrations').get() as { v: number }).v, migrations.length);
  db.close();
});

test('a file that is not a database gives a clear error naming it', async () => {
  const dir = tempDir();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, databaseFileName), 'this is not sqlite at all, just text '.repeat(200));
  assert.throws(() => openStore(dir), (err: Error) => err instanceof StoreError && err.message.includes(join(dir, databaseFileName)));
  assert.ok(existsSync(join(dir, databaseFileName)));
});

test('migration 14 gives every MPI link its record and an audit entry, and keeps persons and links as they were', () => {
  const dir = tempDir();
  const before = openStore(dir, { migrations: migrations.filter((m) => m.version < 14) });
  const rec = (first: string): string => JSON.stringify({ firstName: first, lastName: 'Diop', dateOfBirth: '2020-01-02', gender: 'female', phone: null });
  before.prepare(`INSERT INTO mpi_persons (mpi_id, record, created_at) VALUES ('MPI-AAAAAAAAA', ?, '2026-01-01T00:00:00Z')`).run(rec('Awa'));
  before.prepare(`INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, score, how, record, linked_at) VALUES
    ('EnrA0000001', 'MPI-AAAAAAAAA', 'P', NULL, 'created', NULL, '2026-01-01T00:00:00Z'),
    ('EnrA0000002', 'MPI-AAAAAAAAA', 'P', 0.93, 'matched', ?, '2026-01-02T00:00:00Z')`).run(rec('Aoua'));
  before.close();
  const db = openStore(dir);
  const links = db.prepare('SELECT enrollment_uid, how, score, record FROM mpi_links ORDER BY enrollment_uid').all() as { enrollment_uid: string; how: string; score: number | null; record: string }[];
  assert.deepEqual(links.map((l) => [l.enrollment_uid, l.how, l.score, JSON.parse(l.record).firstName]), [['EnrA0000001', 'created', null, 'Awa'], ['EnrA0000002', 'matched', 0.93, 'Aoua']]);
  const audit = db.prepare('SELECT action, enrollment_uid, mpi_id, at FROM mpi_audit ORDER BY seq').all();
  assert.deepEqual(audit, [
    { action: 'created', enrollment_uid: 'EnrA0000001', mpi_id: 'MPI-AAAAAAAAA', at: '2026-01-01T00:00:00Z' },
    { action: 'matched', enrollment_uid: 'EnrA0000002', mpi_id: 'MPI-AAAAAAAAA', at: '2026-01-02T00:00:00Z' },
  ]);
  // The rebuilt table takes the new way of linking, and still refuses others and unknown persons.
  db.prepare(`INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, how, linked_at) VALUES ('EnrA0000003', 'MPI-AAAAAAAAA', 'P', 'split', 'x')`).run();
  assert.throws(() => db.prepare(`INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, how, linked_at) VALUES ('EnrA0000004', 'MPI-AAAAAAAAA', 'P', 'guessed', 'x')`).run(), /CHECK/);
  assert.throws(() => db.prepare(`INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, how, linked_at) VALUES ('EnrA0000005', 'MPI-ZZZZZZZZZ', 'P', 'split', 'x')`).run(), /FOREIGN KEY/);
  db.close();
});
