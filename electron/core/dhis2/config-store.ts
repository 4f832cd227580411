import type { Database } from 'better-sqlite3';
import type { ConfigView } from '../api/contract/schemas/connection';
import { isoSeconds, type Clock } from '../clock';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { SecretBox } from '../secrets/secret-box';
import type { Dhis2Auth } from './http';

// The one DHIS2 connection of this office. The password or token is sealed through the SecretBox and
// only ever leaves this module as a Dhis2Auth handed to the HTTP client.

interface Row {
  config_id: string;
  url: string;
  auth_type: 'basic' | 'token';
  username: string | null;
  secret: string;
  created_at: string;
  updated_at: string;
}

const purpose = 'dhis2.credentials';

export interface Dhis2ConfigStore {
  save(url: string, auth: Dhis2Auth): ConfigView;
  view(): ConfigView | undefined;
  /** The stored connection, or a 409 telling the user to configure one. */
  connection(): { url: string; auth: Dhis2Auth };
}

export function createDhis2ConfigStore(db: Database, secrets: SecretBox, clock: Clock): Dhis2ConfigStore {
  const read = (): Row | undefined => db.prepare('SELECT * FROM dhis2_config WHERE id = 1').get() as Row | undefined;
  const toView = (r: Row): ConfigView => ({
    config_id: r.config_id,
    url: r.url,
    username: r.username,
    auth_type: r.auth_type,
    status: 'configured',
    created_at: r.created_at,
    updated_at: r.updated_at,
  });
  return {
    save(url, auth) {
      const at = isoSeconds(clock.now());
      const existing = read();
      const secret = secrets.seal(purpose, auth.kind === 'basic' ? auth.password : auth.token);
      db.prepare(
        `INSERT INTO dhis2_config (id, config_id, url, auth_type, username, secret, created_at, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET url = excluded.url, auth_type = excluded.auth_type, username = excluded.username,
           secret = excluded.secret, updated_at = excluded.updated_at`,
      ).run(existing?.config_id ?? newId('dhis2cfg'), url, auth.kind, auth.kind === 'basic' ? auth.username : null, secret, existing?.created_at ?? at, at);
      const row = read();
      if (!row) throw new Error('DHIS2 configuration was not stored');
      return toView(row);
    },
    view() {
      const row = read();
      return row ? toView(row) : undefined;
    },
    connection() {
      const row = read();
      if (!row) throw new AppError('conflict', 'No DHIS2 connection is configured yet: set one with POST /dhis2/config (Connection screen).');
      let secret: string;
      try {
        secret = secrets.open(purpose, row.secret);
      } catch (err) {
        throw new AppError('conflict', `The stored DHIS2 password cannot be read: ${(err as Error).message}`);
      }
      const auth: Dhis2Auth = row.auth_type === 'basic' ? { kind: 'basic', username: row.username ?? '', password: secret } : { kind: 'token', token: secret };
      return { url: row.url, auth };
    },
  };
}
