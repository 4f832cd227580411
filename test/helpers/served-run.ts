import assert from 'node:assert/strict';
import { referenceMapping as mapping } from './cards';
import { startServe, type Served } from './cli';
import { servedApi, type ApiAnswer } from './e2e';
import { tempDir } from './temp';
import { vaccinationProgram as programme } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

/** `serve` on a synced, mapped sandbox programme with one finished generation run, for the print tests. */
export async function servedRun(token: string, enrollments: number): Promise<{
  served: Served; taskId: string; made: number; api: (path: string, body?: unknown) => Promise<ApiAnswer>; close(): Promise<void>;
}> {
  const sandbox = await createSandbox({ enrollments });
  const served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  const { api, syncProgramme } = servedApi(() => served.url, token);
  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  assert.equal((await api('/dhis2/assign-codes', { programme_uid: programme, mappings: mapping })).status, 200);
  const taskId: string = (await api('/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 })).body.task_id;
  for (;;) {
    const task = (await api(`/dhis2/tasks/${taskId}`)).body;
    if (['completed', 'completed_with_errors'].includes(task.status)) {
      return { served, taskId, made: task.cards_generated, api, close: async () => { await served.stop(); await sandbox.close(); } };
    }
    assert.notEqual(task.status, 'failed', JSON.stringify(task));
    await new Promise((r) => setTimeout(r, 200));
  }
}
