import type { Database } from 'better-sqlite3';
import type { Settings } from '../api/contract/schemas/foundation';
import { languages } from '../api/contract/settings';
import { isoSeconds, type Clock } from '../clock';

// User preferences that the core needs (and that LAN clients see): kept in SQLite with everything else.


export const defaultSettings: Settings = { language: 'fr' };

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettingsStore(db: Database, clock: Clock): SettingsStore {
  const read = (): Settings => {
    const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const language = languages.find((l) => l === stored.language) ?? defaultSettings.language;
    return { language };
  };
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    get: read,
    update(patch) {
      const at = isoSeconds(clock.now());
      db.transaction(() => {
        for (const [key, value] of Object.entries(patch)) {
          if (value !== undefined) upsert.run(key, JSON.stringify(value), at);
        }
      })();
      return read();
    },
  };
}
