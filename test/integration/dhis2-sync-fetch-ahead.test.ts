import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { test } from 'node:test';
import { databaseFileName } from '../../electron/core/store/database';
import { http, testToken } from '../helpers/app';
import { startServe } from '../helpers/cli';
import { cachedSet } from '../helpers/dhis2';
import {
  assertCommittedPrefix, P, quiet, serverPages, serverSet, setUp, sortedPagesOf, startSandbox, startSync, startSyncApp, sync, syncOk, trackerRequests,
} from '../helpers/sync';
import { tempDir } from '../helpers/temp';
import type { Sandbox } from '../sandbox/server';

// Several pages in flight at once: they may arrive in any order, yet are committed in order, and a sync that stops
// (a cut link, a page that never comes, the app killed) leaves the cache exactly at the pages before the gap and
// resumes there: nothing skipped, nothing doubled. Pages of 250 people (about 170 KB): written by the page writer's
// worker thread, as a large sync's are.

const inFlight = 4;
const pageSize = 250;

/** Requests the sandbox has received but not yet answered (the link's round trip keeps them there a while). */
const unanswered = (sandbox: Sandbox): number => trackerRequests(sandbox).filter((r) => r.status === 0).length;

test('pages that arrive before an earlier one wait for it: each commit is exactly the pages before it', async () => {
  const { sandbox, app } = await setUp(
    { enrollments: 3000, faults: { latencyMs: 30, failPages: [3] } },
    { dhis2: { pageSize, pagesInFlight: inFlight, retries: 1, backoffMs: () => 400 } },
  );
  const { task_id } = await startSync(app);
  // Snapshots of the cache and its position, each read in one transaction (the page writer commits alongside).
  const read = app.db.transaction(() => ({
    next: (app.db.prepare('SELECT run_next_page FROM sync_state WHERE programme_uid = ?').get(P) as { run_next_page: number | null } | undefined)?.run_next_page ?? null,
    cached: cachedSet(app, P),
  })).deferred;
  const snapshots: { next: number | null; cached: string[]; answered: number[]; checkpoints: number }[] = [];
  const checkpoints = (): number => app.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const setting = checkpoints();
  let most = 0;
  for (;;) {
    most = Math.max(most, unanswered(sandbox));
    const answered = trackerRequests(sandbox).filter((r) => r.status === 200).map((r) => Number(r.query.page));
    snapshots.push({ ...read(), answered, checkpoints: checkpoints() });
    const task = (await app.dispatch('GET', `/dhis2/tasks/${task_id}`)).body as any;
    if (!['pending', 'running'].includes(task.status)) {
      assert.equal(task.status, 'completed', JSON.stringify(task.errors));
      break;
    }
    await new Promise((r) => setTimeout(r, 3));
  }
  assert.ok(most >= 2, `several page requests in flight at once (at most ${most} seen)`);
  assert.ok(most <= inFlight, `never more than ${inFlight} in flight (${most} seen)`);

  // The 3rd page request failed; that page came again after a pause, after pages beyond it had come.
  const requests = trackerRequests(sandbox);
  const failed = requests.find((r) => r.status === 500);
  assert.ok(failed, 'a page failed once');
  const gap = Number(failed.query.page);
  const pages = serverPages(sandbox, requests[0] ?? assert.fail('no page asked'));
  const waited = snapshots.find((s) => s.answered.includes(gap + 1) && !s.answered.includes(gap));
  assert.ok(waited, `page ${gap + 1} arrived while page ${gap} was still awaited`);
  for (const s of snapshots) {
    if (s.next === null) continue;
    assert.deepEqual(s.cached, pages.slice(0, s.next - 1).flat().sort(), `at position ${s.next}: exactly the pages before it`);
    if (!s.answered.includes(gap)) assert.ok(s.next <= gap, `nothing beyond page ${gap} written before it came (position ${s.next})`);
  }
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
  // While the page writer's thread writes, it alone checkpoints the WAL; the app's connection does again after.
  assert.ok(snapshots.some((s) => s.next !== null && s.next > 1 && s.checkpoints === 0), 'the app\'s connection left checkpoints to the page writer');
  assert.equal(checkpoints(), setting, 'and checkpoints again once the sync has ended');
});

/** After a stopped sync: the cache is exactly its first pages, and the next sync starts at the gap, asks each later page once, ends exact. */
async function assertExactResume(app: Awaited<ReturnType<typeof startSyncApp>>, sandbox: Sandbox, task: any): Promise<void> {
  assert.equal(task.status, 'failed');
  const done = task.details.pages_done ?? 0;
  assertCommittedPrefix(app, sandbox, done);
  await quiet(sandbox);
  sandbox.clearFaults();
  const mark = sandbox.requests.length;
  await syncOk(app);
  const resumed = trackerRequests(sandbox, mark);
  assert.equal(resumed[0]?.query.page, String(done + 1), 'resumed at the page after the last one committed');
  const asked = sortedPagesOf(resumed);
  assert.deepEqual(asked, asked.map((_, i) => done + 1 + i), 'each later page asked once');
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
}

test('a link cut mid-sync with several pages in flight: the cache stops at the pages before the cut, the next sync resumes there', async () => {
  const { sandbox, app } = await setUp(
    { enrollments: 3000, faults: { latencyMs: 20, gzip: true, bandwidthKbit: 20_000, dropPages: [6] } },
    { dhis2: { pageSize, pagesInFlight: inFlight } },
  );
  const task = await sync(app);
  assert.match(task.errors.join(' '), /was cut before the answer was complete/);
  assert.ok(task.details.pages_done >= 2, `pages before the cut kept (${task.details.pages_done})`);
  await assertExactResume(app, sandbox, task);
});

test('a page that never comes with several in flight: it times out, the pages before it are kept, the next sync resumes there', async () => {
  const { sandbox, app } = await setUp(
    { enrollments: 3000, faults: { latencyMs: 20, hangPages: [5] } },
    { dhis2: { pageSize, pagesInFlight: inFlight, timeoutMs: 400 } },
  );
  const task = await sync(app);
  assert.match(task.errors.join(' '), /did not answer within 400 ms/);
  await assertExactResume(app, sandbox, task);
});

test('SIGKILL with several pages in flight: the data file holds exactly the committed pages; the next start resumes there', async () => {
  const sandbox = await startSandbox({ enrollments: 3000, faults: { latencyMs: 40 } });
  const dataDir = tempDir();
  const env = { OOMUS_TOKEN: testToken, OOMUS_DHIS2_PAGE_SIZE: String(pageSize), OOMUS_DHIS2_PAGES_IN_FLIGHT: String(inFlight) };
  const first = await startServe(dataDir, env);
  let taskId: string;
  try {
    assert.equal((await http(`${first.url}/dhis2/config`, { body: { url: sandbox.url, username: 'admin', password: 'district' } })).status, 200);
    taskId = (await http(`${first.url}/dhis2/sync`, { body: { programme_uid: P } })).body.task_id;
    for (let tries = 0; ; tries++) {
      const task = (await http(`${first.url}/dhis2/tasks/${taskId}`)).body;
      assert.equal(task.status, 'running', JSON.stringify(task));
      if ((task.details.pages_done ?? 0) >= 3 && unanswered(sandbox) >= 2) break;
      assert.ok(tries < 2000, 'never several pages in flight');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await first.stop('SIGKILL');
  }
  // What the killed process left: the position and, exactly, the pages before it.
  const file = new BetterSqlite3(join(dataDir, databaseFileName), { readonly: true });
  const next = (file.prepare('SELECT run_next_page FROM sync_state WHERE programme_uid = ?').get(P) as { run_next_page: number }).run_next_page;
  const kept = (file.prepare('SELECT uid, org_unit_uid, status FROM enrollments WHERE programme_uid = ?').all(P) as { uid: string; org_unit_uid: string; status: string }[])
    .map((r) => `${r.uid}|${r.org_unit_uid}|${r.status}`).sort();
  file.close();
  const pages = serverPages(sandbox, trackerRequests(sandbox)[0] ?? assert.fail('no page asked'));
  assert.ok(next >= 4 && next <= pages.length, `killed mid-sync at position ${next}`);
  assert.deepEqual(kept, pages.slice(0, next - 1).flat().sort(), 'exactly the pages before the position');

  await quiet(sandbox);
  sandbox.clearFaults();
  const mark = sandbox.requests.length;
  const second = await startServe(dataDir, env);
  try {
    for (let tries = 0; ; tries++) {
      const task = (await http(`${second.url}/dhis2/tasks/${taskId}`)).body;
      if (task.status === 'completed') break;
      assert.ok(['running', 'pending'].includes(task.status), JSON.stringify(task));
      assert.ok(tries < 2000, 'the interrupted sync did not finish');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    assert.equal(await second.stop('SIGTERM'), 0);
  }
  const resumed = trackerRequests(sandbox, mark);
  assert.equal(resumed[0]?.query.page, String(next), 'resumed at the position');
  const asked = sortedPagesOf(resumed);
  assert.deepEqual(asked, asked.map((_, i) => next + i), 'each later page once');
  const app = await startSyncApp(null, { dataDir });
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});
