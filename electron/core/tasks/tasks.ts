import type { Database } from 'better-sqlite3';
import type { GenerationDetails, GenerationTask, SyncDetails, SyncTask, Task } from '../api/contract/schemas/tasks';
import { isFinished, taskKinds, type FinishedStatus, type TaskKind, type TaskStatus } from '../api/contract/tasks';
import { isoSeconds, type Clock } from '../clock';
import { AppError, notFound } from '../errors';

// Long jobs (sync, card generation) are rows here, so their progress survives a crash and every screen
// and LAN client reads the same state.

export { isFinished, taskKinds, type TaskKind, type TaskStatus };
export type { GenerationDetails, GenerationTask, SyncDetails, SyncTask, Task };

interface TaskRow {
  id: string;
  kind: TaskKind;
  programme_uid: string | null;
  status: TaskStatus;
  progress: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested: number;
  errors: string;
  state: string;
}

const toTask = (r: TaskRow): Task => {
  // The state column holds what the runner last reported: its kind's details and the ETA.
  const { eta_seconds = null, ...details } = JSON.parse(r.state) as { eta_seconds?: number | null };
  const base = {
    task_id: r.id,
    programme_uid: r.programme_uid,
    status: r.status,
    progress: r.progress,
    created_at: r.created_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
    cancel_requested: r.cancel_requested === 1,
    errors: JSON.parse(r.errors) as string[],
    eta_seconds: isFinished(r.status) ? null : eta_seconds,
  };
  if (r.kind === 'sync') return { ...base, kind: 'sync', details: details as SyncDetails } satisfies SyncTask;
  const generation = details as GenerationDetails;
  // A generation task shows its counters at the top level too, as the reference's task response does.
  return { ...base, kind: 'generation', details: generation, ...generation } satisfies GenerationTask;
};

export interface TaskListFilter {
  kind?: TaskKind;
  status?: TaskStatus;
  limit: number;
}

export interface TaskStore {
  create(id: string, kind: TaskKind, programmeUid: string | null, params: unknown): Task;
  get(id: string): Task;
  /** The parameters the task was created with. */
  params(id: string): unknown;
  list(filter: TaskListFilter): Task[];
  requestCancel(id: string): Task;
  markRunning(id: string): void;
  /** A step of a running task (generation: resolving, then generating). */
  setPhase(id: string, status: 'resolving' | 'generating' | 'running'): void;
  /** What the task has done so far, with the time it expects to need still (null when it cannot tell). */
  report(id: string, progress: number, details: SyncDetails | GenerationDetails, etaSeconds: number | null): void;
  finish(id: string, status: FinishedStatus, errors: string[]): Task;
  /** Tasks a crash left pending or running, oldest first. */
  interrupted(kind: TaskKind): Task[];
}

export function createTaskStore(db: Database, clock: Clock): TaskStore {
  const columns = 'id, kind, programme_uid, status, progress, created_at, started_at, finished_at, cancel_requested, errors, state';
  const byId = db.prepare(`SELECT ${columns} FROM tasks WHERE id = ?`);
  const get = (id: string): Task => {
    const row = byId.get(id) as TaskRow | undefined;
    if (!row) throw notFound(`Task ${id}`);
    return toTask(row);
  };
  return {
    create(id, kind, programmeUid, params) {
      const at = isoSeconds(clock.now());
      db.prepare(
        `INSERT INTO tasks (id, kind, programme_uid, status, params, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
      ).run(id, kind, programmeUid, JSON.stringify(params), at, at);
      return get(id);
    },
    get,
    params(id) {
      const row = db.prepare('SELECT params FROM tasks WHERE id = ?').get(id) as { params: string } | undefined;
      if (!row) throw notFound(`Task ${id}`);
      return JSON.parse(row.params) as unknown;
    },
    list({ kind, status, limit }) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (kind) { where.push('kind = ?'); args.push(kind); }
      if (status) { where.push('status = ?'); args.push(status); }
      const sql = `SELECT ${columns} FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, limit) as TaskRow[]).map(toTask);
    },
    requestCancel(id) {
      const task = get(id);
      if (isFinished(task.status)) {
        throw new AppError('conflict', `Task ${id} is already ${task.status}; only a pending or running task can be cancelled.`);
      }
      const at = isoSeconds(clock.now());
      if (task.status === 'pending') {
        // Not picked up by a runner yet: nothing to stop, so it is cancelled at once.
        db.prepare(`UPDATE tasks SET status = 'cancelled', cancel_requested = 1, finished_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
      } else {
        // A runner checks this flag between steps and stops, keeping what it made.
        db.prepare('UPDATE tasks SET cancel_requested = 1, updated_at = ? WHERE id = ?').run(at, id);
      }
      return get(id);
    },
    markRunning(id) {
      const at = isoSeconds(clock.now());
      db.prepare(`UPDATE tasks SET status = 'running', started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?`).run(at, at, id);
    },
    setPhase(id, status) {
      const at = isoSeconds(clock.now());
      db.prepare(`UPDATE tasks SET status = ?, started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?`).run(status, at, at, id);
    },
    report(id, progress, details, etaSeconds) {
      db.prepare('UPDATE tasks SET progress = ?, state = ?, updated_at = ? WHERE id = ?').run(
        Math.max(0, Math.min(100, Math.round(progress))), JSON.stringify({ ...details, eta_seconds: etaSeconds }), isoSeconds(clock.now()), id);
    },
    finish(id, status, errors) {
      // A task that went through to its end is done: what it could not do (cards for review, failed
      // cards) is in its errors and counts, not in work left. Failed and cancelled keep where they stopped.
      const at = isoSeconds(clock.now());
      db.prepare(
        `UPDATE tasks SET status = ?, errors = ?, finished_at = ?, updated_at = ?, progress = CASE WHEN ? IN ('completed', 'completed_with_errors') THEN 100 ELSE progress END WHERE id = ?`,
      ).run(status, JSON.stringify(errors), at, at, status, id);
      return get(id);
    },
    interrupted(kind) {
      return (db.prepare(`SELECT ${columns} FROM tasks WHERE kind = ? AND status IN ('pending', 'running', 'resolving', 'generating') ORDER BY created_at, id`).all(kind) as TaskRow[]).map(toTask);
    },
  };
}
