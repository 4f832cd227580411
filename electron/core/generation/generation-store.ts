import type { Database } from 'better-sqlite3';
import { enrollmentWhere, type EnrollmentFilter } from '../cache/enrollment-query';

// Each generation task's enrollments, in a fixed order, with how far each one got. Committed as the task
// goes, so a task resumed after a crash does only what is left, and makes one card per enrollment.

export type ItemState = 'selected' | 'linked' | 'review' | 'rendered' | 'failed';

export interface GenerationItem { seq: number; enrollment_uid: string; state: ItemState; mpi_id: string | null; file: string | null; error: string | null }

export interface GenerationStore {
  /** Freezes the enrollments the filter matches now; returns how many. */
  select(taskId: string, filter: EnrollmentFilter, onlyUncarded?: boolean): number;
  items(taskId: string, state: ItemState, limit: number, afterSeq?: number): GenerationItem[];
  set(taskId: string, seq: number, state: ItemState, fields?: { mpiId?: string | null; file?: string | null; error?: string | null }): void;
  counts(taskId: string): Record<ItemState, number> & { total: number };
  errors(taskId: string, limit: number): { enrollment_uid: string; error: string }[];
  /** The cards a task made, in its PDFs' order, from the offset-th on. */
  rendered(taskId: string, offset: number, limit: number): GenerationItem[];
  item(taskId: string, seq: number): GenerationItem | undefined;
}

export function createGenerationStore(db: Database): GenerationStore {
  const setItem = db.prepare(`UPDATE generation_items SET state = ?, mpi_id = coalesce(?, mpi_id), file = coalesce(?, file), error = ?
    WHERE task_id = ? AND seq = ?`);
  return {
    select(taskId, filter, onlyUncarded = false) {
      const w = enrollmentWhere(filter);
      // Card and sync times are both the app's own ISO seconds, so they compare as text.
      const uncarded = onlyUncarded ? ' AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.enrollment_uid = e.uid AND c.created_at >= e.synced_at)' : '';
      return db.prepare(`INSERT INTO generation_items (task_id, seq, enrollment_uid, state)
        SELECT ?, row_number() OVER (ORDER BY e.enrollment_date, e.uid), e.uid, 'selected' FROM enrollments e WHERE ${w.sql}${uncarded}`)
        .run(taskId, ...w.args).changes;
    },
    items: (taskId, state, limit, afterSeq = 0) => db.prepare(
      'SELECT seq, enrollment_uid, state, mpi_id, file, error FROM generation_items WHERE task_id = ? AND state = ? AND seq > ? ORDER BY seq LIMIT ?',
    ).all(taskId, state, afterSeq, limit) as GenerationItem[],
    set(taskId, seq, state, fields = {}) {
      setItem.run(state, fields.mpiId ?? null, fields.file ?? null, fields.error ?? null, taskId, seq);
    },
    counts(taskId) {
      const rows = db.prepare('SELECT state, count(*) AS n FROM generation_items WHERE task_id = ? GROUP BY state').all(taskId) as { state: ItemState; n: number }[];
      const counts = { selected: 0, linked: 0, review: 0, rendered: 0, failed: 0, total: 0 };
      for (const r of rows) { counts[r.state] = r.n; counts.total += r.n; }
      return counts;
    },
    rendered: (taskId, offset, limit) => db.prepare(
      `SELECT seq, enrollment_uid, state, mpi_id, file, error FROM generation_items WHERE task_id = ? AND state = 'rendered' ORDER BY seq LIMIT ? OFFSET ?`,
    ).all(taskId, limit, offset) as GenerationItem[],
    item: (taskId, seq) => db.prepare('SELECT seq, enrollment_uid, state, mpi_id, file, error FROM generation_items WHERE task_id = ? AND seq = ?')
      .get(taskId, seq) as GenerationItem | undefined,
    errors: (taskId, limit) => db.prepare(
      `SELECT enrollment_uid, error FROM generation_items WHERE task_id = ? AND state = 'failed' ORDER BY seq LIMIT ?`,
    ).all(taskId, limit) as { enrollment_uid: string; error: string }[],
  };
}
