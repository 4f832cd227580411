import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { http, testToken } from '../helpers/app';
import { programmeUid, referenceMapping } from '../helpers/cards';
import { startServe } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { createSandbox } from '../sandbox/server';

// A generation killed with SIGKILL mid-task resumes at the next start and ends with exactly one card per
// enrollment: nothing made twice, nothing missing, both PDFs written.

test('crash: serve killed mid-generation; the next start finishes the task with one card per enrollment', async () => {
  const sandbox = await createSandbox({ enrollments: 160 });
  after(() => sandbox.close());
  const dataDir = tempDir();
  const env = { OOMUS_TOKEN: testToken };
  const first = await startServe(dataDir, env);
  let taskId: string;
  try {
    assert.equal((await http(`${first.url}/dhis2/config`, { body: { url: sandbox.url, username: 'admin', password: 'district' } })).status, 200);
    const sync = await http(`${first.url}/dhis2/sync`, { body: { programme_uid: programmeUid } });
    for (;;) {
      const t = (await http(`${first.url}/dhis2/tasks/${sync.body.task_id}`)).body;
      if (t.status === 'completed') break;
      assert.ok(['pending', 'running'].includes(t.status), JSON.stringify(t));
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await http(`${first.url}/dhis2/assign-codes`, { body: { programme_uid: programmeUid, mappings: referenceMapping } })).status, 200);
    const started = await http(`${first.url}/dhis2/generate-cards`, { body: { programme_uid: programmeUid, template: 'nomad', dpi: 600 } });
    assert.equal(started.status, 202);
    taskId = started.body.task_id;
    for (let tries = 0; ; tries++) {
      const t = (await http(`${first.url}/dhis2/tasks/${taskId}`)).body;
      assert.ok(!['completed', 'completed_with_errors', 'failed'].includes(t.status), `finished before the kill: ${JSON.stringify(t)}`);
      if (t.status === 'generating' && t.cards_generated >= 5) break;
      assert.ok(tries < 3000, 'no cards made');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await first.stop('SIGKILL');
  }

  const second = await startServe(dataDir, env);
  try {
    let task: any;
    for (let tries = 0; ; tries++) {
      task = (await http(`${second.url}/dhis2/tasks/${taskId!}`)).body;
      if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(task.status)) break;
      assert.ok(tries < 12_000, `task still ${task.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(['completed', 'completed_with_errors'].includes(task.status), JSON.stringify(task));
    const made = task.total_cards - task.mpi_pending_review - (task.cards_failed ?? 0);
    assert.equal(task.cards_generated, made);
    const files = readdirSync(join(dataDir, 'cards', taskId!)).filter((f) => f.endsWith('.png'));
    assert.equal(files.length, made, 'one PNG per carded enrollment, none twice');
    const enrollments = files.map((f) => f.replace(/\.png$/, '').split('_').pop());
    assert.equal(new Set(enrollments).size, files.length);
    const a4 = await http(`${second.url}/dhis2/tasks/${taskId!}/pdf?layout=a4`);
    assert.equal(a4.status, 200);
    assert.ok(a4.text.startsWith('%PDF'));
  } finally {
    await second.stop();
  }
});
