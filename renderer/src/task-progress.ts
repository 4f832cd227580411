import { isFinished, type TaskStatus } from '@contract';

// What a task's progress bar shows, shared by the sync and the generation panels: the time left and the
// percentage. Plain functions of the task as GET /dhis2/tasks/{id} gives it, so both screens agree.

export interface TaskTiming {
  status: TaskStatus;
  progress: number;
  eta_seconds: number | null;
  started_at: string | null;
}

/**
 * Seconds left, or null when there is nothing useful to say: the task has ended, or under a second is
 * left. The engine's estimate first; without one, the pace so far (elapsed ÷ share done), once a few
 * percent are done (earlier, one slow first page makes a wild guess).
 */
export function secondsLeft(task: TaskTiming, nowMs: number = Date.now()): number | null {
  if (isFinished(task.status)) return null;
  if (task.eta_seconds !== null) return task.eta_seconds >= 1 ? task.eta_seconds : null;
  const started = task.started_at ? Date.parse(task.started_at) : NaN;
  if (!Number.isFinite(started) || task.progress < 3 || task.progress >= 100) return null;
  const elapsed = (nowMs - started) / 1000;
  const left = (elapsed / task.progress) * (100 - task.progress);
  return left >= 1 ? Math.round(left) : null;
}

/**
 * The bar's percentage: a task that went through to its end is full, whatever the engine last counted (a
 * generation stops counting at 97 % before assembling its PDFs; cards waiting for MPI review or failed cards
 * are an outcome, told in words, not work left). A failed or cancelled task keeps where it stopped.
 */
export function shownProgress(task: Pick<TaskTiming, 'status' | 'progress'>): number {
  return task.status === 'completed' || task.status === 'completed_with_errors' ? 100 : Math.max(0, Math.min(100, task.progress));
}
