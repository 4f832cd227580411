import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { databaseFileName } from '../../electron/core/store/database';
import { runCli, startServe } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

test('token create | list | revoke work on the data directory, and serve honours them', async () => {
  const dataDir = tempDir();
  const created = runCli(['token', 'create', '--name', 'laptop 2', '--data-dir', dataDir]);
  assert.equal(created.status, 0, created.stderr);
  const token = /^(oomus_\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(token, created.stdout);

  const listed = runCli(['token', 'list', '--data-dir', dataDir]);
  assert.match(listed.stdout, /laptop 2 .* active, last used never/);
  assert.ok(!listed.stdout.includes(token), 'list never prints the token');

  const served = await startServe(dataDir);
  try {
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const ok = await fetch(`${served.url}/dhis2/settings`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    // Revoked while the server runs: the next call is refused.
    const revoked = runCli(['token', 'revoke', 'laptop 2', '--data-dir', dataDir]);
    assert.equal(revoked.status, 0, revoked.stderr);
    const refused = await fetch(`${served.url}/dhis2/settings`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401);
  } finally {
    await served.stop();
  }
  const again = runCli(['token', 'revoke', 'laptop 2', '--data-dir', dataDir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /Active token "laptop 2" not found/);
  const noName = runCli(['token', 'create', '--data-dir', dataDir]);
  assert.equal(noName.status, 1);
  assert.match(noName.stderr, /--name/);
});

test('serve stops cleanly on SIGTERM and SIGINT with the database closed', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const dataDir = tempDir();
    const served = await startServe(dataDir, { OOMUS_TOKEN: 'cli-test' });
    const health = await fetch(`${served.url}/health`);
    assert.equal(health.status, 200);
    await fetch(`${served.url}/dhis2/settings`, {
      method: 'POST',
      headers: { authorization: 'Bearer cli-test', 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en' }),
    });
    const code = await served.stop(signal);
    assert.equal(code, 0, served.output());
    assert.match(served.output(), /stopped, database closed/);
    // A cleanly closed WAL database leaves no -wal file behind, and holds what was written.
    assert.ok(!existsSync(join(dataDir, `${databaseFileName}-wal`)), 'WAL checkpointed and removed on close');
    const db = new BetterSqlite3(join(dataDir, databaseFileName), { readonly: true });
    assert.equal((db.prepare(`SELECT value FROM settings WHERE key = 'language'`).get() as { value: string }).value, '"en"');
    db.close();
  }
});

test('serve refuses a bad port and a data directory from a newer version, with clear messages', () => {
  const bad = runCli(['serve', '--port', 'eighty', '--data-dir', tempDir()]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--port must be a number/);
  const unknown = runCli(['serve', '--colour', 'red', '--data-dir', tempDir()]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /colour/);

  const dataDir = tempDir();
  const db = new BetterSqlite3(join(dataDir, databaseFileName));
  db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL);
           INSERT INTO schema_migrations VALUES (500, 'future', 'x', '2030-01-01');`);
  db.close();
  const newer = runCli(['serve', '--port', '0', '--data-dir', dataDir]);
  assert.equal(newer.status, 1);
  assert.match(newer.stderr, /written by a newer version/);
});
