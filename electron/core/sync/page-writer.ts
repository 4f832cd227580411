import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { createPageCommitter, createRunFinisher, PageCommitError, type FinishJob, type JobWritten, type PageJob } from './page-commit';
import type { WriterData, WriterRequest, WriterResponse } from './page-writer-worker';

// Where a sync's pages are parsed and written: a worker thread with its own connection, so neither the JSON
// parse nor the SQLite transaction of a page (tens of ms for 2,000 people), nor the sweep at the end of a full
// download, holds up the thread that answers the API. One job at a time, in the order given. The worker starts
// with the first page worth it: a small page (what an incremental sync usually brings) is written here in a few
// ms, without a thread to start; from the first larger one on, every job goes to the worker. An in-memory
// database (no file to share) is written here.

export interface PageWriter {
  write(job: PageJob): Promise<JobWritten>;
  /** Ends the run (sweep and cursor, one transaction); the number of enrollments swept. */
  finish(job: FinishJob): Promise<number>;
  close(): Promise<void>;
}

let devBundle: Promise<URL> | undefined;

/** dist/electron/sync-writer.mjs beside the bundled main process; from TypeScript sources, the same bundle built
 *  once per process with esbuild (as the card render pool does), without blocking the event loop. */
function workerUrl(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return Promise.resolve(new URL('./sync-writer.mjs', here));
  devBundle ??= (async () => {
    const root = fileURLToPath(new URL('../../../', here));
    const dir = `${root}node_modules/.cache/oomus`;
    mkdirSync(dir, { recursive: true });
    const outfile = `${dir}/sync-writer-${process.pid}-${Date.now()}.mjs`;
    const esbuild = createRequire(here)('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./page-writer-worker.ts', here))], outfile, bundle: true, platform: 'node',
      format: 'esm', packages: 'external', target: 'node20', logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return pathToFileURL(outfile);
  })();
  return devBundle;
}

/** JSON bytes below which pages are written on this thread: about 180 people, a few ms to parse and write. */
const inThreadBytes = 128 * 1024;

/** Per connection: the page writers running (two programmes may sync at once) and the setting to restore after. */
const checkpointHolds = new WeakMap<Database, { writers: number; setting: number }>();

function holdCheckpoints(db: Database, change: 1 | -1): void {
  const hold = checkpointHolds.get(db) ?? { writers: 0, setting: db.pragma('wal_autocheckpoint', { simple: true }) as number };
  hold.writers += change;
  checkpointHolds.set(db, hold);
  if (!db.open) return;
  if (hold.writers === 1 && change === 1) db.pragma('wal_autocheckpoint = 0');
  if (hold.writers === 0) {
    db.pragma(`wal_autocheckpoint = ${hold.setting}`);
    checkpointHolds.delete(db);
  }
}

export function openPageWriter(db: Database, nativeBinding?: string): PageWriter {
  const commit = createPageCommitter(db);
  const finishHere = createRunFinisher(db);
  let worker: Promise<PageWriter> | undefined;
  let held = false;
  return {
    write(job) {
      const bytes = job.bodies.reduce((n, b) => n + b.byteLength, 0);
      if (!worker && (db.memory || bytes < inThreadBytes)) return Promise.resolve().then(() => commit(job));
      if (!worker) {
        // While the worker writes, it alone checkpoints (after each commit, on its thread). A commit of the app's
        // own connection (a task's progress) would otherwise copy the WAL the worker just wrote on the API's thread:
        // stalls of 50-70 ms in its event loop during a sync of 100,000, 17-50 ms without.
        holdCheckpoints(db, +1);
        held = true;
        worker = startWorkerWriter(db, nativeBinding);
      }
      return worker.then((w) => w.write(job));
    },
    finish(job) {
      return worker ? worker.then((w) => w.finish(job)) : Promise.resolve().then(() => finishHere(job));
    },
    async close() {
      await (await worker?.catch(() => undefined))?.close();
      if (held) holdCheckpoints(db, -1);
      held = false;
    },
  };
}

async function startWorkerWriter(db: Database, nativeBinding?: string): Promise<PageWriter> {
  // A page's parse leaves mostly short-lived garbage: an 8 MB young generation keeps the thread's heap near 35 MB
  // instead of 50 (measured on 100,000: peak RSS 289–293 MB against 281–304 by default, same time within noise;
  // 4 MB saved a little more and cost a tenth more time in garbage collection).
  const worker = new Worker(await workerUrl(), {
    workerData: { file: db.name, ...(nativeBinding ? { nativeBinding } : {}) } satisfies WriterData,
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  const waiting = new Map<number, { resolve: (r: WriterResponse & { ok: true }) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let gone: Error | undefined;
  const failAll = (err: Error): void => {
    gone ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (m: WriterResponse) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m);
    else w.reject(m.failure.kind === 'error' ? new Error(m.message) : new PageCommitError(m.failure, m.message));
  });
  worker.on('error', (err) => failAll(err instanceof Error ? err : new Error(String(err))));
  worker.on('exit', (code) => failAll(new Error(`the sync's page writer stopped (exit code ${code})`)));
  const send = (request: Omit<WriterRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<WriterResponse & { ok: true }> => {
    if (gone) return Promise.reject(gone);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } as WriterRequest, transfer);
    });
  };
  return {
    async write(job) {
      // The pages' bytes move to the worker rather than being copied.
      const bodies = job.bodies.map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice()));
      const r = await send({ page: { ...job, bodies } }, bodies.map((b) => b.buffer as ArrayBuffer));
      if (!r.written) throw new Error('the page writer answered without the page');
      return r.written;
    },
    async finish(job) {
      return (await send({ finish: job })).swept ?? 0;
    },
    async close() {
      if (!gone) {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage('close');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      }
      await worker.terminate();
    },
  };
}
