import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { isoSeconds, type Clock } from '../clock';
import type { GenerationParams } from './generation-params';

// Where a card's PNG goes and how it is recorded as the enrollment's latest card, shared by generation
// tasks and by cards made on demand for a message; and the settings a programme's cards were last made with.

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** <dir>/<MPI ID>_<enrollment uid>.png, so a person finds a card by either. */
export function cardFile(dir: string, mpiId: string | null, enrollmentUid: string): string {
  return join(dir, `${safeName(mpiId ?? 'sans-MPI')}_${safeName(enrollmentUid)}.png`);
}

export function taskDir(cardsDir: string, taskId: string): string {
  return join(cardsDir, safeName(taskId));
}

export interface LatestCard {
  enrollmentUid: string;
  taskId: string;
  template: string;
  dpi: number;
  file: string;
  /** The signed card its QR carries. */
  cardId: string;
}

export interface CardFiles {
  /** The PNG of the enrollment's latest card, when one was made and is still on disk. */
  latest(enrollmentUid: string): string | undefined;
  /** The same, with the run that made it and the signed card it carries (null: made before cards were signed). */
  latestCard(enrollmentUid: string): { file: string; taskId: string; cardId: string | null } | undefined;
  record(card: LatestCard): void;
  /** The parameters of the programme's most recent generation task, if it had one. */
  lastParams(programmeUid: string): GenerationParams | undefined;
}

export function createCardFiles(db: Database, clock: Clock): CardFiles {
  const latest = db.prepare('SELECT file, task_id AS taskId, card_id AS cardId FROM cards WHERE enrollment_uid = ?');
  const latestCard = (uid: string): { file: string; taskId: string; cardId: string | null } | undefined => {
    const row = latest.get(uid) as { file: string; taskId: string; cardId: string | null } | undefined;
    return row && existsSync(row.file) ? row : undefined;
  };
  const upsert = db.prepare(`INSERT INTO cards (enrollment_uid, task_id, template, dpi, file, card_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(enrollment_uid) DO UPDATE SET task_id = excluded.task_id, template = excluded.template, dpi = excluded.dpi,
    file = excluded.file, card_id = excluded.card_id, created_at = excluded.created_at`);
  const lastParams = db.prepare(
    `SELECT params FROM tasks WHERE kind = 'generation' AND programme_uid = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
  ).pluck();
  return {
    latest: (enrollmentUid) => latestCard(enrollmentUid)?.file,
    latestCard,
    record(card) {
      upsert.run(card.enrollmentUid, card.taskId, card.template, card.dpi, card.file, card.cardId, isoSeconds(clock.now()));
    },
    lastParams(programmeUid) {
      const params = lastParams.get(programmeUid) as string | undefined;
      return params ? (JSON.parse(params) as GenerationParams) : undefined;
    },
  };
}
