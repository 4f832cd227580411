import type { Database, Statement } from 'better-sqlite3';
import { enrollmentWhere, type EnrollmentFilter } from '../cache/enrollment-query';
import { invalid } from '../errors';
import { parseQuery } from './search-keys';

// One search over every cached enrollment of a programme: the typed text read as name words (each the
// prefix of one of the person's name words, in any order), a phone, an MPI ID or a UID, and whatever
// matches any of these; the list filters (org unit with its descendants, dates, status); sorted most
// recent first or by name; paged by keyset (the last row's sort value and UID), so a page stays right
// while a sync writes and the hundredth page costs what the first does.

export type SearchSort = 'recent' | 'name';

export interface SearchRequest {
  filter: EnrollmentFilter;
  q?: string;
  sort: SearchSort;
  limit: number;
  after?: string;
  defaultCountry: string;
}

export interface FoundRow {
  enrollment_id: string;
  tracked_entity_id: string;
  enrollment_date: string | null;
  status: string | null;
  org_unit_id: string | null;
  org_unit_name: string | null;
  attributes: Record<string, string>;
  mpi_id: string | null;
  /** Other cached enrollments of the same person (same MPI ID or tracked entity). */
  other_enrollments: number;
  printed_at: string | null;
  sent_at: string | null;
  wallet_at: string | null;
}

export interface FoundPage {
  total: number;
  items: FoundRow[];
  next: string | null;
}

/** Where a page ended: the last row's sort value (null for an enrollment without a date) and UID. */
interface Cursor { sort: SearchSort; value: string | null; uid: string }

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.sort === 'name' ? 'n' : 'r', c.value, c.uid])).toString('base64url');

function decodeCursor(after: string, sort: SearchSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const ok = Array.isArray(parsed) && parsed.length === 3 && (parsed[0] === 'n' || parsed[0] === 'r')
    && (typeof parsed[1] === 'string' || (parsed[0] === 'r' && parsed[1] === null)) && typeof parsed[2] === 'string';
  if (!ok) throw invalid('after', 'is not the "next" of an earlier answer (copy it as it came)');
  const [kind, value, uid] = parsed as [string, string | null, string];
  const cursorSort: SearchSort = kind === 'n' ? 'name' : 'recent';
  if (cursorSort !== sort) throw invalid('after', `comes from a search sorted by ${cursorSort}, not ${sort}`);
  return { sort, value, uid };
}

const above = (s: string): string => `${s}\uffff`;

/** The enrollments a text matches, as one compound SELECT of enrollment rowids, or null when it matches by nothing. */
function matchSql(q: string, defaultCountry: string): { sql: string; args: string[] } | null {
  const parsed = parseQuery(q, defaultCountry);
  const parts: string[] = [];
  const args: string[] = [];
  const add = (sql: string, ...a: string[]): void => {
    if (parts.length) parts.push('UNION');
    parts.push(sql);
    args.push(...a);
  };
  // FTS5 prefix queries; the words are folded letters and the phone digits only, so quoting them is enough.
  if (parsed.words.length) add('SELECT rowid FROM search_fts WHERE search_fts MATCH ?', parsed.words.map((w) => `names : "${w}"*`).join(' AND '));
  if (parsed.phone) add('SELECT rowid FROM search_fts WHERE search_fts MATCH ?', `phones : "${parsed.phone}"*`);
  if (parsed.mpiPrefix) {
    add('SELECT e.rowid FROM mpi_links l JOIN enrollments e ON e.uid = l.enrollment_uid WHERE l.mpi_id >= ? AND l.mpi_id < ?', parsed.mpiPrefix, above(parsed.mpiPrefix));
    // An MPI ID merged into another person finds that person's enrollments.
    add(`SELECT e.rowid FROM mpi_aliases a JOIN mpi_links l ON l.mpi_id = a.mpi_id JOIN enrollments e ON e.uid = l.enrollment_uid
      WHERE a.alias_mpi_id >= ? AND a.alias_mpi_id < ?`, parsed.mpiPrefix, above(parsed.mpiPrefix));
  }
  if (parsed.uid) add('SELECT rowid FROM enrollments WHERE uid = ? UNION SELECT rowid FROM enrollments WHERE tracked_entity_uid = ?', parsed.uid, parsed.uid);
  return parts.length ? { sql: parts.join(' '), args } : null;
}

// Prepared once per SQL text and kept: a search has a few dozen shapes (number of words, filters, sort,
// page mark), and a statement prepared per call holds native memory until the garbage collector runs
// (measured: RSS grew 60 MB per thousand searches that way).
const statements = new WeakMap<Database, Map<string, Statement>>();
function prepared(db: Database, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) {
    if (byText.size >= 500) byText.clear(); // a bound, in case shapes multiply
    byText.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt;
}

/** Up to this many matches, the matches drive and are sorted; beyond, the sort index drives and probes them. */
const fewMatches = 2000;

type Detail = Omit<FoundRow, 'attributes'> & { attributes: string | null };

/** What a page shows of each of its rows, read only for those rows. */
function details(db: Database, uids: string[]): Map<string, FoundRow> {
  if (uids.length === 0) return new Map();
  const rows = prepared(db,
    `SELECT e.uid AS enrollment_id, e.tracked_entity_uid AS tracked_entity_id, e.enrollment_date, e.status,
       e.org_unit_uid AS org_unit_id, o.name AS org_unit_name, coalesce(e.attributes, t.attributes) AS attributes, l.mpi_id,
       (SELECT max(j.printed_at) FROM printed_cards pc JOIN print_jobs j ON j.job_id = pc.job_id WHERE pc.enrollment_uid = e.uid) AS printed_at,
       (SELECT max(x.sent_at) FROM outbox x WHERE x.enrollment_uid = e.uid AND x.status = 'sent') AS sent_at,
       (SELECT w.last_issued_at FROM wallet_passes w WHERE w.enrollment_uid = e.uid) AS wallet_at,
       (SELECT count(*) FROM (SELECT e2.uid FROM enrollments e2 WHERE e2.tracked_entity_uid = e.tracked_entity_uid
          UNION SELECT l2.enrollment_uid FROM mpi_links l2 JOIN enrollments e3 ON e3.uid = l2.enrollment_uid WHERE l2.mpi_id = l.mpi_id)
          WHERE uid <> e.uid) AS other_enrollments
     FROM enrollments e
     LEFT JOIN org_units o ON o.uid = e.org_unit_uid
     LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
     LEFT JOIN mpi_links l ON l.enrollment_uid = e.uid
     WHERE e.uid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(uids)) as Detail[];
  return new Map(rows.map((r) => [r.enrollment_id, { ...r, attributes: r.attributes ? (JSON.parse(r.attributes) as Record<string, string>) : {} }]));
}

export function searchEnrollments(db: Database, req: SearchRequest): FoundPage {
  const where = enrollmentWhere(req.filter);
  const cursor = req.after ? decodeCursor(req.after, req.sort) : undefined;
  let match: { sql: string; args: string[] } | null = null;
  if (req.q?.trim()) {
    match = matchSql(req.q, req.defaultCountry);
    if (!match) return { total: 0, items: [], next: null };
  }
  const matchArgs = match?.args ?? [];
  // A few matches: read them and sort (walking the sort index to find them would scan the programme,
  // measured 15 ms at 100k). Many: walk the indexes and probe the matches, stopping at the page's end; a
  // count of thousands is cheaper that way too (10 ms for 10k matches, against 25–47 ms reading each row).
  // FTS5 tells how many match (across programmes, an upper bound) in under a millisecond.
  const driven = match !== null && (prepared(db, `SELECT count(*) AS n FROM (${match.sql})`).get(...matchArgs) as { n: number }).n <= fewMatches;
  const from = match && driven ? `(${match.sql}) m CROSS JOIN enrollments e ON e.rowid = m.rowid` : 'enrollments e';
  const probe = match && !driven ? ` AND e.rowid IN (${match.sql})` : '';
  const fromArgs = driven ? matchArgs : [];
  const probeArgs = match && !driven ? matchArgs : [];
  const total = (prepared(db, `SELECT count(*) AS n FROM ${from} WHERE ${where.sql}${probe}`).get(...fromArgs, ...where.args, ...probeArgs) as { n: number }).n;

  const byName = req.sort === 'name';
  type Key = { uid: string; sort_value: string | null };
  const keys = (extra: string, order: string, args: string[], limit: number): Key[] => prepared(db,
    `SELECT e.uid, ${byName ? 's.sort_name' : 'e.enrollment_date'} AS sort_value
     FROM ${byName && !driven ? 'search_names s CROSS JOIN enrollments e ON e.uid = s.enrollment_uid' : from}
     ${byName && driven ? 'JOIN search_names s ON s.enrollment_uid = e.uid' : ''}
     WHERE ${where.sql}${byName && !driven ? ' AND s.programme_uid = e.programme_uid' : ''}${probe}${extra}
     ORDER BY ${order}
     LIMIT ?`,
  ).all(...fromArgs, ...where.args, ...probeArgs, ...args, limit) as Key[];

  let rows: Key[];
  if (byName) {
    rows = keys(cursor ? ' AND (s.sort_name, e.uid) > (?, ?)' : '', 's.sort_name, e.uid', cursor ? [cursor.value ?? '', cursor.uid] : [], req.limit + 1);
  } else {
    // Most recent first on the (programme, date, uid) index, then the few without a date: two ranges, each
    // read in index order, rather than one sort over every row.
    rows = [];
    if (!cursor || cursor.value !== null) {
      rows = keys(` AND e.enrollment_date IS NOT NULL${cursor ? ' AND (e.enrollment_date, e.uid) < (?, ?)' : ''}`, 'e.enrollment_date DESC, e.uid DESC',
        cursor ? [cursor.value ?? '', cursor.uid] : [], req.limit + 1);
    }
    if (rows.length <= req.limit) {
      const undated = cursor?.value === null;
      rows.push(...keys(` AND e.enrollment_date IS NULL${undated ? ' AND e.uid < ?' : ''}`, 'e.uid DESC', undated && cursor ? [cursor.uid] : [], req.limit + 1 - rows.length));
    }
  }

  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const shown = details(db, page.map((r) => r.uid));
  const last = page.at(-1);
  return {
    total,
    items: page.map((r) => shown.get(r.uid)).filter((r): r is FoundRow => r !== undefined),
    next: more && last ? encodeCursor({ sort: req.sort, value: last.sort_value, uid: last.uid }) : null,
  };
}
