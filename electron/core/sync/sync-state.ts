import type { Database } from 'better-sqlite3';

// Per programme: the committed cursor (DHIS2's serverDate at the start of the last complete sync) and,
// while a run is unfinished, where it stands, so the next run resumes instead of starting over.

export interface SyncState {
  programme_uid: string;
  cursor: string | null;
  run_updated_after: string | null;
  run_server_date: string | null;
  run_next_page: number | null;
  /** Page size of the unfinished run: it resumes with the same, or pages would skip or repeat people. */
  run_page_size: number | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
}

export interface SyncStateStore {
  get(programmeUid: string): SyncState;
  all(): SyncState[];
  beginRun(programmeUid: string, updatedAfter: string | null, serverDate: string, pageSize: number, at: string): SyncState;
  /** Called inside the page's transaction, so the page and the position move together. */
  pageDone(programmeUid: string, nextPage: number): void;
  finishRun(programmeUid: string, at: string): void;
  recordAttempt(programmeUid: string, at: string): void;
  recordError(programmeUid: string, message: string): void;
}

export function createSyncStateStore(db: Database): SyncStateStore {
  const empty = (uid: string): SyncState => ({
    programme_uid: uid, cursor: null, run_updated_after: null, run_server_date: null, run_next_page: null, run_page_size: null,
    last_attempt_at: null, last_success_at: null, last_error: null,
  });
  const ensure = db.prepare('INSERT OR IGNORE INTO sync_state (programme_uid) VALUES (?)');
  const get = (uid: string): SyncState => (db.prepare('SELECT * FROM sync_state WHERE programme_uid = ?').get(uid) as SyncState | undefined) ?? empty(uid);
  return {
    get,
    all: () => db.prepare('SELECT * FROM sync_state ORDER BY programme_uid').all() as SyncState[],
    beginRun(uid, updatedAfter, serverDate, pageSize, at) {
      ensure.run(uid);
      db.prepare('UPDATE sync_state SET run_updated_after = ?, run_server_date = ?, run_next_page = 1, run_page_size = ?, last_attempt_at = ? WHERE programme_uid = ?').run(
        updatedAfter, serverDate, pageSize, at, uid);
      return get(uid);
    },
    pageDone(uid, nextPage) {
      db.prepare('UPDATE sync_state SET run_next_page = ? WHERE programme_uid = ?').run(nextPage, uid);
    },
    finishRun(uid, at) {
      db.prepare(
        `UPDATE sync_state SET cursor = run_server_date, run_updated_after = NULL, run_server_date = NULL, run_next_page = NULL,
         run_page_size = NULL, last_success_at = ?, last_error = NULL WHERE programme_uid = ?`,
      ).run(at, uid);
    },
    recordAttempt(uid, at) {
      ensure.run(uid);
      db.prepare('UPDATE sync_state SET last_attempt_at = ? WHERE programme_uid = ?').run(at, uid);
    },
    recordError(uid, message) {
      ensure.run(uid);
      db.prepare('UPDATE sync_state SET last_error = ? WHERE programme_uid = ?').run(message, uid);
    },
  };
}
