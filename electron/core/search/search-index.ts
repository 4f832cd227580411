import type { Database } from 'better-sqlite3';
import type { ProgrammeMetadata } from '../api/contract/schemas/cache';
import { isoSeconds, type Clock } from '../clock';
import type { StoredMapping } from '../mapping/mapping-store';
import { nameWords, phoneKeys, sortName } from './search-keys';

// The search keys of the cached enrollments (folded name words and phone keys in an FTS5 table with the
// enrollment's rowid, a sort name), kept in SQLite beside them. Triggers on `enrollments` queue every written row in search_pending and drop the keys of a
// deleted one, so whatever writes the cache (a sync page, a test), nothing is missed; `catchUp` turns the
// queue into keys. Which attributes hold the name and the phone comes from the programme's mapping (or, before
// one, from the attributes' names and types); when that changes, the programme is queued again whole.
//
// Indexing is kept out of the sync's pages (measured: per page it made a 100k first sync three times
// slower, each page's random inserts rewriting much of the key tree): after a sync, a mapping change or at
// start, `schedule` indexes in the background in batches that leave the event loop free between them, and a
// search first indexes a bounded batch itself, so what a sync just wrote is findable at once.

export interface SearchFields {
  first: string[];
  last: string[];
  phone: string[];
}

export interface SearchIndexDeps {
  db: Database;
  clock: Clock;
  programme(uid: string): ProgrammeMetadata | undefined;
  mapping(programmeUid: string): StoredMapping[];
  defaultCountry(): string;
}

export interface SearchIndex {
  /**
   * Indexes up to `max` queued rows (all by default) in one transaction; returns how many it read. With `ifFree`,
   * indexes nothing (0) when another connection holds the write lock (a sync's page writer), instead of waiting.
   */
  catchUp(max?: number, ifFree?: boolean): number;
  /** Rows written but not yet findable (an upper bound: a row may be queued twice). */
  pending(): number;
  /** Indexes the queue in the background, a batch per turn of the event loop, until it is empty. */
  schedule(): void;
  /** Stops the background indexing (what is queued stays queued). */
  stop(): void;
  /** Resolves once the background indexing has emptied the queue. */
  idle(): Promise<void>;
  fields(programmeUid: string): SearchFields;
}

const nameLike = /\b(nom|prenom|prenoms|name|surname|first|last|given|family|firstname|lastname)\b/;
const lastLike = /\b(nom de famille|nom|surname|last|family|lastname)\b/;
const phoneLike = /\b(phone|telephone|tel|mobile|portable|cellulaire|gsm)\b/;
const fold = (s: string | null): string => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ');

/** The attributes a programme's people are found by: the mapped ones, or by their names and types before a mapping. */
export function searchFields(programme: ProgrammeMetadata | undefined, mapping: StoredMapping[]): SearchFields {
  const mapped = (field: string): string[] => mapping.filter((m) => m.card_field === field && m.attribute_uid).map((m) => m.attribute_uid as string);
  const out: SearchFields = { first: mapped('first_name'), last: mapped('last_name'), phone: mapped('phone_number') };
  const attributes = programme?.attributes ?? [];
  const label = (a: ProgrammeMetadata['attributes'][number]): string => `${fold(a.display_name)} ${fold(a.code)}`;
  if (out.first.length + out.last.length === 0) {
    for (const a of attributes) {
      if (a.value_type && a.value_type !== 'TEXT') continue;
      const l = label(a);
      if (!nameLike.test(l)) continue;
      (lastLike.test(l) && !/prenom|first|given/.test(l) ? out.last : out.first).push(a.uid);
    }
  }
  if (out.phone.length === 0) out.phone = attributes.filter((a) => a.value_type === 'PHONE_NUMBER' || phoneLike.test(label(a))).map((a) => a.uid);
  return out;
}

const batchSize = 2000;
/** Rows per background batch: a turn of the event loop of about 10 ms (2,000 rows held it 60-100 ms). */
const backgroundBatch = 250;
/** When a sync's page writer holds the write lock, the background tries again this much later, never waiting. */
const lockedRetryMs = 25;

const isBusy = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/** Runs `fn` with SQLite told not to wait for a lock: SQLITE_BUSY at once, rather than the event loop blocked
 *  while the page writer's thread finishes a transaction (up to a few hundred ms during a sync). */
function withoutWaiting<T>(db: Database, fn: () => T): T {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

export function createSearchIndex(deps: SearchIndexDeps): SearchIndex {
  const { db } = deps;
  const signatureOf = db.prepare('SELECT signature FROM search_state WHERE programme_uid = ?').pluck();
  const saveSignature = db.prepare(`INSERT INTO search_state (programme_uid, signature, indexed_at) VALUES (?, ?, ?)
    ON CONFLICT(programme_uid) DO UPDATE SET signature = excluded.signature, indexed_at = excluded.indexed_at`);
  const queueProgramme = db.prepare('INSERT INTO search_pending (enrollment_uid) SELECT uid FROM enrollments WHERE programme_uid = ?');
  // Enrollments are only cached for synced programmes; their list is small, unlike a DISTINCT over enrollments.
  const programmes = db.prepare('SELECT uid FROM programmes').pluck();
  // The queue in order; a row deleted since it was queued comes back without a programme and is passed over.
  const queued = db.prepare(`SELECT p.seq, p.enrollment_uid AS uid, e.rowid AS row, e.programme_uid, coalesce(e.attributes, t.attributes) AS attributes
    FROM search_pending p LEFT JOIN enrollments e ON e.uid = p.enrollment_uid LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
    ORDER BY p.seq LIMIT ?`);
  const dequeue = db.prepare('DELETE FROM search_pending WHERE seq <= ?');
  const dropKeys = db.prepare('DELETE FROM search_fts WHERE rowid = ?');
  const addKeys = db.prepare('INSERT INTO search_fts (rowid, names, phones) VALUES (?, ?, ?)');
  const setName = db.prepare(`INSERT INTO search_names (enrollment_uid, programme_uid, sort_name) VALUES (?, ?, ?)
    ON CONFLICT(enrollment_uid) DO UPDATE SET programme_uid = excluded.programme_uid, sort_name = excluded.sort_name`);
  const queueSize = db.prepare('SELECT count(*) FROM search_pending').pluck();
  const anyQueued = db.prepare('SELECT 1 FROM search_pending LIMIT 1').pluck();

  const fields = (programmeUid: string): SearchFields => searchFields(deps.programme(programmeUid), deps.mapping(programmeUid));
  const signature = (programmeUid: string): string => JSON.stringify({ v: 1, country: deps.defaultCountry(), ...fields(programmeUid) });
  const changed = (): string[] => (programmes.all() as string[]).filter((uid) => signatureOf.get(uid) !== signature(uid));

  /** A programme whose fields (or the office's country, for phones) changed since it was indexed is queued
   *  whole. One never indexed has every row queued already (by the triggers, or migration 10 for older rows). */
  const requeueChanged = (): void => {
    for (const uid of changed()) {
      if (signatureOf.get(uid) !== undefined) queueProgramme.run(uid);
      saveSignature.run(uid, signature(uid), isoSeconds(deps.clock.now()));
    }
  };

  const indexOne = (r: { uid: string; row: number; programme_uid: string }, values: Record<string, string>, f: SearchFields, country: string): void => {
    const of = (uids: string[]): string[] => uids.map((u) => values[u]).filter((v): v is string => typeof v === 'string' && v !== '');
    const first = of(f.first);
    const last = of(f.last);
    dropKeys.run(r.row);
    addKeys.run(r.row, nameWords([...first, ...last]).join(' '), of(f.phone).flatMap((p) => phoneKeys(p, country)).join(' '));
    setName.run(r.uid, r.programme_uid, sortName(last.join(' '), first.join(' ')));
  };

  const catchUpNow = db.transaction((max: number): number => {
    requeueChanged();
    const byProgramme = new Map<string, SearchFields>();
    const country = deps.defaultCountry();
    let read = 0;
    while (read < max) {
      const rows = queued.all(Math.min(batchSize, max - read)) as { seq: number; uid: string; row: number | null; programme_uid: string | null; attributes: string | null }[];
      if (rows.length === 0) break;
      const seen = new Set<string>();
      for (const r of rows) {
        if (r.programme_uid === null || r.row === null || seen.has(r.uid)) continue;
        seen.add(r.uid);
        let f = byProgramme.get(r.programme_uid);
        if (!f) byProgramme.set(r.programme_uid, (f = fields(r.programme_uid)));
        indexOne({ uid: r.uid, row: r.row, programme_uid: r.programme_uid }, r.attributes ? (JSON.parse(r.attributes) as Record<string, string>) : {}, f, country);
      }
      dequeue.run(rows.at(-1)?.seq ?? 0);
      read += rows.length;
    }
    return read;
  });

  let timer: NodeJS.Timeout | undefined;
  let waiting: (() => void)[] = [];
  const settle = (): void => {
    const done = waiting;
    waiting = [];
    for (const w of done) w();
  };
  const tick = (): void => {
    timer = undefined;
    try {
      if (withoutWaiting(db, () => catchUpNow(backgroundBatch)) > 0 || changed().length > 0) {
        timer = setTimeout(tick, 0);
        return;
      }
    } catch (err) {
      if (isBusy(err)) {
        timer = setTimeout(tick, lockedRetryMs);
        return;
      }
      // The database is closing (quit): what is queued stays queued for the next start or search.
    }
    settle();
  };

  return {
    catchUp(max = Number.POSITIVE_INFINITY, ifFree = false) {
      // The common case, nothing queued and nothing changed, costs a couple of reads.
      if (!anyQueued.get() && changed().length === 0) return 0;
      if (!ifFree) return catchUpNow(max);
      try {
        return withoutWaiting(db, () => catchUpNow(max));
      } catch (err) {
        if (isBusy(err)) return 0;
        throw err;
      }
    },
    pending: () => queueSize.get() as number,
    schedule() {
      timer ??= setTimeout(tick, 0);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      settle();
    },
    idle() {
      if (!timer) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    fields,
  };
}
