import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createPageCommitter, PageCommitError, type PageFailure, type PageJob, type PageWritten } from './page-commit';

// The sync's page writer, in its own thread with its own connection to the app's database (WAL: the app keeps
// reading while it writes). Pages come in one at a time; each is parsed and committed before the next is read.

export interface WriterData {
  file: string;
  nativeBinding?: string;
}
export type WriterRequest = { id: number; job: PageJob };
export type WriterResponse =
  | { id: number; ok: true; written: PageWritten }
  | { id: number; ok: false; failure: PageFailure | { kind: 'error' }; message: string };

const { file, nativeBinding } = workerData as WriterData;
const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
// Measured on 100,000 enrollments (README, Offline cache and sync): a page dirties pages of five B-trees at
// random places; statement journals kept in memory and a 32 MB page cache halve the system time of its writes.
db.pragma('temp_store = MEMORY');
db.pragma('cache_size = -32768');
const commit = createPageCommitter(db);

parentPort?.on('message', (request: WriterRequest | 'close') => {
  if (request === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  let response: WriterResponse;
  try {
    response = { id: request.id, ok: true, written: commit(request.job) };
  } catch (err) {
    const failure = err instanceof PageCommitError ? err.failure : { kind: 'error' as const };
    response = { id: request.id, ok: false, failure, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(response);
});
