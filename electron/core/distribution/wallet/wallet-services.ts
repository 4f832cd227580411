import type { Database } from 'better-sqlite3';
import type { CardModelSource } from '../../cards/card-model-source';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets/secret-box';
import type { SettingsStore } from '../../settings/settings';
import { createWalletConfigStore, type WalletConfigStore } from './wallet-config';
import { createWalletLinks, type WalletLinks } from './wallet-links';

// The Google Wallet capability as the rest of the app sees it: its configuration and the save links.

export interface WalletServices {
  config: WalletConfigStore;
  links: WalletLinks;
}

export interface WalletServicesDeps {
  db: Database;
  secrets: SecretBox;
  models: CardModelSource;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
}

export function createWalletServices(deps: WalletServicesDeps): WalletServices {
  const config = createWalletConfigStore(deps.db, deps.secrets, deps.clock);
  return { config, links: createWalletLinks({ config, models: deps.models, settings: deps.settings, clock: deps.clock, logger: deps.logger }) };
}
