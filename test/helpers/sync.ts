import assert from 'node:assert/strict';
import { after } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { listEnrollments } from '../../electron/core/cache/enrollment-query';
import type { Clock } from '../../electron/core/clock';
import type { Dhis2Options } from '../../electron/core/dhis2/dhis2-options';
import { silentLogger } from '../../electron/core/logger';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server';
import type { RequestLogEntry } from '../sandbox/server';
import { parseTrackerQuery } from '../sandbox/tracker-query';
import { select } from '../sandbox/tracker-select';
import { versionTraits } from '../sandbox/versions';
import { Params } from '../sandbox/web';
import { cachedSet, waitForTask } from './dhis2';
import { tempDir } from './temp';

// Sync tests: a sandbox and a real app (SQLite in a temp dir) connected to it, both closed after the file.

export const P = 'P3jJH5Tu5VC';

export interface SyncSetup {
  sandbox: Sandbox;
  app: App;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({ version: '2.41.2', enrollments: 400, seed: 11, ...options });
  after(() => sandbox.close());
  return sandbox;
}

export async function startSyncApp(sandbox: Sandbox | null, options: { dhis2?: Dhis2Options; clock?: Clock; dataDir?: string } = {}): Promise<App> {
  const app = await createApp({
    dataDir: options.dataDir ?? tempDir(),
    logger: silentLogger,
    background: false,
    ...(options.clock ? { clock: options.clock } : {}),
    dhis2: { pageSize: 50, retries: 0, timeoutMs: 3000, backoffMs: () => 1, ...options.dhis2 },
  });
  after(() => app.close());
  if (sandbox) {
    const saved = await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
    assert.equal(saved.status, 200);
  }
  return app;
}

export async function setUp(sandboxOptions: SandboxOptions = {}, appOptions: { dhis2?: Dhis2Options; clock?: Clock } = {}): Promise<SyncSetup> {
  const sandbox = await startSandbox(sandboxOptions);
  const app = await startSyncApp(sandbox, appOptions);
  return { sandbox, app };
}

/** Starts a sync and returns its 202 body. */
export async function startSync(app: App, body: Record<string, unknown> = { programme_uid: P }): Promise<any> {
  const res = await app.dispatch('POST', '/dhis2/sync', body);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body;
}

/** Starts a sync and waits for its task to end. */
export async function sync(app: App, body: Record<string, unknown> = { programme_uid: P }): Promise<any> {
  return waitForTask(app, (await startSync(app, body)).task_id);
}

export async function syncOk(app: App, body: Record<string, unknown> = { programme_uid: P }): Promise<any> {
  const task = await sync(app, body);
  assert.equal(task.status, 'completed', JSON.stringify(task.errors));
  return task;
}

/** What the server has: the set a sync must end with, in cachedSet's form. */
export function serverSet(sandbox: Sandbox, programme = P): string[] {
  return sandbox.population.activeEnrollments(programme).map((e) => `${e.enrollment}|${e.orgUnit}|${e.status}`).sort();
}

/** Every cached enrollment's attributes as the preview and card generation read them, by enrollment id. */
export function cachedAttributes(app: App, programme = P): Map<string, Record<string, string>> {
  return new Map(listEnrollments(app.db, { programmeUid: programme }, 1_000_000).map((e) => [e.enrollment_id, e.attributes]));
}

export function serverAttributes(sandbox: Sandbox, programme = P): Map<string, Record<string, string>> {
  return new Map(sandbox.population.activeEnrollments(programme).map((e) => [e.enrollment, e.attributes]));
}

const trackerPaths = new Set(['/api/tracker/trackedEntities', '/api/trackedEntityInstances']);

/** Tracker data page requests logged since index `from`. */
export function trackerRequests(sandbox: Sandbox, from = 0): RequestLogEntry[] {
  return sandbox.requests.slice(from).filter((r) => trackerPaths.has(r.path));
}

export const pagesOf = (requests: RequestLogEntry[]): number[] => requests.map((r) => Number(r.query.page));

/** Page numbers in order: with pages fetched ahead, requests reach the server in whatever order they travel. */
export const sortedPagesOf = (requests: RequestLogEntry[]): number[] => pagesOf(requests).sort((a, b) => a - b);

/**
 * The enrollments each page of the app's own query holds on the server now (as cachedSet writes them), from the
 * sandbox's own query engine, without a request: `request` is a logged tracker request of the app.
 */
export function serverPages(sandbox: Sandbox, request: RequestLogEntry, programme = P): string[][] {
  const traits = versionTraits(sandbox.version);
  const url = new URL(`${sandbox.url}${request.path}?${new URLSearchParams(request.query).toString()}`);
  const legacy = request.path === '/api/trackedEntityInstances';
  const query = parseTrackerQuery(new Params(url), traits, sandbox.population, 'trackedEntities', legacy ? 'legacy' : 'tracker', new Date());
  const rows = select(sandbox.population, query, legacy ? false : traits.newestFirst);
  const size = Number(request.query.pageSize);
  const pages: string[][] = [];
  for (let at = 0; at < rows.length; at += size) {
    pages.push(rows.slice(at, at + size).flatMap(({ te }) => (te.deleted ? [] : te.enrollments)
      .filter((e) => e.program === programme && !e.deleted).map((e) => `${e.uid}|${e.orgUnit}|${e.status}`)));
  }
  return pages;
}

/**
 * Waits until no request has reached the sandbox for `ms`: requests a stopped sync withdrew (pages it had asked
 * ahead) may still land there after the task ended, and must not be counted as the next sync's.
 */
export async function quiet(sandbox: Sandbox, ms = 150): Promise<void> {
  for (let seen = -1; seen !== sandbox.requests.length;) {
    seen = sandbox.requests.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** Nothing skipped, nothing doubled: after a first sync stopped, the cache is exactly its first `pagesDone` pages. */
export function assertCommittedPrefix(app: App, sandbox: Sandbox, pagesDone: number, programme = P): void {
  const first = trackerRequests(sandbox)[0];
  assert.ok(first, 'the app asked for tracker pages');
  const expected = serverPages(sandbox, first, programme).slice(0, pagesDone).flat().sort();
  assert.deepEqual([...cachedSet(app, programme)].sort(), expected, `the cache holds pages 1 to ${pagesDone}, exactly`);
  const state = app.db.prepare('SELECT run_next_page FROM sync_state WHERE programme_uid = ?').get(programme) as { run_next_page: number | null };
  assert.equal(state.run_next_page, pagesDone + 1, 'the position is the page after the last one committed');
}

/** Polls the task until `ready` says so (e.g. enough pages committed); fails on timeout. */
export async function waitForProgress(app: App, taskId: string, ready: (task: any) => boolean, timeoutMs = 15_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const task = (await app.dispatch('GET', `/dhis2/tasks/${taskId}`)).body as any;
    if (ready(task)) return task;
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(task.status)) {
      assert.fail(`task ${taskId} ended (${task.status}) before the awaited point: ${JSON.stringify(task.details)}`);
    }
    if (Date.now() > until) assert.fail(`task ${taskId} did not reach the awaited point in ${timeoutMs} ms: ${JSON.stringify(task.details)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function syncStatus(app: App, programme = P): Promise<any> {
  const res = await app.dispatch('GET', '/dhis2/sync-status');
  assert.equal(res.status, 200);
  return (res.body as any).programmes.find((p: any) => p.programme_uid === programme);
}
