import type { Database } from 'better-sqlite3';
import type { PrintedCard, PrintJob, PrintJobBody } from '../api/contract/schemas/printing';
import { isoSeconds, type Clock } from '../clock';
import { newId } from '../ids';

// What was printed: one row per print job (when, which printer, which format, how many copies) and the cards
// it printed, each with the run it came from. A job is recorded only once its printing has succeeded.

export interface PrintRecords {
  record(job: PrintJobBody): PrintJob;
  /** Per enrollment: how many times printed, and the last time (when, which printer, which run). */
  printed(filter: { taskId?: string; enrollmentUids?: string[] }): PrintedCard[];
}

export function createPrintRecords(db: Database, clock: Clock): PrintRecords {
  const insertJob = db.prepare('INSERT INTO print_jobs (job_id, layout, printer, copies, cards, printed_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertCard = db.prepare('INSERT OR IGNORE INTO printed_cards (job_id, enrollment_uid, task_id) VALUES (?, ?, ?)');
  const summary = `SELECT c.enrollment_uid AS enrollment_id, count(*) AS times, max(j.printed_at) AS last_printed_at,
      (SELECT j2.printer FROM printed_cards c2 JOIN print_jobs j2 ON j2.job_id = c2.job_id WHERE c2.enrollment_uid = c.enrollment_uid ORDER BY j2.printed_at DESC, j2.job_id DESC LIMIT 1) AS last_printer,
      (SELECT c2.task_id FROM printed_cards c2 JOIN print_jobs j2 ON j2.job_id = c2.job_id WHERE c2.enrollment_uid = c.enrollment_uid ORDER BY j2.printed_at DESC, j2.job_id DESC LIMIT 1) AS last_task_id
    FROM printed_cards c JOIN print_jobs j ON j.job_id = c.job_id`;
  return {
    record: db.transaction((job: PrintJobBody): PrintJob => {
      const jobId = newId('print');
      const at = isoSeconds(clock.now());
      const cards = new Map(job.cards.map((c) => [c.enrollment_id, c.task_id ?? null]));
      insertJob.run(jobId, job.layout, job.printer, job.copies, cards.size, at);
      for (const [uid, taskId] of cards) insertCard.run(jobId, uid, taskId);
      return { job_id: jobId, layout: job.layout, printer: job.printer, copies: job.copies, cards: cards.size, printed_at: at };
    }),
    printed({ taskId, enrollmentUids }) {
      if (taskId) {
        return db.prepare(`${summary} WHERE c.enrollment_uid IN (SELECT enrollment_uid FROM printed_cards WHERE task_id = ?)
          GROUP BY c.enrollment_uid ORDER BY c.enrollment_uid`).all(taskId) as PrintedCard[];
      }
      const uids = enrollmentUids ?? [];
      if (uids.length === 0) return [];
      return db.prepare(`${summary} WHERE c.enrollment_uid IN (SELECT value FROM json_each(?)) GROUP BY c.enrollment_uid ORDER BY c.enrollment_uid`)
        .all(JSON.stringify(uids)) as PrintedCard[];
    },
  };
}
