import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isFinished, type Dpi, type EnrollmentStatus, type GenerateBody, type GenerationDetails, type GenerationTask, type OrgUnit, type TemplateId } from '@contract';
import { useApi } from '../api';
import { errorInfo, type ErrorInfo } from '../api-error';
import { useCardsStore } from './cards';

// The Print screen's generation side: the form (kept for the session), the generation task it follows
// (polled every second until it ends, so leaving the screen and coming back keeps the live panel), and
// the recent generation tasks with their print PDFs.

/** The status filter: any status, or one of DHIS2's. */
export type StatusFilter = '' | EnrollmentStatus;

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const usePrintStore = defineStore('print', () => {
  // The form.
  const programmeUid = ref('');
  const template = ref<TemplateId>('vital');
  const dpi = ref<Dpi>(300);
  const includeMpiId = ref(true);
  const fromDate = ref('');
  const toDate = ref('');
  const orgUnit = ref<OrgUnit | null>(null);
  const status = ref<StatusFilter>('');

  /** The task the live panel shows, and the estimate the core gave when it was started here. */
  const current = ref<GenerationTask | null>(null);
  const estimated = ref<number | null>(null);
  const starting = ref(false);
  /** A refused start: field problems (400), unknown programme or org unit (404), no mapping (409)… */
  const startError = ref<ErrorInfo | null>(null);
  /** Polling the task failed five times in a row. */
  const followError = ref<ErrorInfo | null>(null);
  const cancelError = ref<ErrorInfo | null>(null);

  const recent = ref<GenerationTask[]>([]);
  const recentLoaded = ref(false);
  const recentError = ref<ErrorInfo | null>(null);
  const followed = new Set<string>();
  /** Called when a followed task ends (the review queue reloads its count). */
  const endedListeners = new Set<(task: GenerationTask) => void>();

  function body(): GenerateBody {
    const filter: NonNullable<GenerateBody['enrollment_filter']> = {};
    if (fromDate.value) filter.enrollment_date_from = fromDate.value;
    if (toDate.value) filter.enrollment_date_to = toDate.value;
    if (orgUnit.value) filter.org_unit = orgUnit.value.uid;
    if (status.value) filter.enrollment_status = status.value;
    return {
      programme_uid: programmeUid.value,
      template: template.value,
      dpi: dpi.value,
      include_mpi_id: includeMpiId.value,
      ...(Object.keys(filter).length ? { enrollment_filter: filter } : {}),
      // The sovereign settings are the Cards screen's: tuned in the preview, used for the print run.
      ...(template.value === 'sovereign' ? { sovereign_config: useCardsStore().sovereignConfig() } : {}),
    };
  }

  async function start(): Promise<void> {
    starting.value = true;
    startError.value = null;
    try {
      const started = await useApi().call('POST /dhis2/generate-cards', { body: body() });
      estimated.value = started.estimated_cards;
      const details: GenerationDetails = {
        cards_generated: 0, total_cards: started.estimated_cards, mpi_resolved: 0, mpi_created: 0, mpi_pending_review: 0, template: template.value, dpi: dpi.value,
      };
      current.value = {
        task_id: started.task_id, kind: 'generation', programme_uid: started.programme_uid, status: started.status, progress: 0,
        created_at: started.created_at, started_at: null, finished_at: null, cancel_requested: false, errors: [], eta_seconds: null,
        details, ...details,
      };
      followError.value = null;
      cancelError.value = null;
      void follow(started.task_id);
      void loadRecent();
    } catch (err) {
      startError.value = errorInfo(err);
    } finally {
      starting.value = false;
    }
  }

  /** Polls a task about every second until it ends; the live panel shows it while it is the current one. */
  async function follow(taskId: string): Promise<void> {
    if (followed.has(taskId)) return;
    followed.add(taskId);
    let failures = 0;
    try {
      for (;;) {
        try {
          const task = await useApi().call('GET /dhis2/tasks/:task_id', { params: { task_id: taskId } });
          failures = 0;
          if (task.kind !== 'generation') break;
          if (current.value?.task_id === taskId) current.value = task;
          const row = recent.value.findIndex((t) => t.task_id === taskId);
          if (row >= 0) recent.value[row] = task;
          if (isFinished(task.status)) {
            for (const listener of endedListeners) listener(task);
            break;
          }
        } catch (err) {
          if (++failures >= 5) {
            if (current.value?.task_id === taskId) followError.value = errorInfo(err);
            break;
          }
        }
        await pause(1000);
      }
    } finally {
      followed.delete(taskId);
    }
    await loadRecent();
  }

  async function loadRecent(): Promise<void> {
    try {
      const { tasks } = await useApi().call('GET /dhis2/tasks', { query: { kind: 'generation', limit: 10 } });
      recent.value = tasks.filter((t): t is GenerationTask => t.kind === 'generation');
      recentError.value = null;
      recentLoaded.value = true;
      // A run started elsewhere (after a scheduled sync, another laptop): the panel follows it.
      const running = recent.value.find((t) => !isFinished(t.status));
      if (running && (!current.value || isFinished(current.value.status)) && current.value?.task_id !== running.task_id) show(running);
      else if (current.value && !followed.has(current.value.task_id) && !isFinished(current.value.status)) void follow(current.value.task_id);
    } catch (err) {
      recentError.value = errorInfo(err);
    }
  }

  /** Shows a task of the list in the live panel (followed when it has not ended). */
  function show(task: GenerationTask): void {
    current.value = task;
    estimated.value = null;
    followError.value = null;
    cancelError.value = null;
    if (!isFinished(task.status)) void follow(task.task_id);
  }

  async function cancel(): Promise<void> {
    const task = current.value;
    if (!task) return;
    cancelError.value = null;
    try {
      const answer = await useApi().call('POST /dhis2/tasks/:task_id/cancel', { params: { task_id: task.task_id } });
      if (current.value?.task_id === task.task_id && answer.kind === 'generation') current.value = answer;
    } catch (err) {
      cancelError.value = errorInfo(err);
    }
  }

  function onEnded(listener: (task: GenerationTask) => void): () => void {
    endedListeners.add(listener);
    return () => endedListeners.delete(listener);
  }

  return {
    programmeUid, template, dpi, includeMpiId, fromDate, toDate, orgUnit, status,
    current, estimated, starting, startError, followError, cancelError, recent, recentLoaded, recentError,
    start, follow, loadRecent, show, cancel, onEnded,
  };
});
