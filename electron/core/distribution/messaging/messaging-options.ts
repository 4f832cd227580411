import type { RetryPolicy } from './outbox-worker';

// How sending behaves: provider timeouts, the retry policy, and the wallet link SMS carry.

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
