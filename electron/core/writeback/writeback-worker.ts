import type { WriteRun } from '../api/contract/schemas/writeback';
import type { Clock } from '../clock';
import { Dhis2Error } from '../dhis2/dhis2-error';
import type { TrackerWriter } from '../dhis2/tracker-writer';
import { backoffMs } from '../distribution/messaging/outbox-worker';
import type { Logger } from '../logger';
import type { WritebackStore, WriteRow } from './writeback-store';

// Delivering the queue: one write per tracked entity at a time, each read-before-write so that a retry after
// a crash never writes twice (DHIS2 already holding the value ends it) and another office's value is never
// overwritten unseen. Offline or a server error: the row waits, with exponential backoff (the outbox's).

export interface WritebackWorkerDeps {
  store: WritebackStore;
  /** A writer for the configured DHIS2 (its version read now); throws when none is configured or it is unreachable. */
  connect: () => Promise<TrackerWriter>;
  /** DHIS2 holds another office's MPI ID for this entity: a review item asks what to do. */
  onConflict: (row: WriteRow, serverValue: string) => void;
  /** Words for a value DHIS2 says another tracked entity holds (E1064): who, and what to do. */
  explainClash?: (row: WriteRow, value: string) => string | null;
  clock: Clock;
  logger: Logger;
  policy?: { baseMs?: number; capMs?: number };
  random?: () => number;
}

export interface WritebackWorker {
  /** Delivers what is due, one entity after another; one round at a time (a second call waits for the first). */
  drain(): Promise<WriteRun>;
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

const batch = 50;
const maxPerRound = 20_000;

export function createWritebackWorker(deps: WritebackWorkerDeps): WritebackWorker {
  const baseMs = deps.policy?.baseMs ?? 30_000;
  const capMs = deps.policy?.capMs ?? 30 * 60_000;
  const random = deps.random ?? Math.random;
  let running: Promise<WriteRun> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const later = (row: WriteRow): Date => new Date(deps.clock.now().getTime() + backoffMs(row.attempts + 1, random, baseMs, capMs));

  /** One row: read DHIS2, then write unless it already holds the value. */
  async function deliver(writer: TrackerWriter, row: WriteRow, run: WriteRun): Promise<'ok' | 'offline' | 'refused'> {
    const value = row.sending_value ?? row.value;
    run.attempted++;
    try {
      const entity = await writer.read(row.tracked_entity_uid, row.programme_uid);
      if (!entity || entity.deleted) {
        deps.store.reject(row, entity ? 'E1114' : 'E1063', `DHIS2 no longer has tracked entity ${row.tracked_entity_uid}${entity ? ' (deleted)' : ''}: its MPI ID is kept here only.`);
        run.rejected++;
        return 'ok';
      }
      const held = entity.attributes.find((a) => a.attribute === row.attribute_uid)?.value ?? null;
      if (held === value) {
        deps.store.delivered(row);
        run.delivered++;
        return 'ok';
      }
      if (held !== null && held !== row.delivered_value) {
        deps.store.conflict(row, held);
        deps.onConflict(row, held);
        run.conflicts++;
        return 'ok';
      }
      const outcome = await writer.write(entity, row.programme_uid, row.attribute_uid, value);
      if (outcome.kind === 'written') {
        deps.store.delivered(row);
        // The value this entity held is free in DHIS2 now: a write refused for holding it may go through.
        if (held !== null) deps.store.requeueClashes(held);
        run.delivered++;
        return 'ok';
      }
      if (outcome.access) {
        deps.store.release(row);
        deps.store.refuse(row.programme_uid, outcome.code, outcome.message);
        deps.logger.warn(`DHIS2 refused to write MPI IDs for ${row.programme_uid} (${outcome.code ?? 'no code'}): ${outcome.message}; write-back is off, nothing is lost.`);
        if (!run.refused.includes(row.programme_uid)) run.refused.push(row.programme_uid);
        return 'refused';
      }
      deps.store.reject(row, outcome.code, outcome.code === 'E1064' ? `${outcome.message}. ${deps.explainClash?.(row, value) ?? ''}`.trim() : outcome.message);
      run.rejected++;
      return 'ok';
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof Dhis2Error && (err.problem === 'bad_request' || err.problem === 'not_found')) {
        // DHIS2 refused the request itself (an entity whose UID it cannot take, say): the same would fail again.
        deps.store.reject(row, String(err.status ?? ''), reason);
        run.rejected++;
        return 'ok';
      }
      deps.store.retryLater(row, later(row), reason);
      run.waiting++;
      return err instanceof Dhis2Error && (err.unreachable || err.transient) ? 'offline' : 'ok';
    }
  }

  async function round(): Promise<WriteRun> {
    const run: WriteRun = { attempted: 0, delivered: 0, rejected: 0, conflicts: 0, waiting: 0, refused: [] };
    if (deps.store.due(1).length === 0) return run;
    let writer: TrackerWriter;
    try {
      writer = await deps.connect();
    } catch (err) {
      // No connection configured, or DHIS2 unreachable: everything waits as it is.
      run.waiting = deps.store.due(1_000_000).length;
      deps.logger.info(`MPI write-back waits: ${err instanceof Error ? err.message : String(err)}`);
      return run;
    }
    // Bounded: a row that keeps coming back (its value changing while in flight) waits for the next round.
    for (let rows = deps.store.due(batch); rows.length && run.attempted < maxPerRound; rows = deps.store.due(batch)) {
      let progressed = false;
      for (const due of rows) {
        if (run.refused.includes(due.programme_uid)) continue;
        const row = deps.store.claim(due.tracked_entity_uid, due.attribute_uid);
        if (!row) continue;
        progressed = true;
        const result = await deliver(writer, row, run);
        if (result === 'offline') {
          // The link went down: the rest waits for the next round rather than failing one by one.
          run.waiting += deps.store.due(1_000_000).length;
          return run;
        }
      }
      if (!progressed) break;
    }
    return run;
  }

  return {
    drain() {
      const previous = running ?? Promise.resolve(undefined);
      const next = previous.then(round, round);
      const tracked: Promise<WriteRun> = next.finally(() => {
        if (running === tracked) running = undefined;
      });
      running = tracked;
      return next;
    },
    start(everyMs = 60_000) {
      if (timer) return;
      timer = setInterval(() => {
        void this.drain().catch((err: unknown) => deps.logger.warn(`MPI write-back round failed: ${String(err)}`));
      }, everyMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
