import { existsSync } from 'node:fs';
import { maxPrintCards } from '../api/contract/printing';
import type { PrintedCard, PrintJob, PrintJobBody, PrintSheet, PrintSheetQuery } from '../api/contract/schemas/printing';
import { AppError, invalid, notFound } from '../errors';
import type { CardFiles } from '../generation/card-files';
import type { GenerationStore } from '../generation/generation-store';
import type { TaskStore } from '../tasks/tasks';
import type { PrintRecords } from './print-records';
import { cardsPerPage, layOut, type SheetCard } from './print-sheets';

// Printing as the Print screen asks for it: the print page of a run (or a page range of it) or of chosen
// enrollments' latest cards, a run's card PNGs, and the record of what was printed.

export interface PrintingService {
  sheet(query: PrintSheetQuery): PrintSheet;
  /** The PNG of card `seq` of a generation run; 404 when the run did not make it. */
  cardPng(taskId: string, seq: number): string;
  record(job: PrintJobBody): PrintJob;
  printed(query: { task_id?: string; enrollment_ids?: string }): PrintedCard[];
}

export interface PrintingDeps {
  tasks: TaskStore;
  store: GenerationStore;
  cards: CardFiles;
  records: PrintRecords;
  mpiIdOf: (enrollmentUid: string) => string | null;
  /** Why the signed card a file carries was revoked (null: live), so a revoked card is not printed again. */
  revokedReason: (cardId: string) => string | null;
  /** The names a card shows, for choosing cards to print. */
  nameOf: (enrollmentUid: string) => string | null;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** "a, b,b" → ["a", "b"], each an ID (400 naming the field otherwise). */
function idList(text: string, field: string): string[] {
  const ids = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = ids.find((id) => !idPattern.test(id));
  if (bad !== undefined) throw invalid(field, `holds "${bad.slice(0, 40)}", which is not an enrollment ID`);
  if (ids.length === 0) throw invalid(field, 'must list at least one enrollment ID');
  if (ids.length > maxPrintCards) throw invalid(field, `lists ${ids.length} enrollments; at most ${maxPrintCards} print at a time`);
  return ids;
}

export function createPrintingService(deps: PrintingDeps): PrintingService {
  const runSheet = (q: PrintSheetQuery, taskId: string): PrintSheet => {
    const task = deps.tasks.get(taskId);
    if (task.kind !== 'generation') throw notFound(`Cards of task ${taskId} (a ${task.kind} task makes none)`);
    const made = deps.store.counts(taskId).rendered;
    if (made === 0) throw new AppError('conflict', `Task ${taskId} is ${task.status} and has made no card yet: there is nothing to print.`);
    const perPage = cardsPerPage(q.layout);
    const total = Math.ceil(made / perPage);
    const maxPages = maxPrintCards / perPage;
    const from = q.from_page ?? 1;
    if (from > total) throw invalid('from_page', `must be at most ${total}, the run's last page in this format`);
    const to = q.to_page ?? total;
    if (to < from) throw invalid('to_page', 'must not be before from_page');
    if (to > total) throw invalid('to_page', `must be at most ${total}, the run's last page in this format`);
    if (to - from + 1 > maxPages) {
      throw invalid(q.to_page === undefined ? 'to_page' : 'from_page', `this selection has ${to - from + 1} pages; print at most ${maxPages} at a time (from_page, to_page)`);
    }
    const items = deps.store.rendered(taskId, (from - 1) * perPage, (to - from + 1) * perPage);
    const cards: SheetCard[] = items.map((i) => ({ enrollment_id: i.enrollment_uid, mpi_id: i.mpi_id, name: deps.nameOf(i.enrollment_uid), task_id: taskId, seq: i.seq }));
    return layOut(q.layout, cards, from, { pages: total, cards: made });
  };

  const enrollmentSheet = (q: PrintSheetQuery, list: string): PrintSheet => {
    const cards: SheetCard[] = idList(list, 'enrollment_ids').map((uid) => {
      const latest = deps.cards.latestCard(uid);
      if (!latest) throw notFound(`Generated card of enrollment ${uid} (generate cards first)`);
      const revoked = latest.cardId ? deps.revokedReason(latest.cardId) : null;
      if (revoked) {
        throw new AppError('conflict', `The latest card of enrollment ${uid} was revoked (${revoked}): generate its card again before printing it.`,
          [{ field: 'enrollment_ids', problem: `${uid}: its card was revoked (${revoked})` }]);
      }
      return { enrollment_id: uid, mpi_id: deps.mpiIdOf(uid), name: deps.nameOf(uid), task_id: latest.taskId.startsWith('task_') ? latest.taskId : null, seq: null };
    });
    const pages = Math.ceil(cards.length / cardsPerPage(q.layout));
    return layOut(q.layout, cards, 1, { pages, cards: cards.length });
  };

  return {
    sheet(q) {
      if ((q.task_id === undefined) === (q.enrollment_ids === undefined)) {
        throw invalid(q.task_id === undefined ? 'task_id' : 'enrollment_ids', 'give either task_id (a generation run) or enrollment_ids, not both, not neither');
      }
      if (q.enrollment_ids !== undefined && (q.from_page !== undefined || q.to_page !== undefined)) {
        throw invalid(q.from_page !== undefined ? 'from_page' : 'to_page', 'applies to a generation run (task_id) only');
      }
      return q.task_id !== undefined ? runSheet(q, q.task_id) : enrollmentSheet(q, q.enrollment_ids ?? '');
    },
    cardPng(taskId, seq) {
      const item = deps.store.item(taskId, seq);
      if (!item || item.state !== 'rendered' || !item.file || !existsSync(item.file)) throw notFound(`Card ${seq} of task ${taskId}`);
      return item.file;
    },
    record: (job) => deps.records.record(job),
    printed(q) {
      if (q.task_id !== undefined) return deps.records.printed({ taskId: q.task_id });
      if (q.enrollment_ids !== undefined) return deps.records.printed({ enrollmentUids: idList(q.enrollment_ids, 'enrollment_ids') });
      throw invalid('task_id', 'give task_id or enrollment_ids');
    },
  };
}
