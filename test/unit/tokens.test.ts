import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTokenStore } from '../../electron/core/auth/tokens';
import type { Clock } from '../../electron/core/clock';
import { AppError } from '../../electron/core/errors';
import { databaseFileName, openStore } from '../../electron/core/store/database';
import { tempDir } from '../helpers/temp';

const clockAt = (iso: string): Clock & { set(iso: string): void } => {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
};

test('a created token is shown once, stored only as a hash, and verifies until revoked', () => {
  const dir = tempDir();
  const db = openStore(dir);
  const tokens = createTokenStore(db, clockAt('2026-05-15T09:00:00Z'));
  const created = tokens.create('  laptop 2  ');
  assert.match(created.token, /^oomus_[A-Za-z0-9_-]{43}$/);
  assert.equal(created.name, 'laptop 2');
  assert.ok(!('token' in (tokens.list()[0] ?? {})));
  db.pragma('wal_checkpoint(TRUNCATE)');
  assert.ok(!readFileSync(join(dir, databaseFileName)).includes(Buffer.from(created.token)));

  assert.equal(tokens.verify(created.token), true);
  assert.equal(tokens.verify(`${created.token}x`), false);
  assert.equal(tokens.verify(''), false);
  tokens.revoke('laptop 2');
  assert.equal(tokens.verify(created.token), false);
  assert.throws(() => tokens.revoke(created.id), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  db.close();
});

test('last use is recorded, at most once a minute', () => {
  const db = openStore(tempDir());
  const clock = clockAt('2026-05-15T09:00:00Z');
  const tokens = createTokenStore(db, clock);
  const { token } = tokens.create('lan');
  assert.equal(tokens.list()[0]?.last_used_at, null);
  tokens.verify(token);
  assert.equal(tokens.list()[0]?.last_used_at, '2026-05-15T09:00:00Z');
  clock.set('2026-05-15T09:00:30Z');
  tokens.verify(token);
  assert.equal(tokens.list()[0]?.last_used_at, '2026-05-15T09:00:00Z');
  clock.set('2026-05-15T09:01:01Z');
  tokens.verify(token);
  assert.equal(tokens.list()[0]?.last_used_at, '2026-05-15T09:01:01Z');
  db.close();
});

test('OOMUS_TOKEN is one more valid token; names are checked and unique among active tokens', () => {
  const db = openStore(tempDir());
  const tokens = createTokenStore(db, clockAt('2026-05-15T09:00:00Z'), 'automation-secret');
  assert.equal(tokens.verify('automation-secret'), true);
  assert.equal(tokens.verify('automation-secreT'), false);
  tokens.create('desk');
  assert.throws(() => tokens.create('desk'), (e: unknown) => e instanceof AppError && e.code === 'conflict');
  tokens.revoke('desk');
  tokens.create('desk');
  for (const bad of ['', '   ', 'x'.repeat(65), 'a/b', 'semi;colon']) {
    assert.throws(() => tokens.create(bad), (e: unknown) => e instanceof AppError && e.code === 'validation_failed', bad);
  }
  tokens.create('Aïssatou Cissé');
  db.close();
});
