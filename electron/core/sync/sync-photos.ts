import type { PhotoCache, WantedPhoto } from '../cache/photo-cache';
import { isoSeconds } from '../clock';
import type { Dhis2Error } from '../dhis2/dhis2-error';
import type { TrackerDialect } from '../dhis2/version';
import type { Logger } from '../logger';
import type { MappingStore } from '../mapping/mapping-store';

// The photo step of a programme's sync: when the mapping takes the card photo from an IMAGE attribute, the
// files the cached enrollments point to and the cache lacks are downloaded, four at a time, each with the
// sync's retries. A photo that fails is counted and logged and never fails the sync: the next sync tries it
// again (a photo is cached or it is not; a changed value is a new file resource UID, so it is simply missing).

export const photoConcurrency = 4;

/** Failures after which trying the other photos is pointless: the server or the session is gone. */
const stopsAll = new Set(['auth', 'not_dhis2', 'dns', 'refused', 'tls']);
const loggedFailures = 5;

export interface PhotoProgress {
  /** Photos this run set out to fetch. */
  toFetch: number;
  fetched: number;
  failed: number;
}

export interface PhotoStepDeps {
  photos: PhotoCache;
  mappings: MappingStore;
  logger?: Logger | undefined;
  clock: { now(): Date };
  /** The DHIS2 call, wrapped in the sync's retries. */
  fetch(dialect: TrackerDialect, want: WantedPhoto, attributeUid: string, programmeUid: string): Promise<{ bytes: Buffer; contentType: string }>;
}

/** The IMAGE attribute the programme's mapping takes the photo from, or null. */
export function photoAttributeOf(mappings: MappingStore, programmeUid: string): string | null {
  const m = mappings.get(programmeUid).find((x) => x.card_field === 'photo' && x.source === 'attribute');
  return m?.attribute_uid ?? null;
}

/**
 * Fetches the programme's missing photos. Returns null when the mapping names no photo. Stops between
 * photos when `cancelled` says so and reports that through `stoppedByCancel` (what is fetched stays).
 */
export async function fetchPhotos(
  deps: PhotoStepDeps, dialect: TrackerDialect, programmeUid: string,
  onProgress: (p: PhotoProgress) => void, cancelled: () => boolean,
): Promise<(PhotoProgress & { stoppedByCancel: boolean }) | null> {
  const attributeUid = photoAttributeOf(deps.mappings, programmeUid);
  if (!attributeUid) return null;
  const queue = deps.photos.missing(programmeUid, attributeUid);
  const progress: PhotoProgress = { toFetch: queue.length, fetched: 0, failed: 0 };
  onProgress(progress);
  let stopReason: string | null = null;
  let stoppedByCancel = false;
  const failures: string[] = [];

  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopReason) return;
      if (cancelled()) {
        stoppedByCancel = true;
        return;
      }
      const want = queue[next++];
      if (!want) return;
      try {
        const photo = await deps.fetch(dialect, want, attributeUid, programmeUid);
        deps.photos.put({
          fileResourceUid: want.fileResourceUid, trackedEntityUid: want.trackedEntityUid, attributeUid,
          contentType: photo.contentType, bytes: photo.bytes, fetchedAt: isoSeconds(deps.clock.now()),
        });
        progress.fetched++;
      } catch (err) {
        progress.failed++;
        const message = (err as Error).message;
        if (failures.length < loggedFailures) deps.logger?.warn(`Sync of ${programmeUid}: photo ${want.fileResourceUid} of ${want.trackedEntityUid} not fetched: ${message}`);
        failures.push(message);
        const problem = (err as Partial<Dhis2Error>).problem;
        if (problem && stopsAll.has(problem)) stopReason = message;
      }
      onProgress(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(photoConcurrency, queue.length) }, worker));

  const untried = Math.max(0, queue.length - next);
  if (stopReason && untried) {
    // Not tried: they would fail the same way. Counted as failed, fetched by a later sync.
    progress.failed += untried;
    onProgress(progress);
  }
  if (progress.failed) {
    deps.logger?.warn(
      `Sync of ${programmeUid}: ${progress.failed} of ${progress.toFetch} photos not fetched${stopReason ? ` (stopped: ${stopReason})` : ''}; the next sync tries them again.`,
    );
  }
  if (!stoppedByCancel) deps.photos.prune(attributeUid);
  return { ...progress, stoppedByCancel };
}
