import type { Database } from 'better-sqlite3';
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

/** The enrollments a text matches, as one compound SELECT of enrollment UIDs, or null when it matches by nothing. */
function matchSql(q: string, programmeUid: string, defaultCountry: string): { sql: string; args: string[] } | null {
  const parsed = parseQuery(q, defaultCountry);
  const parts: string[] = [];
  const args: string[] = [];
  const key = (kind: 'name' | 'phone', prefix: string, end: string): void => {
    parts.push(`SELECT enrollment_uid FROM search_keys WHERE programme_uid = ? AND kind = '${kind}' AND key >= ? AND key < ?`);
    args.push(programmeUid, prefix, end);
  };
  if (parsed.words.length) {
    // Every word must match: INTERSECT first, since SQLite reads compound SELECTs left to right.
    parsed.words.forEach((w, i) => {
      key('name', w, above(w));
      if (i < parsed.words.length - 1) parts.push('INTERSECT');
    });
  }
  const union = (sql: string, ...a: string[]): void => {
    if (parts.length) parts.push('UNION');
    parts.push(sql);
    args.push(...a);
  };
  if (parsed.phone) {
    if (parts.length) parts.push('UNION');
    // ':' sorts right after '9': every key starting with these digits.
    key('phone', parsed.phone, `${parsed.phone}:`);
  }
  if (parsed.mpiPrefix) union('SELECT enrollment_uid FROM mpi_links WHERE mpi_id >= ? AND mpi_id < ?', parsed.mpiPrefix, above(parsed.mpiPrefix));
  if (parsed.uid) union('SELECT uid FROM enrollments WHERE uid = ? UNION SELECT uid FROM enrollments WHERE tracked_entity_uid = ?', parsed.uid, parsed.uid);
  return parts.length ? { sql: parts.join(' '), args } : null;
}

export function searchEnrollments(db: Database, req: SearchRequest): FoundPage {
  const where = enrollmentWhere(req.filter);
  const cursor = req.after ? decodeCursor(req.after, req.sort) : undefined;
  let match: { sql: string; args: string[] } | null = null;
  if (req.q?.trim()) {
    match = matchSql(req.q, req.filter.programmeUid, req.defaultCountry);
    if (!match) return { total: 0, items: [], next: null };
  }
  const withMatch = match ? `WITH m(uid) AS (${match.sql}) ` : '';
  const matchJoin = match ? 'JOIN m ON m.uid = e.uid' : '';
  const matchArgs = match?.args ?? [];

  const total = (db.prepare(`${withMatch}SELECT count(*) AS n FROM enrollments e ${matchJoin} WHERE ${where.sql}`)
    .get(...matchArgs, ...where.args) as { n: number }).n;

  const byName = req.sort === 'name';
  type Row = Omit<FoundRow, 'attributes'> & { attributes: string | null; sort_value: string | null };
  const select = (extra: string, order: string, args: string[], limit: number): Row[] => db.prepare(
    `${withMatch}SELECT e.uid AS enrollment_id, e.tracked_entity_uid AS tracked_entity_id, e.enrollment_date, e.status,
       e.org_unit_uid AS org_unit_id, o.name AS org_unit_name, coalesce(e.attributes, t.attributes) AS attributes,
       ${byName ? 's.sort_name' : 'e.enrollment_date'} AS sort_value, l.mpi_id,
       (SELECT max(j.printed_at) FROM printed_cards pc JOIN print_jobs j ON j.job_id = pc.job_id WHERE pc.enrollment_uid = e.uid) AS printed_at,
       (SELECT max(x.sent_at) FROM outbox x WHERE x.enrollment_uid = e.uid AND x.status = 'sent') AS sent_at,
       (SELECT count(*) FROM (SELECT e2.uid FROM enrollments e2 WHERE e2.tracked_entity_uid = e.tracked_entity_uid
          UNION SELECT l2.enrollment_uid FROM mpi_links l2 JOIN enrollments e3 ON e3.uid = l2.enrollment_uid WHERE l2.mpi_id = l.mpi_id)
          WHERE uid <> e.uid) AS other_enrollments
     FROM enrollments e ${matchJoin}
     ${byName ? 'JOIN search_names s ON s.enrollment_uid = e.uid' : ''}
     LEFT JOIN org_units o ON o.uid = e.org_unit_uid
     LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
     LEFT JOIN mpi_links l ON l.enrollment_uid = e.uid
     WHERE ${where.sql}${extra}
     ORDER BY ${order}
     LIMIT ?`,
  ).all(...matchArgs, ...where.args, ...args, limit) as Row[];

  let rows: Row[];
  if (byName) {
    rows = select(cursor ? ' AND (s.sort_name, e.uid) > (?, ?)' : '', 's.sort_name, e.uid', cursor ? [cursor.value ?? '', cursor.uid] : [], req.limit + 1);
  } else {
    // Most recent first on the (programme, date, uid) index, then the few without a date: two ranges, each
    // read in index order, rather than one sort over every match.
    rows = [];
    if (!cursor || cursor.value !== null) {
      rows = select(` AND e.enrollment_date IS NOT NULL${cursor ? ' AND (e.enrollment_date, e.uid) < (?, ?)' : ''}`, 'e.enrollment_date DESC, e.uid DESC',
        cursor ? [cursor.value ?? '', cursor.uid] : [], req.limit + 1);
    }
    if (rows.length <= req.limit) {
      const undated = cursor?.value === null;
      rows.push(...select(` AND e.enrollment_date IS NULL${undated ? ' AND e.uid < ?' : ''}`, 'e.uid DESC', undated && cursor ? [cursor.uid] : [], req.limit + 1 - rows.length));
    }
  }

  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const last = page.at(-1);
  return {
    total,
    items: page.map(({ sort_value: _sort, attributes, ...r }) => ({ ...r, attributes: attributes ? (JSON.parse(attributes) as Record<string, string>) : {} })),
    next: more && last ? encodeCursor({ sort: req.sort, value: last.sort_value, uid: last.enrollment_id }) : null,
  };
}
