import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createPageCommitter, createRunFinisher, PageCommitError, type FinishJob, type PageFailure, type JobWritten, type PageJob } from './page-commit';

// The sync's page writer, in its own thread with its own connection to the app's database (WAL: the app keeps
// reading while it writes). Jobs come one at a time: pages (parsed and committed together), then the run's end.

export interface WriterData {
  file: string;
  nativeBinding?: string;
}
export type WriterRequest = { id: number; page: PageJob } | { id: number; finish: FinishJob };
export type WriterResponse =
  | { id: number; ok: true; written?: JobWritten; swept?: number }
  | { id: number; ok: false; failure: PageFailure | { kind: 'error' }; message: string };

const { file, nativeBinding } = workerData as WriterData;
const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
// A page of 2,000 people dirties pages of five B-trees at random places: a cache that holds the indexes' hot leaves
// and statement journals in memory keep its commit from spilling and re-reading (measured with npm run bench --
// sync-link: 2 MB of cache, 7.0–8.8 s for 100,000; 24 MB, 4.3–5.0 s). Replaying the 52 pages of 100,000 people
// into an empty cache, 12 MB writes them as fast as 24 MB, one page or three to a commit (2.3–2.5 s three at a
// time; 8 MB 4 % slower, 4 MB 15 %, 2 MB 22 %).
db.pragma('temp_store = MEMORY');
db.pragma('cache_size = -12288');
const commit = createPageCommitter(db);
const finish = createRunFinisher(db);

parentPort?.on('message', (request: WriterRequest | 'close') => {
  if (request === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  let response: WriterResponse;
  try {
    response = 'page' in request ? { id: request.id, ok: true, written: commit(request.page) } : { id: request.id, ok: true, swept: finish(request.finish) };
  } catch (err) {
    const failure = err instanceof PageCommitError ? err.failure : { kind: 'error' as const };
    response = { id: request.id, ok: false, failure, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(response);
});
