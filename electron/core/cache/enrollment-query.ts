import type { Database } from 'better-sqlite3';

// Reading the cached enrollments of a programme with the filters people use: org unit (with everything
// under it), enrollment date range, status. Shared by the preview and, later, card generation.

export interface EnrollmentFilter {
  programmeUid: string;
  /** Path of the org unit to filter on (its own enrollments and its descendants'). */
  orgUnitPath?: string;
  fromDate?: string;
  toDate?: string;
  status?: string;
}

export interface EnrollmentRow {
  enrollment_id: string;
  tracked_entity_uid: string;
  enrollment_date: string | null;
  status: string | null;
  org_unit_uid: string | null;
  org_unit_name: string | null;
  attributes: Record<string, string>;
}

/** The WHERE clause (over `enrollments e`) of a filter, with its arguments. */
export function enrollmentWhere(f: EnrollmentFilter): { sql: string; args: (string | number)[] } {
  const parts = ['e.programme_uid = ?'];
  const args: (string | number)[] = [f.programmeUid];
  if (f.orgUnitPath) {
    parts.push(`e.org_unit_uid IN (SELECT uid FROM org_units WHERE path = ? OR substr(path, 1, ?) = ?)`);
    args.push(f.orgUnitPath, f.orgUnitPath.length + 1, `${f.orgUnitPath}/`);
  }
  if (f.fromDate) { parts.push('e.enrollment_date >= ?'); args.push(f.fromDate); }
  if (f.toDate) { parts.push('e.enrollment_date <= ?'); args.push(f.toDate); }
  if (f.status) { parts.push('e.status = ?'); args.push(f.status); }
  return { sql: parts.join(' AND '), args };
}

export function countEnrollments(db: Database, f: EnrollmentFilter): number {
  const w = enrollmentWhere(f);
  return (db.prepare(`SELECT count(*) AS n FROM enrollments e WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
}

/** Most recent enrollments first. */
export function listEnrollments(db: Database, f: EnrollmentFilter, limit: number, offset = 0): EnrollmentRow[] {
  const w = enrollmentWhere(f);
  const rows = db.prepare(
    `SELECT e.uid AS enrollment_id, e.tracked_entity_uid, e.enrollment_date, e.status, e.org_unit_uid, o.name AS org_unit_name,
       coalesce(e.attributes, t.attributes) AS attributes
     FROM enrollments e
     LEFT JOIN org_units o ON o.uid = e.org_unit_uid
     LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
     WHERE ${w.sql}
     ORDER BY e.enrollment_date DESC, e.uid DESC
     LIMIT ? OFFSET ?`,
  ).all(...w.args, limit, offset) as (Omit<EnrollmentRow, 'attributes'> & { attributes: string | null })[];
  return rows.map((r) => ({ ...r, attributes: r.attributes ? (JSON.parse(r.attributes) as Record<string, string>) : {} }));
}
