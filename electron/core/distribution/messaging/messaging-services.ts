import type { Database } from 'better-sqlite3';
import type { CardModelSource } from '../../cards/card-model-source';
import type { RenderPool } from '../../cards/render-pool';
import type { Clock } from '../../clock';
import type { MpiResolver } from '../../generation/generation-runner';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets/secret-box';
import type { SettingsStore } from '../../settings/settings';
import { createCardOnDemand } from './card-on-demand';
import { createChannelStore, type ChannelStore } from './channel-store';
import { createOutboxStore, type OutboxStore } from './outbox-store';
import { createOutboxWorker, type OutboxWorker, type RetryPolicy } from './outbox-worker';
import { createProviderHttp } from './provider-http';
import { createSendCard, type OutboxView, type SendCardRequest } from './send-card';

// The messaging capability as the composition root builds it: channel settings, the outbox, its worker,
// and send-card. Building it recovers messages a crashed process left "sending" (see outbox-store.ts).

export interface MessagingOptions {
  /** Bound for one provider request, connection to last byte (default 15 s). */
  timeoutMs?: number;
  /** Bound for reaching the provider (default 10 s). */
  connectTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  /** The Google Wallet link of an enrollment, added to SMS when Google Wallet is configured. */
  walletLink?: (enrollmentUid: string) => Promise<string | null>;
}

const positive = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 600_000) throw new Error(`${name} must be a whole number of milliseconds from 1 to 600000, not "${raw}".`);
  return Number(raw);
};

/** OOMUS_MESSAGING_TIMEOUT_MS and OOMUS_MESSAGING_CONNECT_TIMEOUT_MS, when set. */
export function messagingOptionsFromEnv(env: NodeJS.ProcessEnv): MessagingOptions {
  const timeoutMs = positive(env, 'OOMUS_MESSAGING_TIMEOUT_MS');
  const connectTimeoutMs = positive(env, 'OOMUS_MESSAGING_CONNECT_TIMEOUT_MS');
  return { ...(timeoutMs ? { timeoutMs } : {}), ...(connectTimeoutMs ? { connectTimeoutMs } : {}) };
}

export interface MessagingDeps {
  db: Database;
  secrets: SecretBox;
  settings: SettingsStore;
  models: CardModelSource;
  pool: RenderPool;
  resolver: () => MpiResolver;
  cardsDir: string;
  clock: Clock;
  logger: Logger;
  options?: MessagingOptions;
}

export interface MessagingServices {
  channels: ChannelStore;
  outbox: OutboxStore;
  worker: OutboxWorker;
  sendCard(request: SendCardRequest): Promise<OutboxView>;
  /** What the start-up recovery did with messages a previous process left "sending". */
  recovered: { requeued: number; unknown: number };
  /** Stops the worker's timer and waits for attempts in flight. */
  stop(): Promise<void>;
}

export function createMessaging(deps: MessagingDeps): MessagingServices {
  const options = deps.options ?? {};
  const timeoutMs = options.timeoutMs ?? 15_000;
  const channels = createChannelStore(deps.db, deps.secrets, deps.clock);
  const outbox = createOutboxStore(deps.db);
  const recovered = outbox.recoverInterrupted(deps.clock.now());
  if (recovered.unknown) deps.logger.warn(`${recovered.unknown} message(s) were being sent when the app stopped: marked "unknown", not resent (see GET /dhis2/outbox).`);
  const worker = createOutboxWorker({
    store: outbox, channels, settings: deps.settings, clock: deps.clock, logger: deps.logger,
    http: createProviderHttp({ timeoutMs, connectTimeoutMs: Math.min(options.connectTimeoutMs ?? 10_000, timeoutMs) }),
    ...(options.retry ? { policy: options.retry } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const sendCard = createSendCard({
    store: outbox, worker, channels, models: deps.models, settings: deps.settings, clock: deps.clock, logger: deps.logger,
    cardFor: createCardOnDemand({
      db: deps.db, models: deps.models, pool: deps.pool, resolver: deps.resolver, settings: deps.settings, cardsDir: deps.cardsDir, clock: deps.clock,
    }),
    ...(options.walletLink ? { walletLink: options.walletLink } : {}),
  });
  return { channels, outbox, worker, sendCard, recovered, stop: () => worker.stop() };
}
