// /api/tracker/{trackedEntities,enrollments} and the legacy /api/{trackedEntityInstances,enrollments}: query,
// page, project, wrap in the version's envelope, serialise once.
import type { Attribute } from './metadata';
import type { Population } from './population';
import {
  defaultFields, enrollmentFields, legacyEnrollmentFields, legacyTrackedEntityFields, projector, trackedEntityFields, type JsonContext,
} from './tracker-json';
import { parsePaging, parseTrackerQuery, type Paging } from './tracker-query';
import { select } from './tracker-select';
import type { VersionTraits } from './versions';
import { ApiError, jsonListReply, jsonReply, withParam, type Params, type Reply } from './web';

export interface RouteContext {
  pop: Population;
  traits: VersionTraits;
  baseUrl: string;
  now: () => Date;
  attributeMeta: Map<string, Attribute>;
}

type Resource = 'trackedEntities' | 'enrollments';

function jsonContext(ctx: RouteContext, program: string | undefined, includeDeleted: boolean, allAttributes = false): JsonContext {
  return { pop: ctx.pop, traits: ctx.traits, visible: allAttributes ? null : ctx.pop.visibleAttributes(program), includeDeleted, attributeMeta: ctx.attributeMeta };
}

function checkMaxLimit(traits: VersionTraits, paging: Paging): void {
  if (paging.paged && traits.maxLimitSetting && paging.pageSize > 50_000) {
    throw new ApiError(traits.minor >= 41 ? 400 : 409, `Invalid page size: ${paging.pageSize}. It must not exceed the system limit of ${traits.maxLimitSetting} 50000.`);
  }
}

function pageOf<T>(rows: T[], paging: Paging): T[] {
  return paging.paged ? rows.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize) : rows;
}

/** The envelope of each version (dhis2-api.md §3.3), its list last and still empty (see jsonListReply). */
function trackerEnvelope(ctx: RouteContext, url: URL, key: Resource, paging: Paging, total: number): Record<string, unknown> {
  const items: unknown[] = [];
  const listKey = ctx.traits.envelope === 'instances' ? 'instances' : key;
  if (!paging.paged) return { [listKey]: items };
  const { page, pageSize } = paging;
  const totals = paging.totalPages ? { total, pageCount: Math.ceil(total / pageSize) } : {};
  switch (ctx.traits.envelope) {
    case 'instances':
      return { page, pageSize, ...(paging.totalPages ? { total } : {}), instances: items };
    case 'pager-and-flat':
      return { pager: { page, pageSize, ...totals }, page, pageSize, ...totals, [key]: items };
    default:
      return {
        pager: {
          page, pageSize, ...totals,
          ...(page > 1 ? { prevPage: withParam(ctx.baseUrl, url, 'page', String(page - 1)) } : {}),
          ...(total > page * pageSize ? { nextPage: withParam(ctx.baseUrl, url, 'page', String(page + 1)) } : {}),
        },
        [key]: items,
      };
  }
}

export function trackerList(ctx: RouteContext, url: URL, params: Params, resource: Resource): Reply {
  const query = parseTrackerQuery(params, ctx.traits, ctx.pop, resource, 'tracker', ctx.now());
  const paging = parsePaging(params, ctx.traits, 'tracker');
  checkMaxLimit(ctx.traits, paging);
  const rows = select(ctx.pop, query, ctx.traits.newestFirst);
  const page = pageOf(rows, paging);
  // 2.36/2.37 ignore `fields` and always send everything.
  const fields = ctx.traits.trackerFields ? (params.get('fields') ?? defaultFields[resource]) : '*';
  const json = jsonContext(ctx, query.program, query.includeDeleted);
  let items: unknown[];
  if (resource === 'trackedEntities') {
    const project = projector(trackedEntityFields, 'te', fields);
    items = page.map((r) => project(r.te, json));
  } else {
    const project = projector(enrollmentFields, 'enrollment', fields);
    items = page.flatMap((r) => (r.enrollment ? [project(r.enrollment, json)] : []));
  }
  return jsonListReply(200, trackerEnvelope(ctx, url, resource, paging, rows.length), items);
}

export function legacyList(ctx: RouteContext, url: URL, params: Params, resource: Resource): Reply {
  const query = parseTrackerQuery(params, ctx.traits, ctx.pop, resource, 'legacy', ctx.now());
  const paging = parsePaging(params, ctx.traits, 'legacy');
  if (resource === 'trackedEntities') checkMaxLimit(ctx.traits, paging);
  const rows = select(ctx.pop, query, false);
  const page = pageOf(rows, paging);
  const { page: n, pageSize, totalPages, paged } = paging;
  const fullPager = {
    page: n, pageCount: Math.ceil(rows.length / pageSize), total: rows.length, pageSize,
    ...(rows.length > n * pageSize ? { nextPage: withParam(ctx.baseUrl, url, 'page', String(n + 1)) } : {}),
    ...(n > 1 ? { prevPage: withParam(ctx.baseUrl, url, 'page', String(n - 1)) } : {}),
  };
  if (resource === 'trackedEntities') {
    const json = jsonContext(ctx, query.program, query.includeDeleted, params.bool('includeAllAttributes') ?? false);
    const project = projector(legacyTrackedEntityFields, 'tei', params.get('fields') ?? defaultFields.trackedEntityInstances);
    const items = page.map((r) => project(r.te, json));
    return jsonListReply(200, paged && totalPages ? { pager: fullPager, trackedEntityInstances: [] } : { trackedEntityInstances: [] }, items);
  }
  const json = jsonContext(ctx, query.program, query.includeDeleted);
  const project = projector(legacyEnrollmentFields, 'legacy-enrollment', params.get('fields') ?? defaultFields.legacyEnrollments);
  const items = page.flatMap((r) => (r.enrollment ? [project(r.enrollment, json)] : []));
  const slim = { page: n, pageSize, isLastPage: rows.length <= n * pageSize };
  return jsonListReply(200, paged ? { pager: totalPages ? fullPager : slim, enrollments: [] } : { enrollments: [] }, items);
}

/** GET /api/tracker/trackedEntities/{uid}, /api/tracker/enrollments/{uid} and their legacy twins. */
export function singleObject(ctx: RouteContext, params: Params, resource: Resource, uid: string, legacy: boolean): Reply {
  const includeDeleted = params.bool('includeDeleted') ?? false;
  const program = params.get('program') || undefined;
  const notFound = (what: string): ApiError =>
    new ApiError(404, legacy ? `${what} not found for ID ${uid}` : `${what} with id ${uid} could not be found.`, ctx.traits.notFoundErrorCode ? 'E1005' : undefined);
  const fieldsOr = (d: string): string => (ctx.traits.trackerFields || legacy ? (params.get('fields') ?? d) : '*');
  if (resource === 'trackedEntities') {
    const te = ctx.pop.trackedEntity(uid);
    if (!te || (te.deleted && !includeDeleted)) throw notFound(legacy ? 'TrackedEntityInstance' : 'TrackedEntity');
    const json = jsonContext(ctx, program, includeDeleted);
    return jsonReply(200, legacy
      ? projector(legacyTrackedEntityFields, 'tei', fieldsOr(defaultFields.trackedEntityInstances))(te, json)
      : projector(trackedEntityFields, 'te', fieldsOr(defaultFields.trackedEntities))(te, json));
  }
  const e = ctx.pop.enrollment(uid);
  if (!e || (e.deleted && !includeDeleted)) throw notFound('Enrollment');
  const json = jsonContext(ctx, e.program, includeDeleted);
  return jsonReply(200, legacy
    ? projector(legacyEnrollmentFields, 'legacy-enrollment', fieldsOr('*'))(e, json)
    : projector(enrollmentFields, 'enrollment', fieldsOr(defaultFields.enrollments))(e, json));
}
