import type { Database } from 'better-sqlite3';
import type { WalletConfigView } from '../../api/contract/schemas/wallet';
import { isoSeconds, type Clock } from '../../clock';
import { AppError, invalid } from '../../errors';
import { newId } from '../../ids';
import type { SecretBox } from '../../secrets/secret-box';
import { parseServiceAccount, type ServiceAccount } from './service-account';

// The office's Google Wallet issuer: its Issuer ID, the service account that signs the passes, and the
// origins allowed to show a save button. The service-account key is sealed through the SecretBox and only
// leaves this module as the signing material handed to the pass signer; no view ever contains it.


export interface WalletSigningConfig {
  issuerId: string;
  clientEmail: string;
  privateKeyPem: string;
  origins: string[];
}

export interface WalletConfigStore {
  /** Validates the request body's fields (400 naming the field), seals the key, replaces the configuration. */
  save(body: { issuer_id: unknown; service_account: unknown; origins?: unknown }): WalletConfigView;
  view(): WalletConfigView | undefined;
  /** What signing needs, or a 409 saying how to configure Google Wallet. */
  signing(): WalletSigningConfig;
}

interface Row {
  config_id: string;
  issuer_id: string;
  client_email: string;
  service_account: string;
  origins: string;
  configured_at: string;
}

const purpose = 'wallet.service-account';
export const maxOrigins = 20;

export const notConfiguredMessage =
  'Google Wallet is not configured yet: send POST /dhis2/google-wallet/config with {"issuer_id": "<your Issuer ID from the ' +
  'Google Pay & Wallet Console>", "service_account": <the JSON key file of a Google Cloud service account>}.';

export function parseIssuerId(value: unknown): string {
  if (value === undefined || value === null || value === '') throw invalid('issuer_id', 'is required (the Issuer ID shown in the Google Pay & Wallet Console)');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw invalid('issuer_id', 'must be given as a string: as a JSON number its last digits are lost');
    return String(value);
  }
  if (typeof value !== 'string') throw invalid('issuer_id', 'must be a string of digits');
  const id = value.trim();
  if (!/^[0-9]{1,30}$/.test(id)) throw invalid('issuer_id', 'must be the numeric Issuer ID of the Google Pay & Wallet Console (digits only, e.g. "3388000000012345678")');
  return id;
}

/** Web origins allowed to show a save button for these JWTs (Google's `origins` claim); empty by default. */
export function parseOrigins(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('origins', 'must be an array of web origins such as "https://sante.example.org"');
  if (value.length > maxOrigins) throw invalid('origins', `must hold at most ${maxOrigins} origins`);
  const out: string[] = [];
  value.forEach((entry, i) => {
    const name = `origins.${i}`;
    if (typeof entry !== 'string') throw invalid(name, 'must be a string');
    let url: URL;
    try { url = new URL(entry.trim()); } catch { throw invalid(name, 'must be a web origin such as "https://sante.example.org"'); }
    if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      throw invalid(name, 'must be a web origin (http or https scheme, host and optional port, no path), such as "https://sante.example.org"');
    }
    if (!out.includes(url.origin)) out.push(url.origin);
  });
  return out;
}

export function createWalletConfigStore(db: Database, secrets: SecretBox, clock: Clock): WalletConfigStore {
  const read = (): Row | undefined => db.prepare('SELECT * FROM wallet_config WHERE id = 1').get() as Row | undefined;
  const toView = (r: Row): WalletConfigView => ({
    config_id: r.config_id,
    issuer_id: r.issuer_id,
    client_email: r.client_email,
    origins: JSON.parse(r.origins) as string[],
    status: 'configured',
    configured_at: r.configured_at,
  });
  return {
    save(body) {
      const issuerId = parseIssuerId(body.issuer_id);
      const account = parseServiceAccount(body.service_account);
      const origins = parseOrigins(body.origins);
      const sealed = secrets.seal(purpose, JSON.stringify({ private_key: account.private_key, private_key_id: account.private_key_id }));
      const at = isoSeconds(clock.now());
      const configId = read()?.config_id ?? newId('walletcfg', clock.now().getTime());
      db.prepare(
        `INSERT INTO wallet_config (id, config_id, issuer_id, client_email, service_account, origins, configured_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET issuer_id = excluded.issuer_id,
           client_email = excluded.client_email, service_account = excluded.service_account, origins = excluded.origins,
           configured_at = excluded.configured_at`,
      ).run(configId, issuerId, account.client_email, sealed, JSON.stringify(origins), at);
      const row = read();
      if (!row) throw new Error('Google Wallet configuration was not stored');
      return toView(row);
    },
    view() {
      const row = read();
      return row ? toView(row) : undefined;
    },
    signing() {
      const row = read();
      if (!row) throw new AppError('conflict', notConfiguredMessage);
      let account: Pick<ServiceAccount, 'private_key'>;
      try {
        account = JSON.parse(secrets.open(purpose, row.service_account)) as Pick<ServiceAccount, 'private_key'>;
      } catch (err) {
        throw new AppError('conflict', `The stored Google Wallet service-account key cannot be read (${(err as Error).message}): configure it again with POST /dhis2/google-wallet/config.`);
      }
      return { issuerId: row.issuer_id, clientEmail: row.client_email, privateKeyPem: account.private_key, origins: JSON.parse(row.origins) as string[] };
    },
  };
}
