import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { SettingsStore } from '../../settings/settings';
import type { ChannelStore } from './channel-store';
import type { OutboxRow, OutboxStore } from './outbox-store';
import type { ProviderHttp } from './provider-http';
import type { AttemptResult } from './providers/provider';
import { channelName, providerFor } from './providers/provider-for';

// Attempts of outbox messages. send-card makes the first one synchronously; the worker retries queued
// messages when they are due, with exponential backoff and jitter. A message whose provider keeps
// answering 5xx/429 fails after maxProviderErrors attempts; one that cannot even reach the network
// (the office is offline) keeps waiting, checked at most every offlineCapMs, until maxAgeMs.

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  offlineCapMs: number;
  maxProviderErrors: number;
  maxAgeMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 30_000, capMs: 60 * 60_000, offlineCapMs: 15 * 60_000, maxProviderErrors: 8, maxAgeMs: 7 * 24 * 3600_000,
};

/** Delay before attempt n+1 after n attempts: exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, random: () => number, baseMs: number, capMs: number): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export interface OutboxWorkerDeps {
  store: OutboxStore;
  channels: ChannelStore;
  http: ProviderHttp;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
}

export interface DrainReport { attempted: number; sent: number; queued: number; failed: number; unknown: number }

export interface OutboxWorker {
  /** One attempt of a message this process has claimed ("sending"); resolves with the row after it. */
  attempt(id: string): Promise<OutboxRow>;
  /** Attempts every queued message due at `at` (now by default), each at most once per call. */
  drain(at?: Date): Promise<DrainReport>;
  start(everyMs?: number): void;
  /** Stops the timer and waits for attempts in flight. */
  stop(): Promise<void>;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const policy = { ...defaultRetryPolicy, ...deps.policy };
  const random = deps.random ?? Math.random;
  const now = (): Date => deps.clock.now();
  const inFlight = new Set<Promise<unknown>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let draining: Promise<DrainReport> | undefined;

  const settle = (row: OutboxRow, result: AttemptResult): void => {
    const at = now();
    const { store } = deps;
    switch (result.kind) {
      case 'sent':
        store.markSent(row.id, result.providerMessageId, at);
        return;
      case 'failed':
        store.markFailed(row.id, result.reason, at);
        deps.logger.warn(`Message ${row.id} (${row.channel}) failed: ${result.reason}`);
        return;
      case 'unknown':
        store.markUnknown(row.id, result.reason, at);
        deps.logger.warn(`Message ${row.id} (${row.channel}) has an unknown outcome: ${result.reason}`);
        return;
      case 'retry': {
        const providerErrors = row.provider_errors + (result.offline ? 0 : 1);
        const age = at.getTime() - Date.parse(row.created_at);
        if (providerErrors >= policy.maxProviderErrors) {
          store.markFailed(row.id, `Gave up after ${providerErrors} failed attempts: ${result.reason}`, at);
          return;
        }
        if (age >= policy.maxAgeMs) {
          store.markFailed(row.id, `Not sent within ${Math.round(policy.maxAgeMs / 3600_000)} hours: ${result.reason}`, at);
          return;
        }
        const wait = Math.max(
          backoffMs(row.attempts, random, policy.baseMs, result.offline ? policy.offlineCapMs : policy.capMs),
          result.retryAfterMs ?? 0,
        );
        store.requeue(row.id, new Date(at.getTime() + wait), result.reason, !result.offline, at);
      }
    }
  };

  const run = async (id: string): Promise<OutboxRow> => {
    const row = deps.store.get(id);
    if (!row) throw new Error(`outbox message ${id} not found`);
    if (row.status !== 'sending') return row;
    let result: AttemptResult;
    try {
      const provider = providerFor(row.channel, deps.channels, deps.settings.get().language);
      if (!provider) {
        result = { kind: 'retry', reason: `${channelName[row.channel]} is not configured any more: set it with POST /dhis2/channels; the message waits.`, offline: true };
      } else {
        if (provider.name !== row.provider) deps.store.setProvider(row.id, provider.name, now());
        result = await provider.send(
          { id: row.id, phone: row.phone_number, body: row.body, cardFile: row.card_file, mediaId: row.media_id },
          {
            http: deps.http,
            sendStarting: () => deps.store.markSendStarted(row.id, now()),
            mediaUploaded: (mediaId) => deps.store.setMedia(row.id, mediaId, now()),
          },
        );
      }
    } catch (err) {
      // A stored secret that cannot be opened, or a bug: the message waits rather than being lost.
      const reason = (err as Error).message;
      const current = deps.store.get(id);
      result = current?.send_started_at ? { kind: 'unknown', reason } : { kind: 'retry', reason, offline: true };
      deps.logger.error(`Message ${id}: ${reason}`);
    }
    settle(deps.store.get(id) ?? row, result);
    return deps.store.get(id) ?? row;
  };

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  const drainOnce = async (at: Date): Promise<DrainReport> => {
    const report: DrainReport = { attempted: 0, sent: 0, queued: 0, failed: 0, unknown: 0 };
    for (const id of deps.store.due(at, 500)) {
      if (!deps.store.claim(id, now())) continue;
      report.attempted++;
      const after = await track(run(id));
      if (after.status === 'sent') report.sent++;
      else if (after.status === 'queued') report.queued++;
      else if (after.status === 'failed') report.failed++;
      else if (after.status === 'unknown') report.unknown++;
    }
    return report;
  };

  const worker: OutboxWorker = {
    attempt: (id) => track(run(id)),
    drain(at) {
      // One drain at a time; a second caller waits for it and then drains what is due for it.
      const previous = draining ?? Promise.resolve(undefined);
      const next = previous.catch(() => undefined).then(() => drainOnce(at ?? now()));
      draining = next;
      void next.finally(() => { if (draining === next) draining = undefined; }).catch(() => {});
      return next;
    },
    start(everyMs = 30_000) {
      timer ??= setInterval(() => {
        if (draining) return;
        worker.drain().catch((err: Error) => deps.logger.error(`Outbox: ${err.message}`));
      }, everyMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight, ...(draining ? [draining] : [])]);
    },
  };
  return worker;
}
