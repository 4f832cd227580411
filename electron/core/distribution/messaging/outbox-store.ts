import type { Database } from 'better-sqlite3';
import type { Channel, OutboxStatus } from '../../api/contract/messaging';
import { isoSeconds } from '../../clock';

// Every message the app sends is a row here before any provider hears of it, and moves through
//   queued → sending → sent | queued (retry) | failed | unknown
// A row is "sending" only while one attempt holds it (claimed with a conditional UPDATE, so two drains or
// a drain and a send-card can never both send it). Just before the request that delivers the message
// leaves, send_started_at is committed with a full fsync: after a crash, a "sending" row without it is
// safely queued again, and one with it is "unknown" (the provider may have delivered it) and never resent.


export interface OutboxRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  enrollment_uid: string;
  channel: Channel;
  provider: string;
  phone_number: string;
  body: string;
  card_file: string | null;
  sms_encoding: string | null;
  sms_segments: number | null;
  sms_characters: number | null;
  status: OutboxStatus;
  attempts: number;
  provider_errors: number;
  next_attempt_at: string | null;
  send_started_at: string | null;
  media_id: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  /** Something the sender should know about a message that went out (e.g. the wallet link left out). */
  note: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export type NewOutboxRow = Pick<OutboxRow,
  'id' | 'idempotency_key' | 'request_hash' | 'enrollment_uid' | 'channel' | 'provider' | 'phone_number' | 'body' | 'card_file'
  | 'sms_encoding' | 'sms_segments' | 'sms_characters' | 'note'>;

export interface OutboxFilter { status?: OutboxStatus; channel?: Channel; enrollmentUid?: string; limit: number }

export interface OutboxStore {
  /** Stores a new message already claimed for its first attempt ("sending"); false when the key exists. */
  insertClaimed(row: NewOutboxRow, at: Date): boolean;
  get(id: string): OutboxRow | undefined;
  byKey(key: string): OutboxRow | undefined;
  /** queued → sending; false when another attempt got there first or the row is not queued. */
  claim(id: string, at: Date): boolean;
  /** Durably records that the delivering request is about to leave (see the header). */
  markSendStarted(id: string, at: Date): void;
  setMedia(id: string, mediaId: string, at: Date): void;
  setProvider(id: string, provider: string, at: Date): void;
  markSent(id: string, providerMessageId: string, at: Date): void;
  requeue(id: string, nextAttemptAt: Date, reason: string, providerError: boolean, at: Date): void;
  markFailed(id: string, reason: string, at: Date): void;
  markUnknown(id: string, reason: string, at: Date): void;
  /** After a restart: rows left "sending" by a process that died. */
  recoverInterrupted(at: Date): { requeued: number; unknown: number };
  due(at: Date, limit: number): string[];
  list(filter: OutboxFilter): OutboxRow[];
  counts(): Record<OutboxStatus, number>;
}

export const interruptedReason =
  'The app stopped while this message was being handed to the provider, so it may or may not have reached the person. ' +
  'It is not sent again automatically (each message is sent at most once): check with the person, and send the card again if needed.';

export function createOutboxStore(db: Database): OutboxStore {
  const ts = isoSeconds;
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const setStatus = (id: string, fields: string, args: unknown[], at: Date): void => {
    db.prepare(`UPDATE outbox SET ${fields}, updated_at = ? WHERE id = ?`).run(...args, ts(at), id);
  };
  /** One write whose commit is fsynced even though the store otherwise runs with synchronous = NORMAL. */
  const durably = (fn: () => void): void => {
    const previous = db.pragma('synchronous', { simple: true }) as number;
    db.pragma('synchronous = FULL');
    try {
      fn();
    } finally {
      db.pragma(`synchronous = ${previous}`);
    }
  };
  return {
    insertClaimed(row, at) {
      const r = db.prepare(`INSERT INTO outbox (id, idempotency_key, request_hash, enrollment_uid, channel, provider, phone_number, body, card_file,
          sms_encoding, sms_segments, sms_characters, note, status, attempts, created_at, updated_at)
        VALUES (@id, @idempotency_key, @request_hash, @enrollment_uid, @channel, @provider, @phone_number, @body, @card_file,
          @sms_encoding, @sms_segments, @sms_characters, @note, 'sending', 1, @at, @at)
        ON CONFLICT(idempotency_key) DO NOTHING`).run({ ...row, at: ts(at) });
      return r.changes === 1;
    },
    get: (id) => byId.get(id) as OutboxRow | undefined,
    byKey: (key) => db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?').get(key) as OutboxRow | undefined,
    claim(id, at) {
      return db.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, send_started_at = NULL, updated_at = ?
        WHERE id = ? AND status = 'queued'`).run(ts(at), id).changes === 1;
    },
    markSendStarted(id, at) {
      durably(() => setStatus(id, 'send_started_at = ?', [ts(at)], at));
    },
    setMedia: (id, mediaId, at) => setStatus(id, 'media_id = ?', [mediaId], at),
    setProvider: (id, provider, at) => setStatus(id, 'provider = ?', [provider], at),
    markSent: (id, providerMessageId, at) =>
      setStatus(id, `status = 'sent', provider_message_id = ?, sent_at = ?, next_attempt_at = NULL, last_error = NULL`, [providerMessageId, ts(at)], at),
    requeue: (id, next, reason, providerError, at) =>
      setStatus(id, `status = 'queued', next_attempt_at = ?, last_error = ?, send_started_at = NULL, provider_errors = provider_errors + ?`,
        [ts(next), reason, providerError ? 1 : 0], at),
    markFailed: (id, reason, at) => setStatus(id, `status = 'failed', last_error = ?, next_attempt_at = NULL`, [reason], at),
    markUnknown: (id, reason, at) => setStatus(id, `status = 'unknown', last_error = ?, next_attempt_at = NULL`, [reason], at),
    recoverInterrupted(at) {
      return db.transaction(() => {
        const requeued = db.prepare(`UPDATE outbox SET status = 'queued', next_attempt_at = ?, updated_at = ?,
            last_error = 'The app stopped before this message was handed to the provider; it is sent again.'
          WHERE status = 'sending' AND send_started_at IS NULL`).run(ts(at), ts(at)).changes;
        const unknown = db.prepare(`UPDATE outbox SET status = 'unknown', next_attempt_at = NULL, last_error = ?, updated_at = ?
          WHERE status = 'sending'`).run(interruptedReason, ts(at)).changes;
        return { requeued, unknown };
      })();
    },
    due: (at, limit) => (db.prepare(`SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(ts(at), limit) as { id: string }[]).map((r) => r.id),
    list({ status, channel, enrollmentUid, limit }) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (status) { where.push('status = ?'); args.push(status); }
      if (channel) { where.push('channel = ?'); args.push(channel); }
      if (enrollmentUid) { where.push('enrollment_uid = ?'); args.push(enrollmentUid); }
      return db.prepare(`SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .all(...args, limit) as OutboxRow[];
    },
    counts() {
      const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, unknown: 0 };
      for (const r of db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) out[r.status] = r.n;
      return out;
    },
  };
}
