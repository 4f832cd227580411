// Runs a tracker query against the population. The filtered, sorted result is cached per query (page and
// pageSize excluded) and population version, so walking 100 pages filters and sorts once.
import type { Enrollment, Population, TrackedEntity } from './population';
import type { AttributeFilter, OrderKey, TrackerQuery } from './tracker-query';

/** A tracked entity with the enrollment that matched (in the queried programme), or an enrollment with its TE. */
export interface Row {
  te: TrackedEntity;
  enrollment: Enrollment | undefined;
}

const caches = new WeakMap<Population, Map<string, Row[]>>();

export function select(pop: Population, q: TrackerQuery, newestFirst: boolean): Row[] {
  let cache = caches.get(pop);
  if (!cache) caches.set(pop, (cache = new Map()));
  const key = `${pop.version}|${newestFirst}|${JSON.stringify(q)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = q.resource === 'trackedEntities' ? trackedEntities(pop, q) : enrollments(pop, q);
  if (q.order.length) sortRows(rows, q.order, q.resource);
  else if (newestFirst) rows.reverse();
  if (cache.size >= 32) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, rows);
  return rows;
}

/** Org units in scope (null: the user's whole hierarchy, i.e. everything: the admin's root is the country). */
function scope(pop: Population, q: TrackerQuery): Set<string> | null {
  if (q.ouMode === 'ACCESSIBLE' || q.ouMode === 'CAPTURE' || q.ouMode === 'ALL') return null;
  const chosen = new Set(q.orgUnits);
  const out = new Set<string>();
  for (const o of pop.orgUnits) {
    if (chosen.has(o.id)) out.add(o.id);
    else if (q.ouMode === 'CHILDREN' && o.parentId && chosen.has(o.parentId)) out.add(o.id);
    else if (q.ouMode === 'DESCENDANTS' && o.path.split('/').some((p) => chosen.has(p))) out.add(o.id);
  }
  return out;
}

function inRange(value: string, after: string | undefined, before: string | undefined): boolean {
  return (after === undefined || value >= after) && (before === undefined || value <= before);
}

function matches(te: TrackedEntity, filters: AttributeFilter[]): boolean {
  for (const f of filters) {
    const raw = te.attributes.find((a) => a.attribute === f.attribute)?.value;
    const v = raw?.toLowerCase();
    const x = f.value.toLowerCase();
    let ok: boolean;
    switch (f.op) {
      case 'eq': case 'ieq': ok = v === x; break;
      case 'ne': case 'neq': ok = v !== x; break;
      case 'like': case 'ilike': ok = v !== undefined && v.includes(x); break;
      case 'sw': ok = v !== undefined && v.startsWith(x); break;
      case 'ew': ok = v !== undefined && v.endsWith(x); break;
      case 'in': ok = v !== undefined && x.split(';').includes(v); break;
      case 'gt': ok = v !== undefined && v > x; break;
      case 'ge': ok = v !== undefined && v >= x; break;
      case 'lt': ok = v !== undefined && v < x; break;
      case 'le': ok = v !== undefined && v <= x; break;
      case 'null': ok = v === undefined; break;
      case '!null': ok = v !== undefined; break;
      default: ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

function trackedEntities(pop: Population, q: TrackerQuery): Row[] {
  const inScope = scope(pop, q);
  const ids = q.trackedEntities ? new Set(q.trackedEntities) : null;
  const rows: Row[] = [];
  const keep = (te: TrackedEntity): boolean =>
    (q.includeDeleted || !te.deleted) && inRange(te.updatedAt, q.updatedAfter, q.updatedBefore) &&
    (!ids || ids.has(te.uid)) && (!q.filters.length || matches(te, q.filters));
  if (q.program) {
    const seen = new Set<TrackedEntity>();
    for (const row of pop.entries(q.program)) {
      const e = row.enrollment;
      if ((!q.includeDeleted && e.deleted) || (inScope && !inScope.has(e.orgUnit)) || (q.status && e.status !== q.status)) continue;
      if ((q.followUp !== undefined && e.followUp !== q.followUp) || !inRange(e.enrolledAt, q.enrolledAfter, q.enrolledBefore)) continue;
      if (!inRange(e.occurredAt, q.occurredAfter, q.occurredBefore) || !keep(row.te)) continue;
      // A person enrolled twice in the programme is still one tracked entity.
      if (row.te.enrollments.length > 1) {
        if (seen.has(row.te)) continue;
        seen.add(row.te);
      }
      rows.push(row);
    }
    return rows;
  }
  // No programme: tracked entities of the type, scoped by the org unit that registered them.
  for (const te of pop.trackedEntities) if ((!inScope || inScope.has(te.orgUnit)) && keep(te)) rows.push({ te, enrollment: undefined });
  return rows;
}

function enrollments(pop: Population, q: TrackerQuery): Row[] {
  const inScope = scope(pop, q);
  const ids = q.enrollments ? new Set(q.enrollments) : null;
  const tes = q.trackedEntities ? new Set(q.trackedEntities) : null;
  const programmes = q.program ? [q.program] : pop.programmes.filter((p) => p.programType === 'WITH_REGISTRATION').map((p) => p.id);
  const rows: Row[] = [];
  for (const program of programmes) {
    for (const row of pop.entries(program)) {
      const e = row.enrollment;
      if (!q.includeDeleted && (e.deleted || row.te.deleted)) continue;
      if ((inScope && !inScope.has(e.orgUnit)) || (q.status && e.status !== q.status) || (q.followUp !== undefined && e.followUp !== q.followUp)) continue;
      if (!inRange(e.enrolledAt, q.enrolledAfter, q.enrolledBefore) || !inRange(e.updatedAt, q.updatedAfter, q.updatedBefore)) continue;
      if ((ids && !ids.has(e.uid)) || (tes && !tes.has(row.te.uid))) continue;
      rows.push(row);
    }
  }
  return rows;
}

function sortValue(row: Row, key: OrderKey, resource: TrackerQuery['resource']): string {
  const target = resource === 'trackedEntities' ? row.te : row.enrollment;
  switch (key) {
    case 'createdAt': return target?.createdAt ?? '';
    case 'updatedAt': return target?.updatedAt ?? '';
    case 'enrolledAt': return row.enrollment?.enrolledAt ?? '';
    case 'completedAt': return row.enrollment?.completedAt ?? '';
    case 'inactive': return row.te.inactive ? '1' : '0';
    case 'uid': return target?.uid ?? '';
    default: return row.te.attributes.find((a) => a.attribute === key.slice(10))?.value ?? '\uffff';
  }
}

/** Sorts by the requested keys, ties broken by UID so that pages never overlap or skip. Sorted input (the
 * usual createdAt:asc on the creation-ordered index) is detected in one pass and left alone. */
function sortRows(rows: Row[], order: TrackerQuery['order'], resource: TrackerQuery['resource']): void {
  const uidOf = (row: Row): string => (resource === 'trackedEntities' ? row.te.uid : (row.enrollment?.uid ?? ''));
  const compare = (a: Row, b: Row): number => {
    for (const o of order) {
      const x = sortValue(a, o.key, resource);
      const y = sortValue(b, o.key, resource);
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
    }
    const u = uidOf(a);
    const v = uidOf(b);
    return u < v ? -1 : u > v ? 1 : 0;
  };
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) if (compare(rows[i - 1] as Row, rows[i] as Row) > 0) sorted = false;
  if (!sorted) rows.sort(compare);
}
