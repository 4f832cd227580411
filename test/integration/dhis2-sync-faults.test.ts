import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App } from '../../electron/core/app';
import { http, testToken } from '../helpers/app';
import { startServe } from '../helpers/cli';
import { cachedSet, waitForTask } from '../helpers/dhis2';
import {
  assertCommittedPrefix, P, pagesOf, quiet, serverSet, setUp, sortedPagesOf, startSandbox, startSync, startSyncApp, sync, syncOk, syncStatus, trackerRequests,
  waitForProgress,
} from '../helpers/sync';
import { tempDir } from '../helpers/temp';
import type { Sandbox } from '../sandbox/server';

// The sync against each fault the sandbox can inject: a failure keeps every committed page and says what went
// wrong in sync-status; the next sync resumes at the page it reached (never page 1 again) and ends exact.
// Pages are fetched ahead (3 in flight), so the Nth request a fault pins may be one page or the next: the
// assertions hold whichever page it hit (the cache is exactly the pages before it).

/** After a failed sync: the pages kept are the first ones, exactly, and the status says why and that it can resume. */
async function assertKeptAndReported(app: App, sandbox: Sandbox, task: any, message: RegExp): Promise<void> {
  assert.equal(task.status, 'failed');
  assert.match(task.errors.join(' '), message);
  const status = await syncStatus(app);
  assert.match(status.last_error, message);
  assert.equal(status.last_success_at, null);
  const kept = cachedSet(app, P);
  const server = new Set(serverSet(sandbox));
  assert.ok(kept.every((k) => server.has(k)), 'only what the server has');
  assert.equal(kept.length, task.details.enrollments_synced ?? 0, 'every committed page is kept');
  assert.equal(status.cached_enrollments, kept.length);
  if (kept.length > 0) assert.equal(status.resumable, true);
  assertCommittedPrefix(app, sandbox, task.details.pages_done ?? 0);
}

/** Clears the faults and syncs again: it must start at `fromPage`, not before, and end exact. */
async function assertResumes(app: App, sandbox: Sandbox, fromPage: number): Promise<void> {
  await quiet(sandbox);
  sandbox.clearFaults();
  const mark = sandbox.requests.length;
  await syncOk(app);
  const requests = trackerRequests(sandbox, mark);
  assert.equal(requests[0]?.query.page, String(fromPage), `resumed at page ${requests[0]?.query.page}`);
  const pages = sortedPagesOf(requests);
  assert.deepEqual(pages, pages.map((_, i) => fromPage + i), 'each later page once');
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
  const status = await syncStatus(app);
  assert.equal(status.last_error, null);
  assert.equal(status.resumable, false);
  assert.ok(status.last_success_at);
}

test('failPages: a 500 with no retries fails the task; the next sync resumes at that page', async () => {
  const { sandbox, app } = await setUp({ faults: { failPages: [3] } });
  const task = await sync(app);
  await assertKeptAndReported(app, sandbox, task, /DHIS2 had an internal error \(500\) on 127\.0\.0\.1:\d+\/api\/tracker\/trackedEntities/);
  // The page that failed is the one the sync stopped before.
  const failed = Number(trackerRequests(sandbox).find((r) => r.status === 500)?.query.page);
  assert.equal(task.details.pages_done, failed - 1);
  assert.ok(failed === 3 || failed === 4, `the 3rd request asked for page ${failed}`);
  await assertResumes(app, sandbox, failed);
});

test('failPages with retries: the page is asked again and the sync completes', async () => {
  const { sandbox, app } = await setUp({ faults: { failPages: [2, 5] } }, { dhis2: { retries: 2 } });
  await syncOk(app);
  // The 2nd and 5th page requests fail; each of those pages is asked again and comes; every page comes once.
  const requests = trackerRequests(sandbox);
  const failed = requests.filter((r) => r.status === 500);
  assert.equal(failed.length, 2);
  for (const f of failed) assert.ok(requests.slice(requests.indexOf(f)).some((r) => r.status === 200 && r.query.page === f.query.page), `page ${f.query.page} asked again`);
  const ok = sortedPagesOf(requests.filter((r) => r.status === 200));
  assert.deepEqual(ok, ok.map((_, i) => i + 1));
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('dropPages: an answer cut mid-body is "cut before the answer was complete"; resumed, or retried', async () => {
  const { sandbox, app } = await setUp({ faults: { dropPages: [4] } });
  const task = await sync(app);
  await assertKeptAndReported(app, sandbox, task, /connection to 127\.0\.0\.1:\d+\/api\/tracker\/trackedEntities was cut before the answer was complete/);
  assert.ok(task.details.pages_done === 3 || task.details.pages_done === 4, `stopped after page ${task.details.pages_done}`);
  await assertResumes(app, sandbox, task.details.pages_done + 1);

  const retrying = await setUp({ faults: { dropPages: [2] } }, { dhis2: { retries: 1 } });
  await syncOk(retrying.app);
  assert.deepEqual(cachedSet(retrying.app, P), serverSet(retrying.sandbox));
});

test('hangPages: a page never answered times out at timeoutMs; the next sync resumes there', async () => {
  const { sandbox, app } = await setUp({ faults: { hangPages: [3] } }, { dhis2: { timeoutMs: 300 } });
  const started = Date.now();
  const task = await sync(app);
  assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
  await assertKeptAndReported(app, sandbox, task, /127\.0\.0\.1:\d+\/api\/tracker\/trackedEntities did not answer within 300 ms/);
  assert.ok(task.details.pages_done === 2 || task.details.pages_done === 3, `stopped after page ${task.details.pages_done}`);
  await assertResumes(app, sandbox, task.details.pages_done + 1);
});

test('htmlLogin: a login portal appearing mid-sync is "not DHIS2 data … login portal"; pages kept, then resumed', async () => {
  const { sandbox, app } = await setUp({ faults: { latencyMs: 25 } });
  const { task_id } = await startSync(app);
  const at = await waitForProgress(app, task_id, (t) => (t.details.pages_done ?? 0) >= 2);
  sandbox.setFaults({ htmlLogin: true });
  const task = await waitForTask(app, task_id);
  await assertKeptAndReported(app, sandbox, task, /answered with a web page, not DHIS2 data: the address is not a DHIS2 server, or a login portal stands in front of it/);
  assert.ok(task.details.pages_done >= at.details.pages_done);
  await assertResumes(app, sandbox, task.details.pages_done + 1);
});

test('htmlLogin from the start: the sync fails at once with the same message, nothing cached, nothing retried', async () => {
  const { sandbox, app } = await setUp({ faults: { htmlLogin: true } }, { dhis2: { retries: 3 } });
  const task = await sync(app);
  assert.equal(task.status, 'failed');
  assert.match(task.errors[0], /\/api\/(programs|organisationUnits) answered with a web page, not DHIS2 data/);
  // The first round trip asks for the metadata and the server's clock together: each once, none again.
  const asked = sandbox.requests.map((r) => r.path);
  assert.ok(asked.length <= 4, asked.join(', '));
  assert.equal(new Set(asked).size, asked.length, `a login page is not worth asking again: ${asked.join(', ')}`);
  assert.match((await syncStatus(app)).last_error, /login portal/);
  assert.deepEqual(cachedSet(app, P), []);
  sandbox.clearFaults();
  await syncOk(app);
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('unauthorizedAfter: a 401 mid-sync is an auth error, not retried; the pages before it are kept', async () => {
  const { sandbox, app } = await setUp({ faults: { unauthorizedAfter: 3 } }, { dhis2: { retries: 3 } });
  const task = await sync(app);
  await assertKeptAndReported(app, sandbox, task, /DHIS2 answered 401 for 127\.0\.0\.1:\d+\/api\/tracker\/trackedEntities: check the user name and password/);
  assert.equal(task.details.pages_done, 3);
  // The pages in flight when the session ended each got a 401; none was asked again.
  const refused = pagesOf(trackerRequests(sandbox).filter((r) => r.status === 401));
  assert.ok(refused.length >= 1 && refused.length <= 3, `401s: ${refused.join(', ')}`);
  assert.equal(new Set(refused).size, refused.length, 'a 401 is not retried');
  await assertResumes(app, sandbox, 4);
});

test('rateLimitPerSecond: 429s are retried after Retry-After, even with a short backoff, and the sync ends exact', async () => {
  const { sandbox, app } = await setUp({ enrollments: 300, faults: { rateLimitPerSecond: 5 } }, { dhis2: { retries: 2, pageSize: 100 } });
  const started = Date.now();
  await syncOk(app);
  const limited = sandbox.requests.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'the limit was reached');
  assert.ok(Date.now() - started >= 900, 'Retry-After: 1 was honoured');
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('errorRate, dropRate and latency with retries: the sync gets through and ends exact', async () => {
  const { sandbox, app } = await setUp({ enrollments: 400, faults: { errorRate: 0.2, dropRate: 0.1, latencyMs: 5 } }, { dhis2: { retries: 6 } });
  await syncOk(app);
  assert.ok(sandbox.requests.some((r) => r.status === 500), 'errors were injected');
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
  // Incremental under the same weather.
  sandbox.advance({ newEnrollments: 5, updatedAttributes: 5, moved: 3, statusChanged: 3, deleted: 2 });
  await syncOk(app);
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});

test('a run resumed after the page size changed keeps the page size it started with (no one skipped)', async () => {
  const sandbox = await startSandbox({ enrollments: 400, faults: { failPages: [3] } });
  const small = await startSyncApp(sandbox, { dhis2: { pageSize: 50 } });
  const failed = await sync(small);
  assert.equal(failed.status, 'failed');
  const dataDir = small.dataDir;
  await small.close();

  await quiet(sandbox);
  sandbox.clearFaults();
  const large = await startSyncApp(null, { dataDir, dhis2: { pageSize: 200 } });
  const mark = sandbox.requests.length;
  await syncOk(large);
  const resumed = trackerRequests(sandbox, mark);
  assert.equal(resumed[0]?.query.page, String(failed.details.pages_done + 1));
  assert.ok(resumed.every((r) => r.query.pageSize === '50'));
  assert.deepEqual(cachedSet(large, P), serverSet(sandbox));
  // The next run uses the new size.
  const next = sandbox.requests.length;
  await syncOk(large, { programme_uid: P, full: true });
  assert.ok(trackerRequests(sandbox, next).every((r) => r.query.pageSize === '200'));
  assert.deepEqual(cachedSet(large, P), serverSet(sandbox));
});

test('crash: serve killed with SIGKILL mid-sync; the next start resumes the sync at its page and ends exact', async () => {
  const sandbox = await startSandbox({ enrollments: 600, faults: { latencyMs: 60 } });
  const dataDir = tempDir();
  const env = { OOMUS_TOKEN: testToken, OOMUS_DHIS2_PAGE_SIZE: '50' };
  const first = await startServe(dataDir, env);
  let task_id: string;
  try {
    assert.equal((await http(`${first.url}/dhis2/config`, { body: { url: sandbox.url, username: 'admin', password: 'district' } })).status, 200);
    const started = await http(`${first.url}/dhis2/sync`, { body: { programme_uid: P } });
    assert.equal(started.status, 202);
    task_id = started.body.task_id;
    for (let tries = 0; ; tries++) {
      const task = (await http(`${first.url}/dhis2/tasks/${task_id}`)).body;
      assert.equal(task.status, 'running', JSON.stringify(task));
      if ((task.details.pages_done ?? 0) >= 3) break;
      assert.ok(tries < 1000, 'no pages committed');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await first.stop('SIGKILL');
  }
  await quiet(sandbox);
  const mark = sandbox.requests.length;
  const before = pagesOf(trackerRequests(sandbox));
  assert.ok(before.length < 10, 'killed well before the end');
  sandbox.clearFaults();

  const second = await startServe(dataDir, env);
  try {
    for (let tries = 0; ; tries++) {
      const task = (await http(`${second.url}/dhis2/tasks/${task_id}`)).body;
      if (task.status === 'completed') break;
      assert.ok(['running', 'pending'].includes(task.status), JSON.stringify(task));
      assert.ok(tries < 2000, 'the interrupted sync did not finish');
      await new Promise((r) => setTimeout(r, 10));
    }
    const status = (await http(`${second.url}/dhis2/sync-status`)).body.programmes.find((p: any) => p.programme_uid === P);
    assert.equal(status.last_error, null);
    assert.equal(status.resumable, false);
  } finally {
    assert.equal(await second.stop('SIGTERM'), 0);
  }
  const resumed = sortedPagesOf(trackerRequests(sandbox, mark));
  assert.ok(!resumed.includes(1), `page 1 not fetched again (before: ${before.join(',')}; after: ${resumed.join(',')})`);
  assert.ok((resumed[0] ?? 0) >= 4, `resumed at page ${resumed[0]}`);
  assert.deepEqual(resumed, resumed.map((_, i) => (resumed[0] ?? 0) + i));

  const app = await startSyncApp(null, { dataDir });
  assert.deepEqual(cachedSet(app, P), serverSet(sandbox));
});
