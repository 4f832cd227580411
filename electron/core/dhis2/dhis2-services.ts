import type { Database } from 'better-sqlite3';
import { createEnrollmentCache, type EnrollmentCache } from '../cache/enrollment-cache';
import { createMetadataCache, type MetadataCache } from '../cache/metadata-cache';
import { createPhotoCache, type PhotoCache } from '../cache/photo-cache';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { createMappingStore, type MappingStore } from '../mapping/mapping-store';
import type { SecretBox } from '../secrets/secret-box';
import { createScheduler, type Scheduler } from '../sync/schedule';
import type { SyncDeps } from '../sync/sync-programme';
import { createSyncRunner, type SyncRunner } from '../sync/sync-runner';
import { createSyncStateStore, type SyncStateStore } from '../sync/sync-state';
import type { TaskStore } from '../tasks/tasks';
import { createDhis2Client } from './client';
import { createDhis2ConfigStore, type Dhis2ConfigStore } from './config-store';
import { createDhis2Http } from './http';

// Everything the DHIS2 capability holds, built once by the composition root.

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

export interface Dhis2Services {
  config: Dhis2ConfigStore;
  metadata: MetadataCache;
  enrollments: EnrollmentCache;
  /** Photos of IMAGE attributes mapped to the card photo, fetched during sync. */
  photos: PhotoCache;
  syncState: SyncStateStore;
  mappings: MappingStore;
  runner: SyncRunner;
  scheduler: Scheduler;
  timeoutMs: number;
}

export function createDhis2Services(db: Database, secrets: SecretBox, tasks: TaskStore, clock: Clock, logger: Logger, options: Dhis2Options = {}): Dhis2Services {
  const config = createDhis2ConfigStore(db, secrets, clock);
  const metadata = createMetadataCache(db);
  const enrollments = createEnrollmentCache(db);
  const syncState = createSyncStateStore(db);
  const photos = createPhotoCache(db);
  const mappings = createMappingStore(db, clock);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const runner = createSyncRunner({
    tasks, state: syncState, clock, logger,
    syncDeps: () => {
      const { url, auth } = config.connection();
      return {
        db, metadata, enrollments, state: syncState, clock, photos, mappings, logger,
        client: createDhis2Client(createDhis2Http({ baseUrl: url, auth, timeoutMs: options.timeoutMs ?? 60_000 })),
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      };
    },
    knownProgrammes: () => syncState.all().map((s) => s.programme_uid).filter((uid) => metadata.programme(uid) !== undefined),
    programmeExists: (uid) => metadata.programme(uid) !== undefined,
  });
  return {
    config, metadata, enrollments, photos, syncState, mappings,
    runner,
    scheduler: createScheduler(db, runner, clock, logger),
    timeoutMs,
  };
}
