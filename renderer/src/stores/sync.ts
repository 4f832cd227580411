import { defineStore } from 'pinia';
import { ref } from 'vue';
import { errorInfo, type ErrorInfo } from '../api-error';
import { call } from '../transport/transport';
import { useTransport } from '../transport/use-transport';
import { useProgrammesStore } from './programmes';

// Sync status and the sync tasks this screen follows. Kept in a store so a running sync keeps its
// progress bar when the user visits another screen and comes back.

export type TaskStatus = 'pending' | 'resolving' | 'running' | 'generating' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';
const finished: readonly TaskStatus[] = ['completed', 'completed_with_errors', 'failed', 'cancelled'];
export const isFinished = (s: TaskStatus): boolean => finished.includes(s);

export interface SyncTask {
  task_id: string;
  programme_uid: string | null;
  status: TaskStatus;
  progress: number;
  eta_seconds: number | null;
  cancel_requested?: boolean;
  errors: string[];
  details: {
    programme_uid?: string;
    pages_done?: number;
    tracked_entities_done?: number;
    enrollments_synced?: number;
    tracked_entities_total?: number | null;
  };
  started_at: string | null;
  finished_at: string | null;
}

export interface ProgrammeSyncStatus {
  programme_uid: string;
  programme_name: string | null;
  cached_enrollments: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  resumable: boolean;
  /** null when the schedule is off. */
  next_sync: string | null;
  running_task_id: string | null;
  /** The saved schedule: null interval when none was ever saved. */
  interval_minutes: number | null;
  enabled: boolean;
  auto_generate_cards: boolean;
}

export interface Schedule {
  programme_uid: string;
  interval_minutes: number;
  enabled: boolean;
  next_sync: string | null;
  auto_generate_cards: boolean;
}

/** Tasks are filed under their programme, or under "*" for the sync of everything. */
export const allKey = '*';
const keyOf = (programmeUid: string | null): string => programmeUid ?? allKey;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const useSyncStore = defineStore('sync', () => {
  const status = ref<ProgrammeSyncStatus[]>([]);
  const loaded = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const tasks = ref<Record<string, SyncTask>>({});
  /** A refused start (409 already running, no connection…) or a failed poll, per key. */
  const taskErrors = ref<Record<string, ErrorInfo>>({});
  const followed = new Set<string>();

  async function refresh(): Promise<void> {
    try {
      status.value = (await call<{ programmes: ProgrammeSyncStatus[] }>(useTransport(), 'GET', '/dhis2/sync-status')).programmes;
      error.value = null;
      loaded.value = true;
      for (const row of status.value) if (row.running_task_id) void follow(row.running_task_id);
    } catch (err) {
      error.value = errorInfo(err);
    }
  }

  /** Polls a task every second until it ends, then reloads the status and the programme list. */
  async function follow(taskId: string): Promise<void> {
    if (followed.has(taskId)) return;
    followed.add(taskId);
    let failures = 0;
    try {
      for (;;) {
        try {
          const task = await call<SyncTask>(useTransport(), 'GET', `/dhis2/tasks/${encodeURIComponent(taskId)}`);
          failures = 0;
          tasks.value[keyOf(task.programme_uid)] = task;
          if (isFinished(task.status)) break;
        } catch (err) {
          if (++failures >= 5) {
            const shown = Object.entries(tasks.value).find(([, t]) => t.task_id === taskId)?.[0] ?? allKey;
            taskErrors.value[shown] = errorInfo(err);
            break;
          }
        }
        await pause(1000);
      }
    } finally {
      followed.delete(taskId);
    }
    await Promise.all([refresh(), useProgrammesStore().load()]);
  }

  async function start(programmeUid: string | null): Promise<void> {
    const key = keyOf(programmeUid);
    delete taskErrors.value[key];
    try {
      const body = programmeUid ? { programme_uid: programmeUid } : {};
      const task = await call<{ task_id: string; programme_uid: string | null; status: TaskStatus }>(useTransport(), 'POST', '/dhis2/sync', body);
      tasks.value[key] = {
        task_id: task.task_id, programme_uid: task.programme_uid, status: task.status, progress: 0, eta_seconds: null,
        errors: [], details: {}, started_at: null, finished_at: null,
      };
      void follow(task.task_id);
    } catch (err) {
      taskErrors.value[key] = errorInfo(err);
    }
  }

  async function cancel(task: SyncTask): Promise<void> {
    const key = keyOf(task.programme_uid);
    try {
      tasks.value[key] = await call<SyncTask>(useTransport(), 'POST', `/dhis2/tasks/${encodeURIComponent(task.task_id)}/cancel`);
    } catch (err) {
      taskErrors.value[key] = errorInfo(err);
    }
  }

  /** Saves a schedule; the programme's status row then shows it (as GET /dhis2/sync-status would). */
  async function saveSchedule(programmeUid: string, intervalMinutes: number, enabled: boolean, autoGenerateCards: boolean): Promise<Schedule> {
    const saved = await call<Schedule>(useTransport(), 'POST', '/dhis2/sync-schedule', {
      programme_uid: programmeUid, interval_minutes: intervalMinutes, enabled, auto_generate_cards: autoGenerateCards,
    });
    const row = status.value.find((s) => s.programme_uid === programmeUid);
    if (row) {
      row.interval_minutes = saved.interval_minutes;
      row.enabled = saved.enabled;
      row.auto_generate_cards = saved.auto_generate_cards;
      row.next_sync = saved.enabled ? saved.next_sync : null;
    } else {
      await refresh();
    }
    return saved;
  }

  /** A task of this key that has not ended yet. */
  const running = (programmeUid: string | null): SyncTask | undefined => {
    const task = tasks.value[keyOf(programmeUid)];
    return task && !isFinished(task.status) ? task : undefined;
  };

  return { status, loaded, error, tasks, taskErrors, refresh, start, cancel, saveSchedule, running };
});
