import type { Clock } from '../clock';
import { Dhis2Error } from '../dhis2/dhis2-error';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { Task, TaskStore } from '../tasks/tasks';
import { fetchRunStart, SyncCancelled, syncMetadata, syncProgramme, type RunStart, type SyncDeps, type SyncProgress } from './sync-programme';
import type { SyncStateStore } from './sync-state';

// Sync as a task: one running sync per programme, progress and ETA written to the task row as pages
// land, failures recorded in sync-status. Runs in the app process, never blocking the API.

export interface SyncRunner {
  /** programmeUid null: metadata, then every programme synced before. 409 if that programme is already syncing. */
  start(programmeUid: string | null, full: boolean, trigger?: SyncTrigger): Task;
  /** Called after each programme a sync brought up to date (what runs next: automatic card generation). */
  onSynced(listener: (programmeUid: string, trigger: SyncTrigger) => void): void;
  runningTaskOf(programmeUid: string): string | undefined;
  /** Programmes with a sync of their own running now (not the sync of everything). */
  runningProgrammes(): string[];
  /** Re-runs syncs a crash interrupted; they resume from their committed page. */
  resumeInterrupted(): void;
  idle(): Promise<void>;
  /** Shutdown: running syncs stop at their next page and stay "running", so the next start resumes them. */
  stopAll(graceMs?: number): Promise<void>;
}

export interface SyncRunnerDeps {
  tasks: TaskStore;
  state: SyncStateStore;
  clock: Clock;
  logger: Logger;
  /** Builds the DHIS2-facing dependencies from the stored connection (throws 409 when none). */
  syncDeps(): SyncDeps;
  knownProgrammes(): string[];
  programmeExists(uid: string): boolean;
}

const allKey = '*';

/** Who started a sync: a person (or LAN client), or the schedule. */
export type SyncTrigger = 'manual' | 'schedule';

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const running = new Map<string, string>(); // programme uid (or '*') → task id
  const inFlight = new Set<Promise<void>>();
  const listeners: ((programmeUid: string, trigger: SyncTrigger) => void)[] = [];
  let stopping = false;

  const run = async (task: Task, full: boolean): Promise<void> => {
    const key = task.programme_uid ?? allKey;
    const started = Date.now();
    const errors: string[] = [];
    try {
      deps.tasks.markRunning(task.task_id);
      const syncDeps = deps.syncDeps();
      // The first programme's server clock and org units are asked alongside the metadata: one round trip, not two.
      let start: Promise<RunStart> | undefined = fetchRunStart(syncDeps);
      start.catch(() => undefined); // awaited below; a failed metadata step must not leave it unhandled
      await syncMetadata(syncDeps);
      const targets = task.programme_uid ? [task.programme_uid] : deps.knownProgrammes();
      if (task.programme_uid && !deps.programmeExists(task.programme_uid)) {
        throw new AppError('not_found', `Programme ${task.programme_uid} is not a tracker programme this DHIS2 user can see.`);
      }
      let done = 0;
      for (const uid of targets) {
        const onProgress = (p: SyncProgress): void => {
          const share = p.total ? Math.min(1, p.entitiesDone / p.total) : 0;
          const overall = ((done + share) / Math.max(1, targets.length)) * 100;
          const elapsed = (Date.now() - started) / 1000;
          // The pace is what this task did itself (a resumed run starts part-way).
          const worked = done + share - (p.total ? Math.min(1, p.entitiesAtStart / p.total) : 0);
          const eta = worked > 0 && p.total ? Math.round((elapsed / worked) * (targets.length - done - share)) : null;
          deps.tasks.report(task.task_id, overall, {
            programme_uid: uid, pages_done: p.pagesDone, tracked_entities_done: p.entitiesDone,
            enrollments_synced: p.enrollmentsUpserted, tracked_entities_total: p.total ?? null,
            // The link's side: bytes as received, the rate of the last seconds, and what held it up.
            bytes_received: p.bytesReceived, bytes_per_second: p.bytesPerSecond, limited_by: p.limitedBy,
            // The photo step, when the mapping has a photo attribute: a failed photo is counted, not an error.
            ...(p.photos ? { photos_to_fetch: p.photos.toFetch, photos_fetched: p.photos.fetched, photos_failed: p.photos.failed } : {}),
          }, eta);
        };
        try {
          const asked = start;
          start = undefined; // the next programme asks again (its run starts later)
          await syncProgramme(syncDeps, {
            programmeUid: uid, full, onProgress, cancelled: () => stopping || deps.tasks.get(task.task_id).cancel_requested, ...(asked ? { start: asked } : {}),
          });
          const trigger = (deps.tasks.params(task.task_id) as { trigger?: SyncTrigger }).trigger ?? 'manual';
          for (const listener of listeners) {
            try { listener(uid, trigger); } catch (err) { deps.logger.warn(`After the sync of ${uid}: ${(err as Error).message}`); }
          }
        } catch (err) {
          if (err instanceof SyncCancelled || stopping) throw err;
          const message = messageOf(err);
          deps.state.recordError(uid, message);
          errors.push(`${uid}: ${message}`);
          if (targets.length === 1) throw err;
        }
        done++;
      }
      deps.tasks.finish(task.task_id, errors.length ? 'completed_with_errors' : 'completed', errors);
    } catch (err) {
      if (stopping) return; // left as it is: resumed at the next start
      if (err instanceof SyncCancelled) {
        deps.tasks.finish(task.task_id, 'cancelled', [err.message]);
      } else {
        const message = messageOf(err);
        if (task.programme_uid) deps.state.recordError(task.programme_uid, message);
        deps.tasks.finish(task.task_id, 'failed', errors.length ? errors : [message]);
        deps.logger.warn(`Sync ${task.task_id} failed: ${message}`);
      }
    } finally {
      running.delete(key);
    }
  };

  const launch = (task: Task, full: boolean): void => {
    running.set(task.programme_uid ?? allKey, task.task_id);
    const p: Promise<void> = run(task, full)
      .catch((err: unknown) => deps.logger.error(`Sync ${task.task_id} stopped: ${(err as Error).message}`))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  return {
    start(programmeUid, full, trigger = 'manual') {
      if (stopping) throw new AppError('conflict', 'The app is shutting down; no new sync can start.');
      const busy = programmeUid ? (running.get(programmeUid) ?? running.get(allKey)) : [...running.values()][0];
      if (busy) {
        throw new AppError('conflict', `A sync${programmeUid ? ` of ${programmeUid}` : ''} is already running (${busy}); wait for it or cancel it.`);
      }
      deps.syncDeps(); // fails now with 409 if no connection is configured, rather than inside the task
      const task = deps.tasks.create(newId('task_sync'), 'sync', programmeUid, { full, trigger });
      launch(task, full);
      return task;
    },
    onSynced(listener) {
      listeners.push(listener);
    },
    runningTaskOf(programmeUid) {
      return running.get(programmeUid) ?? running.get(allKey);
    },
    runningProgrammes() {
      return [...running.keys()].filter((k) => k !== allKey);
    },
    resumeInterrupted() {
      for (const task of deps.tasks.interrupted('sync')) {
        if (running.has(task.programme_uid ?? allKey)) continue;
        deps.logger.info(`Resuming interrupted sync ${task.task_id}`);
        launch(task, false);
      }
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    async stopAll(graceMs = 3000) {
      stopping = true;
      await Promise.race([this.idle(), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}

function messageOf(err: unknown): string {
  if (err instanceof Dhis2Error || err instanceof AppError) return err.message;
  return `Unexpected error: ${(err as Error).message}`;
}

