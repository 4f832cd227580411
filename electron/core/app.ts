import { join } from 'node:path';
import { createTokenStore, type TokenStore } from './auth/tokens';
import { createDispatch, type Dispatch } from './api/dispatch';
import { createApi, type Api } from './api/server';
import { systemClock, type Clock } from './clock';
import { consoleLogger, type Logger } from './logger';
import { createCardServices, type CardServices } from './cards/card-services';
import { autoGenerate } from './generation/auto-generate';
import { createGenerationRunner, type GenerationRunner } from './generation/generation-runner';
import { createGenerationStore } from './generation/generation-store';
import { createMatchIndex } from './mpi/match-index';
import { createMpiService, type MpiService } from './mpi/mpi-service';
import { createMpiStore } from './mpi/mpi-store';
import { thresholdsFromEnv } from './mpi/thresholds';
import { createDhis2Services, dhis2OptionsFromEnv, type Dhis2Options, type Dhis2Services } from './dhis2/dhis2-services';
import { createMessaging, messagingOptionsFromEnv, type MessagingOptions, type MessagingServices } from './distribution/messaging/messaging-services';
import { createWalletServices } from './distribution/wallet/wallet-services';
import { createKeyFileBox, loadSecretKey } from './secrets/key-file-box';
import type { SecretBox } from './secrets/secret-box';
import { createSettingsStore, type SettingsStore } from './settings/settings';
import { openStore, type Database } from './store/database';
import { createTaskStore, type TaskStore } from './tasks/tasks';

// The composition root. Runs unchanged in plain Node (tests, CLI, headless server) and in Electron's
// main process: everything host-specific (secrets, native binding, logger, clock) comes in as options.

export interface AppOptions {
  dataDir: string;
  /** Electron passes its safeStorage box; headless mode defaults to the AES key file in dataDir. */
  secrets?: SecretBox;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
  /** better_sqlite3.node built for the running runtime's ABI (Electron's differs from Node's). */
  nativeBinding?: string;
  rendererDir?: string;
  bodyLimit?: number;
  dhis2?: Dhis2Options;
  /** Run the sync scheduler and resume interrupted syncs (off in tests that drive them by hand). */
  background?: boolean;
  /** Card render workers (default: one per core). */
  renderWorkers?: number;
  /** Provider timeouts and retry policy of WhatsApp and SMS sending. */
  messaging?: MessagingOptions;
}

export interface App {
  dataDir: string;
  db: Database;
  secrets: SecretBox;
  tokens: TokenStore;
  settings: SettingsStore;
  tasks: TaskStore;
  dhis2: Dhis2Services;
  cards: CardServices;
  mpi: MpiService;
  generation: GenerationRunner;
  messaging: MessagingServices;
  api: Api;
  dispatch: Dispatch;
  /** Starts the HTTP listener; resolves with the address actually bound (port 0 picks a free one). */
  listen(host: string, port: number): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const db = openStore(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const secrets = options.secrets ?? createKeyFileBox(loadSecretKey(options.dataDir, env));
    const tokens = createTokenStore(db, clock, env.OOMUS_TOKEN || undefined);
    const settings = createSettingsStore(db, clock);
    const tasks = createTaskStore(db, clock);
    const dhis2 = createDhis2Services(db, secrets, tasks, clock, logger, { ...dhis2OptionsFromEnv(env), ...options.dhis2 });
    const mpiStore = createMpiStore(db, clock);
    const thresholds = thresholdsFromEnv(env);
    const mpi = createMpiService(db, mpiStore, () => createMatchIndex(thresholds));
    const cards = createCardServices({
      db, metadata: dhis2.metadata, mappings: dhis2.mappings, settings, photos: dhis2.photos, mpiIdOf: mpiStore.mpiIdOf,
      ...(options.renderWorkers ? { poolSize: options.renderWorkers } : {}),
    });
    const generationStore = createGenerationStore(db);
    const generation = createGenerationRunner({
      db, tasks, store: generationStore, models: cards.models, pool: cards.pool, resolver: () => mpi.resolver(),
      cardsDir: join(options.dataDir, 'cards'), clock, logger,
    });
    dhis2.runner.onSynced((programmeUid, trigger) => {
      if (trigger !== 'schedule' || !dhis2.scheduler.get(programmeUid)?.auto_generate_cards) return;
      const taskId = autoGenerate({ db, tasks, store: generationStore, runner: generation, mappings: dhis2.mappings, settings, logger }, programmeUid);
      if (taskId) logger.info(`Cards of ${programmeUid} being generated after its scheduled sync: ${taskId}`);
    });
    const wallet = createWalletServices({ db, secrets, models: cards.models, settings, clock, logger });
    const messaging = createMessaging({
      db, secrets, settings, models: cards.models, pool: cards.pool, resolver: () => mpi.resolver(), cardsDir: join(options.dataDir, 'cards'), clock, logger,
      options: {
        // SMS carry the Google Wallet link once Google Wallet is configured.
        walletLink: async (uid) => (wallet.config.view() ? (await wallet.links.link(uid, { compact: true })).wallet_url : null),
        ...messagingOptionsFromEnv(env), ...options.messaging,
      },
    });
    const { api, ipcSecret } = await createApi({
      db, dhis2, cards, tokens, settings, tasks, clock, logger, wallet, messaging,
      generation: { store: generationStore, runner: generation, mpi },
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    });
    if (options.background !== false) {
      dhis2.runner.resumeInterrupted();
      dhis2.scheduler.start();
      generation.resumeInterrupted();
      messaging.worker.start();
    }
    let closed = false;
    return {
      dataDir: options.dataDir,
      db, secrets, tokens, settings, tasks, dhis2, cards, mpi, generation, messaging, api,
      dispatch: createDispatch(api, ipcSecret),
      async listen(host, port) {
        await api.listen({ host, port });
        const address = api.server.address();
        const bound = typeof address === 'object' && address ? address.port : port;
        const shown = host.includes(':') ? `[${host}]` : host;
        return { host, port: bound, url: `http://${shown}:${bound}` };
      },
      async close() {
        if (closed) return;
        closed = true;
        dhis2.scheduler.stop();
        await api.close();
        await messaging.stop();
        // A sync in flight stops at its next page boundary; what it committed stays, and it resumes next start.
        await dhis2.runner.stopAll();
        await generation.stopAll();
        await cards.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

export const defaultRendererDir = (projectRoot: string): string => join(projectRoot, 'dist', 'renderer');
