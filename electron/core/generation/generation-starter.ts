import type { Database } from 'better-sqlite3';
import { newId } from '../ids';
import type { TaskStore } from '../tasks/tasks';
import type { GenerationParams } from './generation-params';
import type { GenerationRunner } from './generation-runner';
import type { GenerationStore } from './generation-store';

// Creating a generation task: the task row and its frozen list of enrollments in one transaction, then
// the runner picks it up. Used by POST /dhis2/generate-cards and by scheduled syncs.

export function startGeneration(
  deps: { db: Database; tasks: TaskStore; store: GenerationStore; runner: GenerationRunner },
  params: GenerationParams,
): { taskId: string; createdAt: string; selected: number } {
  const { task, selected } = deps.db.transaction(() => {
    const created = deps.tasks.create(newId('task_dhis2'), 'generation', params.programme_uid, params);
    return { task: created, selected: deps.store.select(created.task_id, params.filter, params.only_uncarded) };
  })();
  deps.tasks.report(task.task_id, 0, {
    cards_generated: 0, total_cards: selected, mpi_resolved: 0, mpi_created: 0, mpi_pending_review: 0,
    template: params.template, dpi: params.dpi,
  }, null);
  deps.runner.start(task.task_id);
  return { taskId: task.task_id, createdAt: task.created_at, selected };
}
