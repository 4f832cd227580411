import { join } from 'node:path';
import { createDispatch, type Dispatch } from './api/dispatch';
import { answerClientError, createApi, type Api } from './api/server';
import { createTokenStore, type TokenStore } from './auth/tokens';
import { createCacheReader } from './cache/cache-reader';
import { createEnrollmentCache, type EnrollmentCache } from './cache/enrollment-cache';
import { createMetadataCache, type MetadataCache } from './cache/metadata-cache';
import { createPhotoCache, type PhotoCache } from './cache/photo-cache';
import { createPhotoThumbnails } from './cache/photo-thumbnail';
import { createCardModelSource, type CardModelSource } from './cards/card-model-source';
import { createCardPreview } from './cards/card-preview';
import { createRenderPool, type RenderPool } from './cards/render-pool';
import { systemClock, type Clock } from './clock';
import { createDhis2Client } from './dhis2/client';
import { createDhis2ConfigStore, type Dhis2ConfigStore } from './dhis2/config-store';
import { createDhis2Connection } from './dhis2/connection';
import { dhis2OptionsFromEnv, type Dhis2Options } from './dhis2/dhis2-options';
import { createDhis2Http } from './dhis2/http';
import { createTrackerWriter, type TrackerWriter } from './dhis2/tracker-writer';
import { dialectOf } from './dhis2/version';
import { createCardOnDemand } from './distribution/messaging/card-on-demand';
import { createChannelStore, type ChannelStore } from './distribution/messaging/channel-store';
import { messagingOptionsFromEnv, type MessagingOptions } from './distribution/messaging/messaging-options';
import { createMessagingService } from './distribution/messaging/messaging-service';
import { createOutboxStore, type OutboxStore } from './distribution/messaging/outbox-store';
import { createOutboxWorker, type OutboxWorker } from './distribution/messaging/outbox-worker';
import { createProviderHttp } from './distribution/messaging/provider-http';
import { createSendCard } from './distribution/messaging/send-card';
import { createWalletConfigStore } from './distribution/wallet/wallet-config';
import { createWalletLinks } from './distribution/wallet/wallet-links';
import { createWalletPasses } from './distribution/wallet/wallet-passes';
import { createCardVerifier } from './verify/card-verifier';
import { createCardIssuer, holderOfCard, type CardIssuer } from './verify/card-issuer';
import { createSigningKeys, type SigningKeys } from './verify/signing-keys';
import { createTrustList } from './verify/trust-list';
import { createVerificationService } from './verify/verification-service';
import { autoGenerate } from './generation/auto-generate';
import { createCardFiles } from './generation/card-files';
import { createGenerationRunner, recordOf, type GenerationRunner } from './generation/generation-runner';
import { createGenerationService } from './generation/generation-service';
import { createGenerationStore } from './generation/generation-store';
import { consoleLogger, type Logger } from './logger';
import { createMappingService } from './mapping/mapping-service';
import { createMappingStore, type MappingStore } from './mapping/mapping-store';
import { createMatchIndex } from './mpi/match-index';
import { createMpiService, type MpiService } from './mpi/mpi-service';
import { createMpiStore } from './mpi/mpi-store';
import { createNetworkSharing, type NetworkSharing } from './network/network-sharing';
import { createPrintRecords } from './printing/print-records';
import { createPrintingService } from './printing/printing-service';
import { thresholdsFromEnv } from './mpi/thresholds';
import { createKeyFileBox, loadSecretKey } from './secrets/key-file-box';
import type { SecretBox } from './secrets/secret-box';
import { createSettingsStore, type SettingsStore } from './settings/settings';
import { openStore, type Database } from './store/database';
import { createScheduler, type Scheduler } from './sync/schedule';
import { createSearchIndex, type SearchIndex } from './search/search-index';
import { createSyncRunner, type SyncRunner } from './sync/sync-runner';
import { createSyncService } from './sync/sync-service';
import { createSyncStateStore, type SyncStateStore } from './sync/sync-state';
import { createTaskStore, type TaskStore } from './tasks/tasks';
import { createWritebackService, type WritebackService } from './writeback/writeback-service';
import { createWritebackStore } from './writeback/writeback-store';
import { createWritebackWorker } from './writeback/writeback-worker';
import { writebackOptionsFromEnv } from './writeback/writeback-options';

// The composition root: every service of the app is built here, once. Runs unchanged in plain Node
// (tests, CLI, headless server) and in Electron's main process: everything host-specific (secrets,
// native binding, logger, clock) comes in as options.

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
  /** Start office-network sharing again when Settings left it on (the desktop app). `serve` passes false:
   *  its own --host decides whether it is on the network. */
  resumeSharing?: boolean;
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
  dhis2: {
    config: Dhis2ConfigStore; metadata: MetadataCache; enrollments: EnrollmentCache; photos: PhotoCache; syncState: SyncStateStore;
    mappings: MappingStore; runner: SyncRunner; scheduler: Scheduler;
  };
  cards: { models: CardModelSource; pool: RenderPool };
  mpi: MpiService;
  generation: GenerationRunner;
  messaging: { channels: ChannelStore; outbox: OutboxStore; worker: OutboxWorker; recovered: { requeued: number; unknown: number } };
  network: NetworkSharing;
  search: SearchIndex;
  /** Signed cards: what issues them (card generation will) and this office's keys. */
  verify: { keys: SigningKeys; issuer: CardIssuer };
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
    const cardsDir = join(options.dataDir, 'cards');

    // DHIS2: the connection, the offline cache, sync and its schedule.
    const dhis2Options = { ...dhis2OptionsFromEnv(env), ...options.dhis2 };
    const config = createDhis2ConfigStore(db, secrets, clock);
    const metadata = createMetadataCache(db);
    const enrollments = createEnrollmentCache(db);
    const syncState = createSyncStateStore(db);
    const photos = createPhotoCache(db);
    const mappings = createMappingStore(db, clock);
    const programmeExists = (uid: string): boolean => metadata.programme(uid) !== undefined;
    const runner = createSyncRunner({
      tasks, state: syncState, clock, logger,
      syncDeps: () => {
        const { url, auth } = config.connection();
        return {
          db, metadata, enrollments, state: syncState, clock, photos, mappings, logger,
          client: createDhis2Client(createDhis2Http({ baseUrl: url, auth, timeoutMs: dhis2Options.timeoutMs ?? 60_000 })),
          ...(dhis2Options.pageSize ? { pageSize: dhis2Options.pageSize } : {}),
          ...(dhis2Options.pagesInFlight ? { pagesInFlight: dhis2Options.pagesInFlight } : {}),
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
          ...(dhis2Options.retries !== undefined ? { retries: dhis2Options.retries } : {}),
          ...(dhis2Options.backoffMs ? { backoffMs: dhis2Options.backoffMs } : {}),
        };
      },
      knownProgrammes: () => syncState.all().map((s) => s.programme_uid).filter(programmeExists),
      programmeExists,
    });
    const scheduler = createScheduler(db, runner, clock, logger);

    // The MPI, the cards, and generation tasks.
    const mpiStore = createMpiStore(db, clock);
    const thresholds = thresholdsFromEnv(env);
    const models = createCardModelSource({ db, metadata, mappings, photoOf: (uid) => photos.bytesOf(uid), mpiIdOf: mpiStore.mpiIdOf });
    const pool = createRenderPool(options.renderWorkers);
    // Signed cards: the key is made at first start; every card generated carries a token it signs.
    const signingKeys = createSigningKeys(db, secrets, clock);
    signingKeys.active();
    const issuer = createCardIssuer(db, signingKeys, clock);
    // One MPI ID across offices: IDs DHIS2 holds are adopted, this office's are written back (see writeback/).
    let writeback: WritebackService | undefined;
    // A split revokes the enrollment's cards: they carry the MPI ID of the person it was split from.
    const mpi = createMpiService(db, mpiStore, () => createMatchIndex(thresholds), {
      now: () => clock.now(), revokeCards: (uid, reason) => issuer.revoke(uid, reason),
      dhis2IdOf: (uid) => writeback?.dhis2IdOf(uid) ?? null,
      heldByDhis2: (uid, mpiId) => writeback?.heldByDhis2(uid, mpiId),
    });
    const writebackStore = createWritebackStore(db, clock);
    const writebackOptions = writebackOptionsFromEnv(env);
    const connectWriter = async (): Promise<TrackerWriter> => {
      const { url, auth } = config.connection();
      const http = createDhis2Http({ baseUrl: url, auth, timeoutMs: dhis2Options.timeoutMs ?? 60_000 });
      return createTrackerWriter(http, dialectOf((await createDhis2Client(http).systemInfo()).version));
    };
    const writebackWorker = createWritebackWorker({
      store: writebackStore, connect: connectWriter, clock, logger,
      onConflict: (row, value) => writeback?.onConflict(row, value),
      explainClash: (row, value) => writeback?.explainClash(row, value) ?? null,
      policy: { baseMs: writebackOptions.retryBaseMs, capMs: Math.max(writebackOptions.retryBaseMs * 60, 1000) },
    });
    writeback = createWritebackService({
      db, store: writebackStore, worker: writebackWorker, metadata, mappings, mpi: () => mpi, connect: connectWriter, logger,
      recordOf: (uid) => {
        try {
          return recordOf(models.forEnrollment(uid, { includeMpiId: false }).card);
        } catch {
          return null; // the programme has no mapping yet: the ID is adopted, its fields learned later
        }
      },
    });
    const interrupted = writebackStore.recoverInterrupted();
    if (interrupted) logger.info(`${interrupted} MPI ID write(s) were in flight when the app stopped: queued again (DHIS2 is read first, so none is written twice).`);
    // After each sync, before anything else reads the cache: IDs another office wrote are adopted, then ours go out.
    runner.onSynced((programmeUid) => {
      const adopted = writeback?.adoptProgramme(programmeUid);
      if (adopted?.adopted || adopted?.proposals) logger.info(`${programmeUid}: ${adopted.adopted} MPI ID(s) adopted from DHIS2, ${adopted.proposals} merge proposal(s)`);
      void writebackWorker.drain().catch((err: unknown) => logger.warn(`MPI write-back round failed: ${String(err)}`));
    });
    const cardFiles = createCardFiles(db, clock);
    const generationStore = createGenerationStore(db);
    const generation = createGenerationRunner({
      db, tasks, store: generationStore, models, pool, resolver: () => mpi.resolver(), cards: cardFiles, cardsDir, clock, logger, issuer,
    });
    runner.onSynced((programmeUid, trigger) => {
      if (trigger !== 'schedule' || !scheduler.get(programmeUid)?.auto_generate_cards) return;
      const taskId = autoGenerate({ db, cards: cardFiles, tasks, store: generationStore, runner: generation, mappings, settings, logger }, programmeUid);
      if (taskId) logger.info(`Cards of ${programmeUid} being generated after its scheduled sync: ${taskId}`);
    });

    // Signed cards: verifying reads the cache for the holder.
    const verification = createVerificationService({
      keys: signingKeys,
      verifier: createCardVerifier(db, clock),
      holderOf: (uid) => {
        try {
          const { card } = models.forEnrollment(uid, { includeMpiId: false });
          return {
            enrollment_id: uid, name: [card.firstName, card.lastName].filter(Boolean).join(' ') || null, programme_name: card.programmeName,
            health_center: card.healthCenter, mpi_id: mpiStore.mpiIdOf(uid),
          };
        } catch {
          return null; // not cached here (another office's person), or its programme not mapped
        }
      },
      enrollmentOfMpi: (mpiId) => mpiStore.enrollmentsOf(mpiStore.resolveId(mpiId) ?? mpiId)[0]?.enrollment_uid ?? null,
    });

    // Google Wallet, then WhatsApp and SMS (whose SMS carry the wallet link once Google Wallet is configured).
    const walletConfig = createWalletConfigStore(db, secrets, clock);
    const walletLinks = createWalletLinks({ config: walletConfig, programmeExists, models, settings, clock, logger, passes: createWalletPasses(db), tokenFor: (card, programmeUid) => issuer.current(holderOfCard(card, programmeUid)).token });
    const messagingOptions: MessagingOptions = {
      walletLink: async (uid) => (walletConfig.view() ? (await walletLinks.link(uid, { compact: true })).wallet_url : null),
      ...messagingOptionsFromEnv(env), ...options.messaging,
    };
    const channels = createChannelStore(db, secrets, clock);
    // Finding people: the keys of every cached enrollment, indexed in the background after each sync and
    // mapping change, and in a bounded batch before each search.
    const search = createSearchIndex({
      db, clock, programme: (uid) => metadata.programme(uid), mapping: (uid) => mappings.get(uid), defaultCountry: () => channels.defaultCountry(),
    });
    runner.onSynced(() => search.schedule());
    const outbox = createOutboxStore(db);
    // Messages a crashed process left "sending" are queued again or marked unknown (see outbox-store.ts).
    const recovered = outbox.recoverInterrupted(clock.now());
    if (recovered.unknown) logger.warn(`${recovered.unknown} message(s) were being sent when the app stopped: marked "unknown", not resent (see GET /dhis2/outbox).`);
    const timeoutMs = messagingOptions.timeoutMs ?? 15_000;
    const worker = createOutboxWorker({
      store: outbox, channels, settings, clock, logger,
      http: createProviderHttp({ timeoutMs, connectTimeoutMs: Math.min(messagingOptions.connectTimeoutMs ?? 10_000, timeoutMs) }),
      ...(messagingOptions.retry ? { policy: messagingOptions.retry } : {}),
      ...(messagingOptions.random ? { random: messagingOptions.random } : {}),
    });
    const sendCard = createSendCard({
      store: outbox, worker, channels, models, settings, clock, logger,
      cardFor: createCardOnDemand({ db, cards: cardFiles, models, pool, resolver: () => mpi.resolver(), settings, cardsDir, issuer }),
      ...(messagingOptions.walletLink ? { walletLink: messagingOptions.walletLink } : {}),
    });

    // The office-network listener serves the same route table: the API is made just below.
    let routing: ((req: never, res: never) => void) | undefined;
    const network = createNetworkSharing({
      db, secrets, clock, logger, clientError: answerClientError,
      handler: () => routing ?? ((_req, res: never) => (res as { destroy(): void }).destroy()),
    });
    const { api, ipcSecret } = await createApi({
      services: {
        settings, tokens, tasks,
        dhis2Config: config,
        connection: createDhis2Connection(config, dhis2Options.timeoutMs ?? 15_000),
        cache: createCacheReader({ db, metadata, enrollments, mpiIdOf: mpiStore.mpiIdOf, search, defaultCountry: () => channels.defaultCountry(), photos: createPhotoThumbnails((uid) => photos.bytesOf(uid)), hasPhoto: (uid) => photos.has(uid) }),
        sync: createSyncService({ runner, scheduler, state: syncState, metadata, enrollments }),
        mapping: createMappingService(metadata, mappings, () => search.schedule()),
        cardPreview: createCardPreview({ models, pool, settings, liveToken: (card, programmeUid) => issuer.live(holderOfCard(card, programmeUid))?.token ?? null }),
        generation: createGenerationService({ db, metadata, mappings, settings, tasks, store: generationStore, runner: generation, cards: cardFiles }),
        mpi,
        writeback,
        printing: createPrintingService({
          tasks, store: generationStore, cards: cardFiles, records: createPrintRecords(db, clock), mpiIdOf: mpiStore.mpiIdOf, revokedReason: issuer.revokedReason,
          nameOf: (uid) => {
            try {
              const { card } = models.forEnrollment(uid, { includeMpiId: false });
              return [card.firstName, card.lastName].filter(Boolean).join(' ') || null;
            } catch {
              return null; // the enrollment left the cache since its card was made
            }
          },
        }),
        messaging: createMessagingService({ sendCard, outbox, channels }),
        walletConfig, walletLinks, network, verification, trust: createTrustList(db, signingKeys, clock),
      },
      logger,
      checkAnswers: env.OOMUS_CONTRACT_CHECK === '1',
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    });
    routing = api.routing as never;
    if (options.background !== false) {
      if (options.resumeSharing !== false) await network.resume();
      runner.resumeInterrupted();
      scheduler.start();
      generation.resumeInterrupted();
      worker.start();
      writebackWorker.start(writebackOptions.everyMs);
      search.schedule();
    }
    let closed = false;
    return {
      dataDir: options.dataDir,
      db, secrets, tokens, settings, tasks, mpi, generation, api,
      dhis2: { config, metadata, enrollments, photos, syncState, mappings, runner, scheduler },
      cards: { models, pool },
      network, search, verify: { keys: signingKeys, issuer },
      messaging: { channels, outbox, worker, recovered },
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
        scheduler.stop();
        search.stop();
        await network.close();
        await api.close();
        await worker.stop();
        await writebackWorker.stop();
        // A sync in flight stops at its next page boundary; what it committed stays, and it resumes next start.
        await runner.stopAll();
        await generation.stopAll();
        await pool.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

export const defaultRendererDir = (projectRoot: string): string => join(projectRoot, 'dist', 'renderer');
