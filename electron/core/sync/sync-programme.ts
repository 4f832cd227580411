import type { Database } from 'better-sqlite3';
import type { EnrollmentCache } from '../cache/enrollment-cache';
import type { MetadataCache } from '../cache/metadata-cache';
import type { PhotoCache } from '../cache/photo-cache';
import { isoSeconds, type Clock } from '../clock';
import type { Dhis2Client } from '../dhis2/client';
import { Dhis2Error } from '../dhis2/dhis2-error';
import { dialectOf } from '../dhis2/version';
import type { Logger } from '../logger';
import type { MappingStore } from '../mapping/mapping-store';
import { fetchPhotos } from './sync-photos';
import type { SyncStateStore } from './sync-state';

// One programme's download: metadata, then tracked entities page after page, each page committed with
// the position it reached. A failure keeps every committed page and the position; the next run resumes.

export interface SyncProgress {
  pagesDone: number;
  entitiesDone: number;
  /** Where this run started (0, or the position a resumed run picked up from). */
  entitiesAtStart: number;
  enrollmentsUpserted: number;
  total: number | undefined;
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
  retries?: number;
  /** Pause before retry n (1-based); tests shorten it. */
  backoffMs?: (attempt: number, err: Dhis2Error) => number;
  /** With both, the photos the mapping names are fetched after the pages. */
  photos?: PhotoCache;
  mappings?: MappingStore;
  logger?: Logger;
}

export interface SyncRequest {
  programmeUid: string;
  full: boolean;
  onProgress?: (p: SyncProgress) => void;
  cancelled?: () => boolean;
}

export class SyncCancelled extends Error {
  override name = 'SyncCancelled';
}

const maxRetryAfterMs = 120_000;
const defaultBackoff = (attempt: number, err: Dhis2Error): number => Math.min(maxRetryAfterMs, err.retryAfterMs ?? Math.min(8000, 500 * 2 ** (attempt - 1)));

async function withRetries<T>(deps: SyncDeps, call: () => Promise<T>): Promise<T> {
  const retries = deps.retries ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof Dhis2Error) || !err.transient || attempt > retries) throw err;
      // A 429's Retry-After is the server's rule, not a hint: never ask again sooner (a shorter backoff
      // would only spend the retries inside the same rate-limit window).
      const pause = Math.max((deps.backoffMs ?? defaultBackoff)(attempt, err), Math.min(err.retryAfterMs ?? 0, maxRetryAfterMs));
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

export async function syncMetadata(deps: SyncDeps): Promise<void> {
  const programmes = await withRetries(deps, () => deps.client.programmes());
  const units = await withRetries(deps, () => deps.client.orgUnits());
  const at = isoSeconds(deps.clock.now());
  deps.db.transaction(() => {
    deps.metadata.replaceProgrammes(programmes, at);
    deps.metadata.replaceOrgUnits(units);
  })();
}

export async function syncProgramme(deps: SyncDeps, req: SyncRequest): Promise<SyncProgress> {
  const { programmeUid } = req;
  const configuredPageSize = deps.pageSize ?? 500;
  const info = await withRetries(deps, () => deps.client.systemInfo());
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
  const orgUnits = await withRetries(deps, () => deps.client.captureOrgUnits());

  // Positions count from the start of the run, so a resumed run's progress and ETA stay true.
  const progress: SyncProgress = { pagesDone: firstPage - 1, entitiesDone: (firstPage - 1) * pageSize, entitiesAtStart: (firstPage - 1) * pageSize, enrollmentsUpserted: 0, total: undefined };
  const commitPage = deps.db.transaction((entities: Parameters<typeof deps.enrollments.applyPage>[1], next: number) => {
    const r = deps.enrollments.applyPage(programmeUid, entities, marker);
    deps.state.pageDone(programmeUid, next);
    return r;
  });

  for (let page = firstPage; ; page++) {
    if (req.cancelled?.()) throw new SyncCancelled(`Sync of ${programmeUid} cancelled after ${progress.pagesDone} pages; they are kept.`);
    const result = await withRetries(deps, () =>
      deps.client.trackerPage(dialect, { programmeUid, orgUnits, updatedAfter, page, pageSize, withTotal: page === firstPage }));
    const applied = commitPage(result.entities, page + 1);
    progress.pagesDone++;
    progress.entitiesDone += result.entities.length;
    progress.enrollmentsUpserted += applied.upserted;
    if (result.total !== undefined) progress.total = result.total;
    req.onProgress?.(progress);
    if (result.count < pageSize) break;
  }

  deps.db.transaction(() => {
    // A full download saw everything the server has: what it did not touch is gone upstream.
    if (updatedAfter === null) deps.enrollments.sweep(programmeUid, marker);
    deps.state.finishRun(programmeUid, isoSeconds(deps.clock.now()));
  })();

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
