import type { SyncDeps } from '../sync/sync-programme';

// How the app talks to DHIS2: request bounds, page size and retries (the environment sets the page size).

export interface Dhis2Options {
  /** Bound for one DHIS2 request during sync, and for the whole connection test. */
  timeoutMs?: number;
  pageSize?: number;
  retries?: number;
  backoffMs?: SyncDeps['backoffMs'];
}

export const maxPageSize = 10_000;

/** The options the environment sets: OOMUS_DHIS2_PAGE_SIZE (tracked entities per page, default 500). */
export function dhis2OptionsFromEnv(env: NodeJS.ProcessEnv): Dhis2Options {
  const raw = env.OOMUS_DHIS2_PAGE_SIZE?.trim();
  if (!raw) return {};
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > maxPageSize) {
    throw new Error(`OOMUS_DHIS2_PAGE_SIZE must be a whole number from 1 to ${maxPageSize}, not "${raw}".`);
  }
  return { pageSize: Number(raw) };
}
