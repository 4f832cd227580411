// How often the write-back queue is tried: OOMUS_WRITEBACK_EVERY_MS between rounds (default 60 s), and
// OOMUS_WRITEBACK_RETRY_MS the first wait after a failed attempt (default 30 s, doubling up to 30 min).

export interface WritebackOptions {
  everyMs: number;
  retryBaseMs: number;
}

export function writebackOptionsFromEnv(env: NodeJS.ProcessEnv): WritebackOptions {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > 86_400_000) throw new Error(`${name} must be a whole number of milliseconds from 10 to 86400000, not "${raw}".`);
    return Number(raw);
  };
  return { everyMs: read('OOMUS_WRITEBACK_EVERY_MS', 60_000), retryBaseMs: read('OOMUS_WRITEBACK_RETRY_MS', 30_000) };
}
