import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isFinished, type ProgrammeSyncStatus, type Schedule, type ScheduleInterval, type SyncTask, type Task } from '@contract';
import { useApi } from '../api';
import { errorInfo, type ErrorInfo } from '../api-error';
import { useProgrammesStore } from './programmes';

// Sync status and the sync tasks this screen follows. Kept in a store so a running sync keeps its
// progress bar when the user visits another screen and comes back.

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
      status.value = (await useApi().call('GET /dhis2/sync-status')).programmes;
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
          const task = await useApi().call('GET /dhis2/tasks/:task_id', { params: { task_id: taskId } });
          failures = 0;
          if (task.kind !== 'sync') break;
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
      const body = programmeUid ? { programme_uid: programmeUid, full: false } : { full: false };
      const task = await useApi().call('POST /dhis2/sync', { body });
      tasks.value[key] = {
        task_id: task.task_id, kind: 'sync', programme_uid: task.programme_uid, status: task.status, progress: 0, eta_seconds: null,
        created_at: task.created_at, cancel_requested: false, errors: [], details: {}, started_at: null, finished_at: null,
      };
      void follow(task.task_id);
    } catch (err) {
      taskErrors.value[key] = errorInfo(err);
    }
  }

  async function cancel(task: SyncTask): Promise<void> {
    const key = keyOf(task.programme_uid);
    try {
      const answer: Task = await useApi().call('POST /dhis2/tasks/:task_id/cancel', { params: { task_id: task.task_id } });
      if (answer.kind === 'sync') tasks.value[key] = answer;
    } catch (err) {
      taskErrors.value[key] = errorInfo(err);
    }
  }

  /** Saves a schedule; the programme's status row then shows it (as GET /dhis2/sync-status would). */
  async function saveSchedule(programmeUid: string, intervalMinutes: ScheduleInterval, enabled: boolean, autoGenerateCards: boolean): Promise<Schedule> {
    const saved = await useApi().call('POST /dhis2/sync-schedule', {
      body: { programme_uid: programmeUid, interval_minutes: intervalMinutes, enabled, auto_generate_cards: autoGenerateCards },
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
