import type { Database } from 'better-sqlite3';
import type { EnrollmentCache } from '../cache/enrollment-cache';
import type { MetadataCache } from '../cache/metadata-cache';
import type { PhotoCache } from '../cache/photo-cache';
import { isoSeconds, type Clock } from '../clock';
import type { Dhis2Client, SystemInfo } from '../dhis2/client';
import { Dhis2Error } from '../dhis2/dhis2-error';
import { dialectOf } from '../dhis2/version';
import type { Logger } from '../logger';
import type { MappingStore } from '../mapping/mapping-store';
import { createFetchAhead } from './fetch-ahead';
import { createLinkMeter, type LimitedBy } from './link-meter';
import { PageCommitError } from './page-commit';
import { openPageWriter } from './page-writer';
import { fetchPhotos } from './sync-photos';
import type { SyncStateStore } from './sync-state';

// One programme's download: metadata, then tracked entities page after page, each page committed with
// the position it reached. The next pages are already on their way while one is written (fetch-ahead.ts),
// and pages are written off the thread that answers the API (page-writer.ts), in order. A failure keeps every
// committed page and the position; the next run resumes there.

export interface SyncProgress {
  pagesDone: number;
  entitiesDone: number;
  /** Where this run started (0, or the position a resumed run picked up from). */
  entitiesAtStart: number;
  enrollmentsUpserted: number;
  total: number | undefined;
  /** Bytes received from DHIS2 by this sync, as they crossed the wire (compressed when the server compressed them). */
  bytesReceived: number;
  /** Over the last seconds; null before the first page. */
  bytesPerSecond: number | null;
  /** Which side held the last seconds up: the link (pages awaited) or the computer (pages waiting to be written). */
  limitedBy: LimitedBy | null;
  /** Photos step (only when the mapping takes the photo from an attribute): to fetch this run, fetched, failed. */
  photos?: { toFetch: number; fetched: number; failed: number };
}

export interface SyncDeps {
  db: Database;
  client: Dhis2Client;
  metadata: MetadataCache;
  enrollments: EnrollmentCache;
  state: SyncStateStore;
  clock: Clock;
  pageSize?: number;
  /** Page requests in flight at once (default 3; 1: one request at a time). */
  pagesInFlight?: number;
  /** better_sqlite3.node of the running runtime, for the page writer's own connection. */
  nativeBinding?: string;
  retries?: number;
  /** Pause before retry n (1-based); tests shorten it. */
  backoffMs?: (attempt: number, err: Dhis2Error) => number;
  /** With both, the photos the mapping names are fetched after the pages. */
  photos?: PhotoCache;
  mappings?: MappingStore;
  logger?: Logger;
}

/** What a run needs from the server before its first page: the server's clock and version, the user's org units. */
export interface RunStart {
  info: SystemInfo;
  orgUnits: string[];
}

export interface SyncRequest {
  programmeUid: string;
  full: boolean;
  onProgress?: (p: SyncProgress) => void;
  cancelled?: () => boolean;
  /** Asked already (alongside the metadata, to save round trips); asked here otherwise. */
  start?: Promise<RunStart>;
}

export class SyncCancelled extends Error {
  override name = 'SyncCancelled';
}

/** Measured with npm run bench -- sync-link (README, Offline cache and sync): 500, 1,000, 2,000 and 5,000 compared. */
export const defaultPageSize = 2000;
export const defaultPagesInFlight = 3;

const maxRetryAfterMs = 120_000;
const defaultBackoff = (attempt: number, err: Dhis2Error): number => Math.min(maxRetryAfterMs, err.retryAfterMs ?? Math.min(8000, 500 * 2 ** (attempt - 1)));

const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

async function withRetries<T>(deps: SyncDeps, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const retries = deps.retries ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof Dhis2Error) || !err.transient || attempt > retries || signal?.aborted) throw err;
      // A 429's Retry-After is the server's rule, not a hint: never ask again sooner (a shorter backoff
      // would only spend the retries inside the same rate-limit window).
      await pause(Math.max((deps.backoffMs ?? defaultBackoff)(attempt, err), Math.min(err.retryAfterMs ?? 0, maxRetryAfterMs)), signal);
      if (signal?.aborted) throw err;
    }
  }
}

export async function syncMetadata(deps: SyncDeps): Promise<void> {
  const [programmes, units] = await Promise.all([withRetries(deps, () => deps.client.programmes()), withRetries(deps, () => deps.client.orgUnits())]);
  const at = isoSeconds(deps.clock.now());
  deps.db.transaction(() => {
    deps.metadata.replaceProgrammes(programmes, at);
    deps.metadata.replaceOrgUnits(units);
  })();
}

export async function fetchRunStart(deps: SyncDeps): Promise<RunStart> {
  const [info, orgUnits] = await Promise.all([withRetries(deps, () => deps.client.systemInfo()), withRetries(deps, () => deps.client.captureOrgUnits())]);
  return { info, orgUnits };
}

export async function syncProgramme(deps: SyncDeps, req: SyncRequest): Promise<SyncProgress> {
  const { programmeUid } = req;
  const configuredPageSize = deps.pageSize ?? defaultPageSize;
  const { info, orgUnits } = await (req.start ?? fetchRunStart(deps));
  const dialect = dialectOf(info.version);

  let state = deps.state.get(programmeUid);
  const resuming = !req.full && state.run_server_date !== null && state.run_next_page !== null;
  if (!resuming) state = deps.state.beginRun(programmeUid, req.full ? null : state.cursor, info.serverDate, configuredPageSize, isoSeconds(deps.clock.now()));
  else deps.state.recordAttempt(programmeUid, isoSeconds(deps.clock.now()));
  // A resumed run keeps the page size it started with: page n of another size holds other people.
  const pageSize = state.run_page_size ?? configuredPageSize;
  const firstPage = state.run_next_page ?? 1;
  const marker = state.run_server_date ?? info.serverDate;
  const updatedAfter = state.run_updated_after;
  // A full download into an empty cache leaves nothing stale behind: its sweep would read every row for nothing.
  const sweep = updatedAfter === null && (resuming || deps.enrollments.count(programmeUid) > 0);

  // Positions count from the start of the run, so a resumed run's progress and ETA stay true.
  const progress: SyncProgress = {
    pagesDone: firstPage - 1, entitiesDone: (firstPage - 1) * pageSize, entitiesAtStart: (firstPage - 1) * pageSize, enrollmentsUpserted: 0,
    total: undefined, bytesReceived: deps.client.bytesReceived, bytesPerSecond: null, limitedBy: null,
  };
  const ahead = createFetchAhead({
    firstPage,
    inFlight: deps.pagesInFlight ?? defaultPagesInFlight,
    fetch: (page, signal) => withRetries(deps, () =>
      deps.client.trackerPage(dialect, { programmeUid, orgUnits, updatedAfter, page, pageSize, withTotal: page === firstPage }, signal), signal),
  });
  const meter = createLinkMeter(0);
  let lastHint = Number.POSITIVE_INFINITY;
  const writer = openPageWriter(deps.db, deps.nativeBinding);
  try {
    for (let page = firstPage, ended = false; !ended;) {
      if (req.cancelled?.()) throw new SyncCancelled(`Sync of ${programmeUid} cancelled after ${progress.pagesDone} pages; they are kept.`);
      const asked = performance.now();
      const answers = [await ahead.take(page)];
      const waited = performance.now() - asked;
      // The pages after it that have arrived already go in the same commit (page-commit.ts); a slow link's come alone.
      while (ahead.arrived(page + answers.length)) answers.push(await ahead.take(page + answers.length));
      const job = await writer.write({ programmeUid, page, marker, pageSize, bodies: answers.map((a) => a.body) }).catch((err: unknown) => {
        if (err instanceof PageCommitError && err.failure.kind === 'not_json') {
          const where = (answers[err.failure.page - page] ?? answers[0])?.where;
          throw new Dhis2Error('not_dhis2', `${where} did not answer JSON: this does not look like a DHIS2 server.`);
        }
        throw err;
      });
      for (const written of job.pages) {
        progress.pagesDone++;
        progress.entitiesDone += written.entities;
        progress.enrollmentsUpserted += written.upserted;
        if (written.total !== undefined) progress.total = written.total;
        // The first page's total bounds how far to ask ahead (one page beyond it: the empty page that proves the end);
        // a total that proved too small no longer bounds anything.
        if (page === firstPage) ahead.setLastPage(written.total === undefined ? undefined : (lastHint = Math.floor(written.total / pageSize) + 1));
        else if (page >= lastHint && written.count >= pageSize) ahead.setLastPage((lastHint = Number.POSITIVE_INFINITY));
        if (written.count < pageSize) ended = true;
        page++;
      }
      Object.assign(progress, meter.page(deps.client.bytesReceived, waited, job.writeMs));
      req.onProgress?.(progress);
    }
    ahead.close();
    // A full download saw everything the server has: what it did not touch is gone upstream.
    await writer.finish({ programmeUid, marker, sweep, at: isoSeconds(deps.clock.now()) });
  } finally {
    ahead.close();
    await writer.close();
  }

  // Photos after the data is committed: a photo that fails is counted, never fails the sync.
  if (deps.photos && deps.mappings) {
    const photos = await fetchPhotos(
      {
        photos: deps.photos, mappings: deps.mappings, logger: deps.logger, clock: deps.clock,
        fetch: (d, want, attributeUid, programme) => withRetries(deps, () => deps.client.photo(d, want.trackedEntityUid, attributeUid, programme)),
      },
      dialect, programmeUid,
      (p) => {
        progress.photos = { ...p };
        req.onProgress?.(progress);
      },
      () => req.cancelled?.() ?? false,
    );
    if (photos?.stoppedByCancel) {
      throw new SyncCancelled(`Sync of ${programmeUid} cancelled while fetching photos: the enrollments are synced, ${photos.fetched} of ${photos.toFetch} photos fetched; the next sync fetches the rest.`);
    }
  }
  return progress;
}
