// Numbered schema migrations. Append only: an applied migration must never be edited (its checksum is
// recorded and checked at every start). Each later capability adds its own entry.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'foundation: api tokens, settings, tasks',
    sql: `
      CREATE TABLE api_tokens (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        token_hash    BLOB NOT NULL UNIQUE,
        hint          TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        last_used_at  TEXT,
        revoked_at    TEXT
      );
      CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;

      CREATE TABLE settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE tasks (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('sync', 'generation')),
        programme_uid  TEXT,
        status         TEXT NOT NULL CHECK (status IN ('pending', 'resolving', 'running', 'generating',
                         'completed', 'completed_with_errors', 'failed', 'cancelled')),
        progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        params         TEXT NOT NULL DEFAULT '{}',
        state          TEXT NOT NULL DEFAULT '{}',
        errors         TEXT NOT NULL DEFAULT '[]',
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        started_at     TEXT,
        finished_at    TEXT,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX tasks_by_status ON tasks(status);
    `,
  },
];
