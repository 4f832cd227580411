import { holderOfCard, type CardIssuer } from '../verify/card-issuer';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MpiRecord } from '../api/contract/schemas/mpi';
import type { GenerationDetails, GenerationOutputs } from '../api/contract/schemas/tasks';
import type { GenerationPhase } from '../api/contract/tasks';
import type { CardModelSource } from '../cards/card-model-source';
import { createPrintPdf } from '../cards/pdf-writer';
import { pngFile } from '../cards/png-encoder';
import type { RenderPool } from '../cards/render-pool';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { TaskStore } from '../tasks/tasks';
import { cardFile, taskDir, type CardFiles } from './card-files';
import type { GenerationParams } from './generation-params';
import type { GenerationStore } from './generation-store';
import { readCardPng } from './png-file';

// A generation task, step by step: resolve each enrollment against the MPI, render its card in the worker
// pool and write the PNG, then stream both print PDFs from the PNGs. Every step is committed as it goes;
// the runner only sequences, reports progress, honours cancel, and never blocks the API for long.

export type ResolveOutcome = 'existing' | 'matched' | 'created' | 'review';

export interface MpiResolver {
  /** Keeps an enrollment's earlier link or pending review; otherwise matches it against the index. */
  resolve(enrollmentUid: string, programmeUid: string, record: MpiRecord): { outcome: ResolveOutcome; mpiId: string | null };
}

export interface GenerationRunnerDeps {
  db: Database;
  tasks: TaskStore;
  store: GenerationStore;
  models: CardModelSource;
  pool: RenderPool;
  resolver: () => MpiResolver;
  /** Each card made becomes its enrollment's latest card. */
  cards: CardFiles;
  cardsDir: string;
  clock: Clock;
  logger: Logger;
  /** Signs each card: its QR carries the token of the card issued (or kept) for it. */
  issuer: CardIssuer;
}

export interface GenerationRunner {
  /** Queues a created task; tasks run one after another. */
  start(taskId: string): void;
  resumeInterrupted(): void;
  idle(): Promise<void>;
  stopAll(): Promise<void>;
}

class Stopped extends Error {}
const resolveBatch = 200;
const reportEveryMs = 250;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export const recordOf = (card: {
  firstName: string | null; lastName: string | null; dateOfBirth: string | null; gender: MpiRecord['gender']; phone: string | null;
  nationalId?: string | null; address?: string | null; guardianName?: string | null; healthCenter?: string | null;
}): MpiRecord => ({
  firstName: card.firstName, lastName: card.lastName, dateOfBirth: card.dateOfBirth, gender: card.gender, phone: card.phone,
  nationalId: card.nationalId ?? null, address: card.address ?? null, guardianName: card.guardianName ?? null, healthCenter: card.healthCenter ?? null,
});

export function createGenerationRunner(deps: GenerationRunnerDeps): GenerationRunner {
  let chain: Promise<void> = Promise.resolve();
  let stopping = false;
  const queued = new Set<string>();

  const run = async (taskId: string): Promise<void> => {
    const task = deps.tasks.get(taskId);
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(task.status)) return;
    const params = deps.tasks.params(taskId) as GenerationParams;
    const dir = taskDir(deps.cardsDir, taskId);
    mkdirSync(dir, { recursive: true });
    // A resumed task goes on counting from what it had reported (nothing, if it died before its first report).
    const reported: Partial<GenerationDetails> = task.kind === 'generation' ? task.details : {};
    const counters = { mpi_resolved: reported.mpi_resolved ?? 0, mpi_created: reported.mpi_created ?? 0 };
    const started = Date.now();
    let lastReport = 0;
    const cancelled = (): boolean => deps.tasks.get(taskId).cancel_requested;
    const report = (phase: GenerationPhase, force = false, extra: { outputs?: GenerationOutputs } = {}): void => {
      if (!force && Date.now() - lastReport < reportEveryMs) return;
      lastReport = Date.now();
      const c = deps.store.counts(taskId);
      const toRender = c.linked + c.rendered + c.failed;
      const resolvedShare = c.total ? (c.total - c.selected) / c.total : 1;
      const renderShare = toRender ? (c.rendered + c.failed) / toRender : 1;
      const progress = phase === 'resolving' ? resolvedShare * 20 : phase === 'generating' ? 20 + renderShare * 75 : 97;
      const elapsed = (Date.now() - started) / 1000;
      const doneShare = progress / 100;
      deps.tasks.report(taskId, progress, {
        phase, cards_generated: c.rendered, total_cards: c.total, ...counters, mpi_pending_review: c.review, cards_failed: c.failed,
        template: params.template, dpi: params.dpi, ...extra,
      }, doneShare > 0.02 ? Math.round((elapsed / doneShare) * (1 - doneShare)) : null);
    };
    const check = (): void => {
      if (stopping) throw new Stopped();
      if (cancelled()) throw new Cancelled();
    };
    const inFlight = new Set<Promise<void>>();

    try {
      // 1. MPI: every selected enrollment gets an MPI ID or a review item.
      deps.tasks.setPhase(taskId, 'resolving');
      const resolver = deps.resolver();
      for (;;) {
        check();
        const batch = deps.store.items(taskId, 'selected', resolveBatch);
        if (batch.length === 0) break;
        deps.db.transaction(() => {
          for (const item of batch) {
            try {
              const { card } = deps.models.forEnrollment(item.enrollment_uid, { includeMpiId: false });
              const r = resolver.resolve(item.enrollment_uid, params.programme_uid, recordOf(card));
              if (r.outcome === 'review') deps.store.set(taskId, item.seq, 'review');
              else {
                deps.store.set(taskId, item.seq, 'linked', { mpiId: r.mpiId });
                if (r.outcome === 'created') counters.mpi_created++; else counters.mpi_resolved++;
              }
            } catch (err) {
              deps.store.set(taskId, item.seq, 'failed', { error: messageOf(err) });
            }
          }
        })();
        report('resolving');
        await tick(); // let the API answer between batches
      }

      // 2. Cards: render in the pool, write each PNG, commit it.
      deps.tasks.setPhase(taskId, 'generating');
      report('generating', true);
      const limit = deps.pool.size * 2;
      let afterSeq = 0;
      for (;;) {
        check();
        const next = deps.store.items(taskId, 'linked', limit * 4, afterSeq);
        if (next.length === 0) break;
        for (const item of next) {
          afterSeq = item.seq;
          while (inFlight.size >= limit) await Promise.race(inFlight);
          check();
          const job = (async () => {
            try {
              const { card: model } = deps.models.forEnrollment(item.enrollment_uid, { includeMpiId: params.include_mpi_id });
              const issued = deps.issuer.cardFor(holderOfCard(model, params.programme_uid), params.template);
              const card = { ...model, qrPayload: issued.token };
              const image = await deps.pool.render({
                card, template: params.template, dpi: params.dpi, language: params.language,
                ...(params.sovereign_config ? { sovereign: params.sovereign_config } : {}),
              });
              const file = cardFile(dir, item.mpi_id, item.enrollment_uid);
              await writeFile(file, pngFile(image, params.dpi));
              deps.db.transaction(() => {
                deps.store.set(taskId, item.seq, 'rendered', { file });
                deps.cards.record({ enrollmentUid: item.enrollment_uid, taskId, template: params.template, dpi: params.dpi, file, cardId: issued.cardId });
              })();
            } catch (err) {
              if (stopping) return; // left "linked": rendered again when the task resumes
              deps.store.set(taskId, item.seq, 'failed', { error: messageOf(err) });
            }
            report('generating');
          })();
          inFlight.add(job);
          void job.finally(() => inFlight.delete(job));
        }
      }
      await Promise.all(inFlight);
      check();

      // 3. Print files, streamed from the PNGs in the task's order.
      report('assembling', true);
      const outputs = await assemble(taskId, dir, check);
      const c = deps.store.counts(taskId);
      const errors = [
        ...deps.store.errors(taskId, 20).map((e) => `${e.enrollment_uid}: ${e.error}`),
        ...(c.failed > 20 ? [`… and ${c.failed - 20} more cards failed`] : []),
        ...(c.review ? [`${c.review} enrollment(s) wait for an MPI review decision (GET /dhis2/mpi/review); their cards are made once decided.`] : []),
      ];
      report('assembling', true, { outputs });
      deps.tasks.finish(taskId, c.failed || c.review ? 'completed_with_errors' : 'completed', errors);
    } catch (err) {
      await Promise.allSettled(inFlight); // cards already being drawn are finished and counted
      if (err instanceof Stopped) return; // stays running: resumed at the next start
      if (err instanceof Cancelled) {
        report('generating', true);
        deps.tasks.finish(taskId, 'cancelled', [`Cancelled after ${deps.store.counts(taskId).rendered} cards; they are kept in ${dir}.`]);
        return;
      }
      deps.logger.error(`generation ${taskId} failed: ${messageOf(err)}`);
      deps.tasks.finish(taskId, 'failed', [messageOf(err)]);
    }
  };

  const assemble = async (taskId: string, dir: string, check: () => void): Promise<GenerationOutputs> => {
    const a4Path = join(dir, 'cards-a4.pdf');
    const cr80Path = join(dir, 'cards-cr80.pdf');
    const a4 = await createPrintPdf(a4Path, 'a4-sheet');
    const cr80 = await createPrintPdf(cr80Path, 'cr80');
    try {
      let afterSeq = 0;
      for (;;) {
        check();
        const rendered = deps.store.items(taskId, 'rendered', 200, afterSeq);
        if (rendered.length === 0) break;
        for (const item of rendered) {
          afterSeq = item.seq;
          const image = readCardPng(readFileSync(item.file!));
          await a4.add(image);
          await cr80.add(image);
        }
      }
      const sheets = await a4.finish();
      const cards = await cr80.finish();
      return { directory: dir, pdf_a4: a4Path, pdf_cr80: cr80Path, a4_pages: sheets.pages, cr80_pages: cards.pages };
    } catch (err) {
      await Promise.allSettled([a4.abort(), cr80.abort()]);
      rmSync(a4Path, { force: true });
      rmSync(cr80Path, { force: true });
      throw err;
    }
  };

  const enqueue = (taskId: string): void => {
    if (queued.has(taskId)) return;
    queued.add(taskId);
    chain = chain.then(() => run(taskId)).catch((err) => {
      deps.logger.error(`generation runner, task ${taskId}: ${messageOf(err)}`);
    }).finally(() => queued.delete(taskId));
  };

  return {
    start: enqueue,
    resumeInterrupted() {
      for (const task of deps.tasks.interrupted('generation')) enqueue(task.task_id);
    },
    idle: () => chain,
    async stopAll() {
      stopping = true;
      await chain;
    },
  };
}

class Cancelled extends Error {}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
