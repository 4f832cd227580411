import assert from 'node:assert/strict';
import type { App } from '../../electron/core/app';

/** Polls a task until it has finished; fails the test on timeout. */
export async function waitForTask(app: App, taskId: string, timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.dispatch('GET', `/dhis2/tasks/${taskId}`);
    const task = res.body as any;
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(task.status)) return task;
    if (Date.now() > until) assert.fail(`task ${taskId} still ${task.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Cached enrollments of a programme as comparable tuples, sorted. */
export function cachedSet(app: App, programmeUid: string): string[] {
  return (app.db.prepare('SELECT uid, org_unit_uid, status FROM enrollments WHERE programme_uid = ? ORDER BY uid').all(programmeUid) as {
    uid: string; org_unit_uid: string; status: string;
  }[]).map((r) => `${r.uid}|${r.org_unit_uid}|${r.status}`);
}
