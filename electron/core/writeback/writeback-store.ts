import type { Database } from 'better-sqlite3';
import type { WritebackConfig, WriteItem, WriteStatus } from '../api/contract/schemas/writeback';
import { isoSeconds, type Clock } from '../clock';
import { AppError } from '../errors';

// The write-back as stored: per programme, the DHIS2 attribute that holds the MPI ID and whether this office
// writes it; and the queue, one row per tracked entity (triggers on mpi_links fill it in the transaction that
// gives, changes or moves an MPI ID; see migration 17). A row's value is the latest local one; sending_value
// the one in flight; delivered_value what DHIS2 last held from this office (written or adopted).

export interface WriteRow extends WriteItem {
  sending_value: string | null;
  delivered_value: string | null;
}

export interface WritebackStore {
  config(programmeUid: string): WritebackConfig | undefined;
  configs(): WritebackConfig[];
  /** Sets the attribute (null: forgets it, and the writes waiting for it) and whether to write. */
  setConfig(programmeUid: string, attributeUid: string | null, write: boolean): void;
  /** DHIS2 refused this user's writes: writing goes off, with the reason; the queue stays. */
  refuse(programmeUid: string, code: string | null, message: string): void;
  /** Queues the MPI IDs already given in the programme that DHIS2 does not hold yet (as far as the cache knows). */
  backfill(programmeUid: string): number;
  /** Rows due now, of programmes whose writing is on. */
  due(limit: number): WriteRow[];
  /** Marks a pending row in flight with its current value; undefined when it is not pending any more. */
  claim(trackedEntityUid: string, attributeUid: string): WriteRow | undefined;
  /** DHIS2 holds the value sent: the row is done, unless a newer value came meanwhile. */
  delivered(row: WriteRow): void;
  /** The value sent was not delivered (offline, a server error): tried again at `next`. */
  retryLater(row: WriteRow, next: Date, error: string): void;
  /** Back to the queue as it was (writing went off meanwhile): no attempt counted. */
  release(row: WriteRow): void;
  /** DHIS2 refused this value: kept, visible, with its reason; a newer local value is queued instead. */
  reject(row: WriteRow, code: string | null, message: string): void;
  /** DHIS2 holds another office's value: never overwritten unseen; a review item asks about it. */
  conflict(row: WriteRow, serverValue: string): void;
  /** DHIS2 holds this value for the entity (it was adopted from there): nothing to write unless it changes. */
  known(trackedEntityUid: string, attributeUid: string, programmeUid: string, value: string): void;
  /** Rows a killed process left in flight: queued again (the next attempt reads DHIS2 first, so none is written twice). */
  recoverInterrupted(): number;
  row(trackedEntityUid: string, attributeUid: string): WriteRow | undefined;
  list(q: { programmeUid?: string; status?: WriteStatus; limit: number; after?: string }): { items: WriteItem[]; next: string | null };
  counts(programmeUid: string): Record<WriteStatus, number>;
  /** Writes DHIS2 refused because another entity held `value` (E1064), queued again: this office just moved it off. */
  requeueClashes(value: string): number;
  /** A rejected or conflicting write queued again (after it was fixed in DHIS2). */
  retry(trackedEntityUid: string): number;
}

const columns = `tracked_entity_uid, attribute_uid, programme_uid, value, sending_value, delivered_value, status, attempts, next_attempt_at,
  last_error, dhis2_code, dhis2_message, server_value, created_at, updated_at, delivered_at`;

export function createWritebackStore(db: Database, clock: Clock): WritebackStore {
  const now = (): string => isoSeconds(clock.now());
  const toConfig = (r: Record<string, unknown>): WritebackConfig => ({
    programme_uid: r.programme_uid as string, attribute_uid: r.attribute_uid as string, write: r.write_enabled === 1,
    refused: r.refused_at ? { code: (r.refused_code as string | null) ?? null, message: r.refused_message as string, at: r.refused_at as string } : null,
    updated_at: r.updated_at as string,
  });
  // The statements run per entity (delivery, adoption) or per enrollment resolved (config), prepared once.
  const rowOf = db.prepare(`SELECT ${columns} FROM mpi_writes WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const configOf = db.prepare('SELECT * FROM mpi_writeback WHERE programme_uid = ?');
  const dueRows = db.prepare(`SELECT ${columns.split(',').map((c) => `w.${c.trim()}`).join(', ')} FROM mpi_writes w
      JOIN mpi_writeback c ON c.programme_uid = w.programme_uid AND c.attribute_uid = w.attribute_uid AND c.write_enabled = 1
    WHERE w.status = 'pending' AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= ?)
    ORDER BY w.next_attempt_at IS NOT NULL, w.next_attempt_at, w.updated_at, w.tracked_entity_uid LIMIT ?`);
  const claimRow = db.prepare(`UPDATE mpi_writes SET status = 'sending', sending_value = value, updated_at = ?
    WHERE tracked_entity_uid = ? AND attribute_uid = ? AND status = 'pending'`);
  const deliveredRow = db.prepare(`UPDATE mpi_writes SET delivered_value = sending_value, delivered_at = ?, sending_value = NULL, attempts = 0, next_attempt_at = NULL,
      last_error = NULL, dhis2_code = NULL, dhis2_message = NULL, server_value = NULL, updated_at = ?,
      status = CASE WHEN value = sending_value THEN 'delivered' ELSE 'pending' END
    WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const laterRow = db.prepare(`UPDATE mpi_writes SET status = 'pending', sending_value = NULL, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?
    WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const releaseRow = db.prepare(`UPDATE mpi_writes SET status = 'pending', sending_value = NULL, updated_at = ? WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const rejectRow = db.prepare(`UPDATE mpi_writes SET sending_value = NULL, attempts = attempts + 1, dhis2_code = ?, dhis2_message = ?, updated_at = ?,
      status = CASE WHEN value = sending_value THEN 'rejected' ELSE 'pending' END
    WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const conflictRow = db.prepare(`UPDATE mpi_writes SET sending_value = NULL, server_value = ?, updated_at = ?,
      status = CASE WHEN value = sending_value THEN 'conflict' ELSE 'pending' END
    WHERE tracked_entity_uid = ? AND attribute_uid = ?`);
  const knownRow = db.prepare(`INSERT INTO mpi_writes (tracked_entity_uid, attribute_uid, programme_uid, value, delivered_value, status, created_at, updated_at, delivered_at)
      VALUES (?, ?, ?, ?, ?, 'delivered', ?, ?, ?)
    ON CONFLICT (tracked_entity_uid, attribute_uid) DO UPDATE SET delivered_value = excluded.delivered_value, updated_at = excluded.updated_at,
      status = CASE WHEN mpi_writes.status IN ('sending') THEN mpi_writes.status WHEN mpi_writes.value = excluded.delivered_value THEN 'delivered' ELSE mpi_writes.status END,
      server_value = CASE WHEN mpi_writes.value = excluded.delivered_value THEN NULL ELSE mpi_writes.server_value END`);
  const toItem = ({ sending_value: _s, delivered_value: _d, ...r }: WriteRow): WriteItem => r;
  const store: WritebackStore = {
    config(uid) {
      const r = configOf.get(uid) as Record<string, unknown> | undefined;
      return r ? toConfig(r) : undefined;
    },
    configs: () => (db.prepare('SELECT * FROM mpi_writeback ORDER BY programme_uid').all() as Record<string, unknown>[]).map(toConfig),
    setConfig(programmeUid, attributeUid, write) {
      if (attributeUid === null) {
        db.prepare('DELETE FROM mpi_writeback WHERE programme_uid = ?').run(programmeUid);
        db.prepare("DELETE FROM mpi_writes WHERE programme_uid = ? AND status != 'sending'").run(programmeUid);
        return;
      }
      const previous = store.config(programmeUid);
      if (previous && previous.attribute_uid !== attributeUid) {
        // Another attribute: what was queued for the old one is not owed to the new one.
        db.prepare("DELETE FROM mpi_writes WHERE programme_uid = ? AND attribute_uid = ? AND status != 'sending'").run(programmeUid, previous.attribute_uid);
      }
      db.prepare(`INSERT INTO mpi_writeback (programme_uid, attribute_uid, write_enabled, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(programme_uid) DO UPDATE SET attribute_uid = excluded.attribute_uid, write_enabled = excluded.write_enabled,
          refused_code = CASE WHEN excluded.write_enabled = 1 THEN NULL ELSE refused_code END,
          refused_message = CASE WHEN excluded.write_enabled = 1 THEN NULL ELSE refused_message END,
          refused_at = CASE WHEN excluded.write_enabled = 1 THEN NULL ELSE refused_at END,
          updated_at = excluded.updated_at`).run(programmeUid, attributeUid, write ? 1 : 0, now());
    },
    refuse(programmeUid, code, message) {
      db.prepare('UPDATE mpi_writeback SET write_enabled = 0, refused_code = ?, refused_message = ?, refused_at = ?, updated_at = ? WHERE programme_uid = ?')
        .run(code, message, now(), now(), programmeUid);
    },
    backfill(programmeUid) {
      const config = store.config(programmeUid);
      if (!config) return 0;
      // The cache's own copy of the attribute says what DHIS2 held at the last sync: equal values are not owed.
      return db.prepare(`INSERT INTO mpi_writes (tracked_entity_uid, attribute_uid, programme_uid, value, status, created_at, updated_at)
        SELECT e.tracked_entity_uid, ?, e.programme_uid, l.mpi_id, 'pending', ?, ?
          FROM mpi_links l JOIN enrollments e ON e.uid = l.enrollment_uid LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
         WHERE e.programme_uid = ? AND l.how != 'adopted'
           AND json_extract(coalesce(e.attributes, t.attributes, '{}'), '$."' || ? || '"') IS NOT l.mpi_id
        ON CONFLICT (tracked_entity_uid, attribute_uid) DO NOTHING`).run(config.attribute_uid, now(), now(), programmeUid, config.attribute_uid).changes;
    },
    due: (limit) => dueRows.all(now(), limit) as WriteRow[],
    claim(te, attr) {
      return claimRow.run(now(), te, attr).changes ? store.row(te, attr) : undefined;
    },
    delivered(row) {
      deliveredRow.run(now(), now(), row.tracked_entity_uid, row.attribute_uid);
    },
    retryLater(row, next, error) {
      laterRow.run(isoSeconds(next), error, now(), row.tracked_entity_uid, row.attribute_uid);
    },
    release(row) {
      releaseRow.run(now(), row.tracked_entity_uid, row.attribute_uid);
    },
    reject(row, code, message) {
      rejectRow.run(code, message, now(), row.tracked_entity_uid, row.attribute_uid);
    },
    conflict(row, serverValue) {
      conflictRow.run(serverValue, now(), row.tracked_entity_uid, row.attribute_uid);
    },
    known(te, attr, programmeUid, value) {
      knownRow.run(te, attr, programmeUid, value, value, now(), now(), now());
    },
    recoverInterrupted: () => db.prepare(`UPDATE mpi_writes SET status = 'pending', sending_value = NULL WHERE status = 'sending'`).run().changes,
    row: (te, attr) => rowOf.get(te, attr) as WriteRow | undefined,
    list(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.programmeUid) { where.push('programme_uid = ?'); args.push(q.programmeUid); }
      if (q.status) { where.push('status = ?'); args.push(q.status); }
      if (q.after) {
        const [updated, te] = decodeCursor(q.after);
        where.push('(updated_at < ? OR (updated_at = ? AND tracked_entity_uid > ?))');
        args.push(updated, updated, te);
      }
      const rows = db.prepare(`SELECT ${columns} FROM mpi_writes ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY updated_at DESC, tracked_entity_uid LIMIT ?`).all(...args, q.limit + 1) as WriteRow[];
      const shown = rows.slice(0, q.limit);
      const last = shown.at(-1);
      return { items: shown.map(toItem), next: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.updated_at, last.tracked_entity_uid])).toString('base64url') : null };
    },
    counts(programmeUid) {
      const out: Record<WriteStatus, number> = { pending: 0, sending: 0, delivered: 0, rejected: 0, conflict: 0 };
      for (const r of db.prepare('SELECT status, count(*) AS n FROM mpi_writes WHERE programme_uid = ? GROUP BY status').all(programmeUid) as { status: WriteStatus; n: number }[]) out[r.status] = r.n;
      return out;
    },
    requeueClashes: (value) => db.prepare(`UPDATE mpi_writes SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?
      WHERE status = 'rejected' AND dhis2_code = 'E1064' AND value = ?`).run(now(), value).changes,
    retry: (te) => db.prepare(`UPDATE mpi_writes SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?
      WHERE tracked_entity_uid = ? AND status IN ('rejected', 'conflict')`).run(now(), te).changes,
  };
  return store;
}

function decodeCursor(after: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', `after "${after}" is not a next value of this list`, [{ field: 'after', problem: 'is not the next value of a page of this list' }]);
}
