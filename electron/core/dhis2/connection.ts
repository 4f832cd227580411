import type { ConfigSaved, Credentials, TestConnectionBody } from '../api/contract/schemas/connection';
import { invalid } from '../errors';
import { normaliseBaseUrl } from './base-url';
import type { Dhis2ConfigStore } from './config-store';
import { testConnection, type ConnectionTestResult } from './connection-test';
import type { Dhis2Auth } from './http';

// The office's DHIS2 connection as the Connection screen uses it: save it (address normalised, credentials
// checked), and test either what was typed or what is stored.

export interface Dhis2Connection {
  save(body: Credentials): ConfigSaved;
  test(body: TestConnectionBody): Promise<ConnectionTestResult>;
}

/** Username + password, or a personal access token; never both, never half. */
function authOf(body: Credentials): Dhis2Auth {
  if (body.token !== undefined) {
    if (body.username !== undefined || body.password !== undefined) throw invalid('token', 'cannot be combined with username and password');
    if (!/^d2pat_[A-Za-z0-9]{20,}$/.test(body.token.trim())) throw invalid('token', 'must be a DHIS2 personal access token (d2pat_…)');
    return { kind: 'token', token: body.token.trim() };
  }
  if (body.username === undefined) throw invalid('username', 'is required (or give a personal access token in token)');
  if (body.password === undefined) throw invalid('password', 'is required');
  if (/[:\u0000-\u001f]/.test(body.username)) throw invalid('username', 'must not contain ":" or control characters');
  return { kind: 'basic', username: body.username.trim(), password: body.password };
}

export function createDhis2Connection(config: Dhis2ConfigStore, timeoutMs: number): Dhis2Connection {
  return {
    save(body) {
      const { config_id, url, username, auth_type, status, created_at } = config.save(normaliseBaseUrl(body.url), authOf(body));
      return { config_id, url, username, auth_type, status, created_at };
    },
    async test(body) {
      const given = Object.keys(body).length > 0;
      if (given && body.url === undefined) throw invalid('url', 'is required when credentials are given');
      const target = given && body.url !== undefined ? { url: normaliseBaseUrl(body.url), auth: authOf({ ...body, url: body.url }) } : config.connection();
      return testConnection(target.url, target.auth, timeoutMs);
    },
  };
}
