import type { SyncDeps } from '../sync/sync-programme';

// How the app talks to DHIS2: request bounds, page size, pages in flight and retries (the environment sets the
// page size and the pages in flight).

export interface Dhis2Options {
  /** Bound for one DHIS2 request during sync, and for the whole connection test. */
  timeoutMs?: number;
  pageSize?: number;
  /** Page requests a sync keeps in flight at once (default 3; 1: strictly one after another). */
  pagesInFlight?: number;
  retries?: number;
  backoffMs?: SyncDeps['backoffMs'];
}

export const maxPageSize = 10_000;
export const maxPagesInFlight = 8;

function whole(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`${name} must be a whole number from 1 to ${max}, not "${raw}".`);
  return Number(raw);
}

/**
 * The options the environment sets: OOMUS_DHIS2_PAGE_SIZE (tracked entities per page, default 2000) and
 * OOMUS_DHIS2_PAGES_IN_FLIGHT (page requests at once, default 3).
 */
export function dhis2OptionsFromEnv(env: NodeJS.ProcessEnv): Dhis2Options {
  const pageSize = whole(env, 'OOMUS_DHIS2_PAGE_SIZE', maxPageSize);
  const pagesInFlight = whole(env, 'OOMUS_DHIS2_PAGES_IN_FLIGHT', maxPagesInFlight);
  return { ...(pageSize ? { pageSize } : {}), ...(pagesInFlight ? { pagesInFlight } : {}) };
}
