import type { ProgrammeSyncStatus, Schedule, ScheduleBody, SyncBody, SyncStarted } from '../api/contract/schemas/sync';
import type { EnrollmentCache } from '../cache/enrollment-cache';
import type { MetadataCache } from '../cache/metadata-cache';
import { notFound } from '../errors';
import type { Scheduler } from './schedule';
import type { SyncRunner } from './sync-runner';
import type { SyncStateStore } from './sync-state';

// Syncing as people ask for it: now, on a schedule, and how each programme stands (its cache, the last
// attempts and the saved schedule, so a screen can show it again).

export interface SyncService {
  start(body: SyncBody): SyncStarted;
  schedule(body: ScheduleBody): Schedule;
  status(): ProgrammeSyncStatus[];
}

export interface SyncServiceDeps {
  runner: SyncRunner;
  scheduler: Scheduler;
  state: SyncStateStore;
  metadata: MetadataCache;
  enrollments: EnrollmentCache;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  return {
    start({ programme_uid, full }) {
      const task = deps.runner.start(programme_uid ?? null, full);
      return { task_id: task.task_id, programme_uid: task.programme_uid, status: task.status, full, created_at: task.created_at };
    },

    schedule(b) {
      // A schedule for a programme the cache does not know would fail at every slot.
      if (!deps.metadata.programme(b.programme_uid)) throw notFound(`Programme ${b.programme_uid} (not in the cache; sync first)`);
      return deps.scheduler.set(b.programme_uid, b.interval_minutes, b.enabled, b.auto_generate_cards);
    },

    status() {
      const uids = new Set([
        ...deps.state.all().map((s) => s.programme_uid),
        ...deps.scheduler.all().map((s) => s.programme_uid),
        ...deps.runner.runningProgrammes(),
      ]);
      return [...uids].sort().map((uid) => {
        const state = deps.state.get(uid);
        const schedule = deps.scheduler.get(uid);
        return {
          programme_uid: uid,
          programme_name: deps.metadata.programme(uid)?.name ?? null,
          cached_enrollments: deps.enrollments.count(uid),
          last_attempt_at: state.last_attempt_at,
          last_success_at: state.last_success_at,
          last_error: state.last_error,
          resumable: state.run_next_page !== null,
          next_sync: schedule?.enabled ? schedule.next_sync : null,
          running_task_id: deps.runner.runningTaskOf(uid) ?? null,
          interval_minutes: schedule?.interval_minutes ?? null,
          enabled: schedule?.enabled ?? false,
          auto_generate_cards: schedule?.auto_generate_cards ?? false,
        };
      });
    },
  };
}
