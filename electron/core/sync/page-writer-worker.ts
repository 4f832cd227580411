import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createPageCommitter, createRunFinisher, PageCommitError, type FinishJob, type PageFailure, type PageJob, type PageWritten } from './page-commit';

// The sync's page writer, in its own thread with its own connection to the app's database (WAL: the app keeps
// reading while it writes). Jobs come one at a time: a page (parsed and committed), then the run's end.

export interface WriterData {
  file: string;
  nativeBinding?: string;
}
export type WriterRequest = { id: number; page: PageJob } | { id: number; finish: FinishJob };
export type WriterResponse =
  | { id: number; ok: true; written?: PageWritten; swept?: number }
  | { id: number; ok: false; failure: PageFailure | { kind: 'error' }; message: string };

const { file, nativeBinding } = workerData as WriterData;
const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
// A page dirties pages of five B-trees at random places: statement journals in memory and a larger page cache
// cut the system time of its writes (measured, README: Offline cache and sync).
db.pragma('temp_store = MEMORY');
db.pragma('cache_size = -32768');
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
