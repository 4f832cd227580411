import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busyWork } from '../../electron/main/busy-work';
import { startApp } from '../helpers/app';

// What quitting the desktop app warns about, read from a real engine: unfinished syncs and generations,
// and messages being handed to a provider.
test('busy work counts unfinished syncs and generations and messages being sent', async () => {
  const { app } = await startApp();
  assert.deepEqual(busyWork(app), { syncs: 0, generations: 0, sending: 0 });
  app.tasks.create('task_01SYNC', 'sync', null, { full: false });
  app.tasks.create('task_01GEN', 'generation', 'P3jJH5Tu5VC', {});
  app.tasks.markRunning('task_01GEN');
  assert.deepEqual(busyWork(app), { syncs: 1, generations: 1, sending: 0 });
  app.tasks.finish('task_01GEN', 'completed', []);
  app.tasks.requestCancel('task_01SYNC');
  assert.deepEqual(busyWork(app), { syncs: 0, generations: 0, sending: 0 });
});
