import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../electron/core/app';
import type { Sandbox } from '../sandbox/server';
import { programmeUid, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';

// auto_generate_cards: a scheduled sync is followed by cards for the new or changed enrollments only.

let app: App;
let sandbox: Sandbox;
let close: () => Promise<void>;
before(async () => {
  ({ app, sandbox, close } = await syncedApp({ enrollments: 60 }));
});
after(() => close());

const generationTasks = (): any[] => ((app.db.prepare(`SELECT id FROM tasks WHERE kind = 'generation' ORDER BY created_at, id`).all()) as { id: string }[])
  .map((r) => app.tasks.get(r.id));

async function scheduledSync(): Promise<void> {
  const task = app.dhis2.runner.start(programmeUid, false, 'schedule');
  assert.equal((await waitForTask(app, task.task_id)).status, 'completed');
}

test('with auto_generate_cards off, a scheduled sync makes no cards', async () => {
  assert.equal((await app.dispatch('POST', '/dhis2/sync-schedule', { programme_uid: programmeUid, interval_minutes: 30, enabled: true, auto_generate_cards: false })).status, 200);
  await scheduledSync();
  assert.equal(generationTasks().length, 0);
});

test('with it on: all cards after the first scheduled sync, then only new and changed enrollments', async () => {
  assert.equal((await app.dispatch('POST', '/dhis2/sync-schedule', { programme_uid: programmeUid, interval_minutes: 30, enabled: true, auto_generate_cards: true })).status, 200);
  await scheduledSync();
  const [first] = generationTasks();
  assert.ok(first, 'a generation task followed the scheduled sync');
  const done = await waitForTask(app, first.task_id, 120_000);
  const total = (app.db.prepare('SELECT count(*) AS n FROM enrollments WHERE programme_uid = ?').get(programmeUid) as { n: number }).n;
  assert.equal(done.total_cards, total);
  assert.equal(done.template, 'vital');

  // Nothing changed upstream: nothing to make.
  await scheduledSync();
  assert.equal(generationTasks().length, 1);

  // A manual sync never generates, even with new enrollments waiting.
  sandbox.advance({ newEnrollments: 4, updatedAttributes: 2 });
  const manual = await app.dispatch('POST', '/dhis2/sync', { programme_uid: programmeUid });
  assert.equal((await waitForTask(app, (manual.body as any).task_id)).status, 'completed');
  assert.equal(generationTasks().length, 1);

  // The next scheduled sync makes cards for exactly those.
  await scheduledSync();
  const tasks = generationTasks();
  assert.equal(tasks.length, 2);
  const second = await waitForTask(app, tasks[1].task_id, 120_000);
  const uncarded = (app.db.prepare(`SELECT count(*) AS n FROM generation_items WHERE task_id = ?`).get(second.task_id) as { n: number }).n;
  assert.ok(uncarded >= 4 && uncarded < total, `only the new and changed enrollments (${uncarded})`);
  assert.equal(second.total_cards, uncarded);
});

test('a manual POST /dhis2/sync is not a scheduled one', async () => {
  const res = await app.dispatch('POST', '/dhis2/sync', { programme_uid: programmeUid });
  assert.equal(res.status, 202);
  await waitForTask(app, (res.body as any).task_id);
  assert.equal((app.tasks.params((res.body as any).task_id) as any).trigger, 'manual');
});
