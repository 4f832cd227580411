import type { Database } from 'better-sqlite3';
import { createEnrollmentCache } from '../cache/enrollment-cache';
import { parseTrackerPage } from '../dhis2/parse';
import { createSyncStateStore } from './sync-state';

// One page of a sync, from its JSON text to the cache: parsed, then written in one transaction together with
// the position after it. The transaction first checks that this page is the one the position expects, so
// pages are committed in order or not at all, whatever order the fetch-ahead received them in.

export interface PageJob {
  programmeUid: string;
  page: number;
  /** DHIS2's serverDate at the start of the run: marks the rows this run wrote (see EnrollmentCache.sweep). */
  marker: string;
  /** The page's JSON text (UTF-8 bytes). */
  body: Uint8Array;
}

export interface PageWritten {
  /** Items in the page (fewer than the page size: the last page). */
  count: number;
  /** Tracked entities read from it (items without an ID are skipped). */
  entities: number;
  upserted: number;
  removed: number;
  /** The server's total, when it was asked for (the first page of a run). */
  total: number | undefined;
  /** Time spent parsing and writing it, in ms. */
  writeMs: number;
}

export type PageFailure = { kind: 'not_json' } | { kind: 'out_of_order'; message: string };

export class PageCommitError extends Error {
  override name = 'PageCommitError';
  constructor(readonly failure: PageFailure, message: string) {
    super(message);
  }
}

/** The end of a run: a full download drops what it did not see (gone upstream), then the cursor moves. */
export interface FinishJob {
  programmeUid: string;
  marker: string;
  sweep: boolean;
  /** When it succeeded (the app's clock). */
  at: string;
}

export function createRunFinisher(db: Database): (job: FinishJob) => number {
  const enrollments = createEnrollmentCache(db);
  const state = createSyncStateStore(db);
  const finish = db.transaction((job: FinishJob) => {
    const swept = job.sweep ? enrollments.sweep(job.programmeUid, job.marker) : 0;
    state.finishRun(job.programmeUid, job.at);
    return swept;
  });
  return (job) => finish.immediate(job);
}

export function createPageCommitter(db: Database): (job: PageJob) => PageWritten {
  const enrollments = createEnrollmentCache(db);
  const state = createSyncStateStore(db);
  const decoder = new TextDecoder('utf-8');
  const commit = db.transaction((job: PageJob, entities: Parameters<typeof enrollments.applyPage>[1]) => {
    const at = state.get(job.programmeUid).run_next_page;
    if (at !== job.page) {
      const message = `Page ${job.page} of ${job.programmeUid} arrived to be written while the sync stands at page ${at ?? 'none'}: nothing was written.`;
      throw new PageCommitError({ kind: 'out_of_order', message }, message);
    }
    const r = enrollments.applyPage(job.programmeUid, entities, job.marker);
    state.pageDone(job.programmeUid, job.page + 1);
    return r;
  });
  return (job) => {
    const started = performance.now();
    const page = parseTrackerPage(decoder.decode(job.body));
    if (!page) throw new PageCommitError({ kind: 'not_json' }, 'not JSON');
    // IMMEDIATE: the write lock first, then the position read; the app's own connection writes too.
    const r = commit.immediate(job, page.entities);
    return { count: page.count, entities: page.entities.length, ...r, total: page.total, writeMs: performance.now() - started };
  };
}
