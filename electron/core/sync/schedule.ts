import type { Database } from 'better-sqlite3';
import type { Schedule } from '../api/contract/schemas/sync';
import type { ScheduleInterval } from '../api/contract/sync';
import { isoSeconds, type Clock } from '../clock';
import type { Logger } from '../logger';
import type { SyncRunner } from './sync-runner';

// Automatic syncs. Stored in SQLite so they survive restarts; a tick (every 30 s by default) starts the
// syncs that are due. A failure is recorded by the sync itself; the next slot simply tries again.

interface Row {
  programme_uid: string;
  interval_minutes: ScheduleInterval;
  enabled: number;
  auto_generate_cards: number;
  next_sync: string | null;
}

const toSchedule = (r: Row): Schedule => ({
  programme_uid: r.programme_uid,
  interval_minutes: r.interval_minutes,
  enabled: r.enabled === 1,
  next_sync: r.next_sync,
  auto_generate_cards: r.auto_generate_cards === 1,
});

export interface Scheduler {
  set(programmeUid: string, intervalMinutes: ScheduleInterval, enabled: boolean, autoGenerateCards: boolean): Schedule;
  get(programmeUid: string): Schedule | undefined;
  all(): Schedule[];
  /** Starts due syncs now; returns the programmes started. */
  tick(): string[];
  start(everyMs?: number): void;
  stop(): void;
}

export function createScheduler(db: Database, runner: SyncRunner, clock: Clock, logger: Logger): Scheduler {
  let timer: ReturnType<typeof setInterval> | undefined;
  const get = (uid: string): Schedule | undefined => {
    const row = db.prepare('SELECT * FROM sync_schedules WHERE programme_uid = ?').get(uid) as Row | undefined;
    return row ? toSchedule(row) : undefined;
  };
  const later = (minutes: number): string => isoSeconds(new Date(clock.now().getTime() + minutes * 60_000));
  const scheduler: Scheduler = {
    set(uid, interval, enabled, autoGenerate) {
      db.prepare(
        `INSERT INTO sync_schedules (programme_uid, interval_minutes, enabled, auto_generate_cards, next_sync, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(programme_uid) DO UPDATE SET interval_minutes = excluded.interval_minutes, enabled = excluded.enabled,
           auto_generate_cards = excluded.auto_generate_cards, next_sync = excluded.next_sync, updated_at = excluded.updated_at`,
      ).run(uid, interval, enabled ? 1 : 0, autoGenerate ? 1 : 0, enabled ? later(interval) : null, isoSeconds(clock.now()));
      const saved = get(uid);
      if (!saved) throw new Error('schedule not stored');
      return saved;
    },
    get,
    all: () => (db.prepare('SELECT * FROM sync_schedules ORDER BY programme_uid').all() as Row[]).map(toSchedule),
    tick() {
      const now = isoSeconds(clock.now());
      const due = db.prepare('SELECT * FROM sync_schedules WHERE enabled = 1 AND next_sync <= ?').all(now) as Row[];
      const started: string[] = [];
      for (const row of due) {
        db.prepare('UPDATE sync_schedules SET next_sync = ? WHERE programme_uid = ?').run(later(row.interval_minutes), row.programme_uid);
        if (runner.runningTaskOf(row.programme_uid)) continue; // never two syncs of one programme
        try {
          runner.start(row.programme_uid, false, 'schedule');
          started.push(row.programme_uid);
        } catch (err) {
          logger.warn(`Scheduled sync of ${row.programme_uid} not started: ${(err as Error).message}`);
        }
      }
      return started;
    },
    start(everyMs = 30_000) {
      timer ??= setInterval(() => scheduler.tick(), everyMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return scheduler;
}
