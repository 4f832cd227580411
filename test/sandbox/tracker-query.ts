// Request parameters of the tracker list endpoints, read the way each DHIS2 version reads them (dhis2-api.md §3–§4):
// names a version does not know are ignored, as Spring's binding ignores them (the 2.42 `orgUnit` trap).
import type { EnrollmentStatus, Population } from './population';
import { uidPattern } from './random';
import { parseDuration, parseParamDate, stamp } from './time';
import type { VersionTraits } from './versions';
import { ApiError, type Params } from './web';

export type OuMode = 'SELECTED' | 'CHILDREN' | 'DESCENDANTS' | 'ACCESSIBLE' | 'CAPTURE' | 'ALL';
export type OrderKey = 'createdAt' | 'updatedAt' | 'enrolledAt' | 'completedAt' | 'inactive' | 'uid' | `attribute:${string}`;

export interface AttributeFilter {
  attribute: string;
  op: string;
  value: string;
}

export interface TrackerQuery {
  resource: 'trackedEntities' | 'enrollments';
  program?: string;
  trackedEntityType?: string;
  trackedEntities?: string[];
  enrollments?: string[];
  orgUnits: string[];
  ouMode: OuMode;
  status?: EnrollmentStatus;
  followUp?: boolean;
  enrolledAfter?: string;
  enrolledBefore?: string;
  occurredAfter?: string;
  occurredBefore?: string;
  updatedAfter?: string;
  updatedBefore?: string;
  includeDeleted: boolean;
  filters: AttributeFilter[];
  order: { key: OrderKey; desc: boolean }[];
}

export interface Paging {
  paged: boolean;
  page: number;
  pageSize: number;
  totalPages: boolean;
}

export type Dialect = 'tracker' | 'legacy';
const modes: OuMode[] = ['SELECTED', 'CHILDREN', 'DESCENDANTS', 'ACCESSIBLE', 'CAPTURE', 'ALL'];
const statuses: EnrollmentStatus[] = ['ACTIVE', 'COMPLETED', 'CANCELLED'];

/** One of a deprecated/new parameter pair (2.41 accepts both names, but not both at once). */
function pair(p: Params, traits: VersionTraits, oldName: string, newName: string, uids?: 'uids'): string | undefined {
  const old = traits.oldOrgUnitParams ? p.get(oldName) : undefined;
  const neu = traits.newOrgUnitParams ? p.get(newName) : undefined;
  if (old !== undefined && neu !== undefined) {
    const what = uids ? `'${oldName}' (deprecated; semicolon separated UIDs) and '${newName}' (comma separated UIDs)` : `'${oldName}' and '${newName}'`;
    throw new ApiError(400, `Only one parameter of ${what} must be specified. Prefer '${newName}' as '${oldName}' will be removed.`);
  }
  return neu ?? old;
}

function uidList(value: string | undefined, separator: RegExp): string[] | undefined {
  return value === undefined ? undefined : value.split(separator).map((s) => s.trim()).filter(Boolean);
}

export function parsePaging(p: Params, traits: VersionTraits, dialect: Dialect): Paging {
  let page = p.int('page');
  let pageSize = p.int('pageSize');
  const totalPages = p.bool('totalPages') ?? false;
  const skip = traits.skipPaging || dialect === 'legacy' ? p.bool('skipPaging') : undefined;
  const paging = traits.pagingParam || dialect === 'legacy' ? p.bool('paging') : undefined;
  if (dialect === 'tracker' && traits.minor >= 41) {
    if (paging !== undefined && skip !== undefined && paging === skip) {
      throw new ApiError(400, "Only one parameter of 'skipPaging' and 'paging' must be specified. Prefer 'paging' as 'skipPaging' will be removed.");
    }
    if ((paging === false || skip === true) && (page !== undefined || pageSize !== undefined || totalPages)) {
      throw new ApiError(400, 'Paging cannot be skipped with paging=false while also requesting a paginated response with page, pageSize and/or totalPages=true');
    }
    if (page !== undefined && page < 1) throw new ApiError(400, 'page must be greater than or equal to 1 if specified');
    if (pageSize !== undefined && pageSize < 1) throw new ApiError(400, 'pageSize must be greater than or equal to 1 if specified');
  }
  // Up to 2.40 (and on the legacy endpoints) out-of-range values fall back to the defaults.
  if (page === undefined || page < 1) page = 1;
  if (pageSize === undefined || pageSize < 1) pageSize = 50;
  return { paged: !(paging === false || skip === true), page, pageSize, totalPages };
}

function date(p: Params, name: string): string | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  const parsed = parseParamDate(v);
  if (!parsed) throw new ApiError(400, `Value '${v}' is not valid for parameter ${name}. It should be of type Date`);
  return parsed;
}

function order(p: Params, traits: VersionTraits, dialect: Dialect, resource: TrackerQuery['resource']): TrackerQuery['order'] {
  const raw = p.all('order').flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const names: Record<string, OrderKey> = {
    createdAt: 'createdAt', createdAtClient: 'createdAt', updatedAt: 'updatedAt', updatedAtClient: 'updatedAt',
    enrolledAt: 'enrolledAt', inactive: 'inactive', completedAt: 'completedAt',
    ...(resource === 'trackedEntities' ? { trackedEntity: 'uid' } : { enrollment: 'uid' }),
    ...(dialect === 'legacy'
      ? { created: 'createdAt', lastUpdated: 'updatedAt', enrollmentDate: 'enrolledAt', trackedEntityInstance: 'uid', completedDate: 'completedAt' }
      : {}),
  };
  const out: TrackerQuery['order'] = [];
  const invalid: string[] = [];
  for (const item of raw) {
    const [name = '', dir = 'asc'] = item.split(':');
    const key = names[name] ?? (resource === 'trackedEntities' && uidPattern.test(name) ? (`attribute:${name}` as const) : undefined);
    if (key) out.push({ key, desc: /^desc$/i.test(dir) });
    else invalid.push(name);
  }
  if (invalid.length && dialect === 'tracker' && traits.minor >= 41) {
    const supported = Object.keys(names).sort().join(', ');
    throw new ApiError(400, `order parameter is invalid. '${invalid.join(', ')}' are either unsupported fields and/or invalid UID(s). ` +
      `Supported are tracked entity attribute UIDs and fields '${supported}'. All of which can at most be specified once.`);
  }
  return out;
}

function filters(p: Params, traits: VersionTraits, pop: Population, names: string[]): AttributeFilter[] {
  const out: AttributeFilter[] = [];
  for (const raw of names.flatMap((n) => p.all(n)).flatMap((f) => f.split(/(?<!\/),/))) {
    const parts = raw.split(/(?<!\/):/).map((s) => s.replace(/\/([:,/])/g, '$1'));
    const [attribute = '', ...rest] = parts;
    if (!pop.attributes.some((a) => a.id === attribute)) throw new ApiError(traits.validationStatus, `Attribute does not exist: ${attribute}`);
    for (let i = 0; i + 1 < rest.length; i += 2) out.push({ attribute, op: (rest[i] ?? '').toLowerCase(), value: rest[i + 1] ?? '' });
  }
  return out;
}

/** Org units and mode: `orgUnit`/`ouMode` (;) up to 2.41, `orgUnits`/`orgUnitMode` (,) from 2.41, `ou` on legacy endpoints. */
function orgUnitSelection(p: Params, traits: VersionTraits, legacy: boolean): { orgUnits: string[]; ouMode: OuMode } {
  const value = legacy ? p.get('ou') : pair(p, traits, 'orgUnit', 'orgUnits', 'uids');
  const commas = !legacy && traits.newOrgUnitParams && p.get('orgUnits') !== undefined;
  const orgUnits = uidList(value, commas ? /,/ : /;/) ?? [];
  const modeValue = legacy ? p.get('ouMode') : pair(p, traits, 'ouMode', 'orgUnitMode');
  if (modeValue !== undefined && !modes.includes(modeValue.toUpperCase() as OuMode)) {
    const name = legacy || !traits.newOrgUnitParams ? 'ouMode' : 'orgUnitMode';
    throw new ApiError(400, `Value '${modeValue}' is not valid for parameter ${name}. Valid values are: [${modes.join(', ')}]`);
  }
  let ouMode = modeValue?.toUpperCase() as OuMode | undefined;
  if (!legacy && traits.minor >= 41) {
    if (ouMode && orgUnits.length && (ouMode === 'ACCESSIBLE' || ouMode === 'CAPTURE')) {
      throw new ApiError(400, `orgUnitMode ${ouMode} cannot be used with orgUnits. Please remove the orgUnit parameter and try again.`);
    }
    if (ouMode && !orgUnits.length && ['SELECTED', 'CHILDREN', 'DESCENDANTS'].includes(ouMode)) {
      throw new ApiError(400, `At least one org unit is required for orgUnitMode: ${ouMode}. Please add an orgUnit or use a different orgUnitMode.`);
    }
    return { orgUnits, ouMode: ouMode ?? (orgUnits.length ? 'SELECTED' : 'ACCESSIBLE') };
  }
  // Up to 2.40 (and on the legacy endpoints) the mode defaults to SELECTED, which needs an org unit.
  ouMode ??= 'SELECTED';
  if (!orgUnits.length && !['ACCESSIBLE', 'CAPTURE', 'ALL'].includes(ouMode)) throw new ApiError(409, 'At least one organisation unit must be specified');
  return { orgUnits, ouMode };
}

/** UID lists: `trackedEntity`/`enrollment` (;) up to 2.41, `trackedEntities`/`enrollments` (,) from 2.41. */
function uids(p: Params, traits: VersionTraits, legacy: boolean, singular: string, plural: string): string[] | undefined {
  if (legacy || !traits.newOrgUnitParams) return uidList(p.get(legacy && singular === 'trackedEntity' ? 'trackedEntityInstance' : singular), /;/);
  return uidList(pair(p, traits, singular, plural, 'uids'), p.has(plural) ? /,/ : /;/);
}

/** Reads the query of /api/tracker/trackedEntities or /api/tracker/enrollments (dialect 'tracker'), or of the legacy endpoints. */
export function parseTrackerQuery(p: Params, traits: VersionTraits, pop: Population, resource: TrackerQuery['resource'], dialect: Dialect, now: Date): TrackerQuery {
  const te = resource === 'trackedEntities';
  const legacy = dialect === 'legacy';
  const conflict = traits.validationStatus;
  const program = p.get('program') || undefined;
  const trackedEntityType = p.get('trackedEntityType') || undefined;
  const { orgUnits, ouMode } = orgUnitSelection(p, traits, legacy);
  const trackedEntities = uids(p, traits, legacy, 'trackedEntity', 'trackedEntities');
  const enrollments = te ? undefined : uids(p, traits, legacy, 'enrollment', 'enrollments');
  if (te && !program && !trackedEntityType && !trackedEntities?.length) {
    throw legacy || traits.minor <= 40
      ? new ApiError(409, 'Either Program or Tracked entity type should be specified')
      : new ApiError(400, 'Either `program`, `trackedEntityType` or `trackedEntities` should be specified');
  }
  if (program && !pop.programme(program)) throw new ApiError(conflict, `Program is specified but does not exist: ${program}`);
  if (trackedEntityType && trackedEntityType !== pop.metadata.trackedEntityType.id) {
    throw new ApiError(conflict, `Tracked entity type is specified but does not exist: ${trackedEntityType}`);
  }
  for (const ou of orgUnits) if (!pop.orgUnit(ou)) throw new ApiError(conflict, `Organisation unit does not exist: ${ou}`);
  // Status: programStatus everywhere (deprecated in 2.42), enrollmentStatus (TEs) / status (enrollments) in 2.42.
  const newStatus = te ? 'enrollmentStatus' : 'status';
  const statusParam = !legacy && traits.newStatusParams && p.get(newStatus) !== undefined ? newStatus : 'programStatus';
  if (!legacy && traits.newStatusParams && p.get(newStatus) !== undefined && p.get('programStatus') !== undefined) {
    throw new ApiError(400, `Only one parameter of 'programStatus' and '${newStatus}' must be specified. Prefer '${newStatus}' as 'programStatus' will be removed.`);
  }
  const statusValue = p.get(statusParam);
  if (statusValue !== undefined && !statuses.includes(statusValue as EnrollmentStatus)) {
    throw new ApiError(400, `Value '${statusValue}' is not valid for parameter ${statusParam}. Valid values are: [${statuses.join(', ')}]`);
  }
  const afterName = te && !legacy ? 'enrollmentEnrolledAfter' : legacy ? 'programStartDate' : 'enrolledAfter';
  const beforeName = te && !legacy ? 'enrollmentEnrolledBefore' : legacy ? 'programEndDate' : 'enrolledBefore';
  const q: TrackerQuery = {
    resource, orgUnits, ouMode, includeDeleted: p.bool('includeDeleted') ?? false,
    filters: te ? filters(p, traits, pop, legacy ? ['filter', 'attribute'] : ['filter']) : [],
    order: order(p, traits, dialect, resource),
  };
  if (program) q.program = program;
  if (trackedEntityType) q.trackedEntityType = trackedEntityType;
  if (trackedEntities?.length) q.trackedEntities = trackedEntities;
  if (enrollments?.length) q.enrollments = enrollments;
  if (statusValue) q.status = statusValue as EnrollmentStatus;
  const followUp = p.bool('followUp');
  if (followUp !== undefined) q.followUp = followUp;
  const set = (key: 'enrolledAfter' | 'enrolledBefore' | 'occurredAfter' | 'occurredBefore' | 'updatedAfter' | 'updatedBefore', name: string): void => {
    const v = date(p, name);
    if (v !== undefined) q[key] = v;
  };
  set('enrolledAfter', afterName);
  set('enrolledBefore', beforeName);
  if (te && !legacy) {
    set('occurredAfter', 'enrollmentOccurredAfter');
    set('occurredBefore', 'enrollmentOccurredBefore');
  }
  set('updatedAfter', legacy ? (te ? 'lastUpdatedStartDate' : 'lastUpdated') : 'updatedAfter');
  set('updatedBefore', legacy ? 'lastUpdatedEndDate' : 'updatedBefore');
  const within = p.get(legacy ? 'lastUpdatedDuration' : 'updatedWithin');
  if (within) {
    const ms = parseDuration(within);
    if (ms === undefined) throw new ApiError(400, `Value '${within}' is not a valid ISO 8601 duration`);
    q.updatedAfter = stamp(now.getTime() - ms);
  }
  if (!program && (q.status || q.followUp !== undefined || q.enrolledAfter || q.enrolledBefore)) {
    throw new ApiError(conflict, `Program must be defined when ${q.status ? statusParam : q.followUp !== undefined ? 'followUp' : 'enrollment dates'} are defined`);
  }
  return q;
}
