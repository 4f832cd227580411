import { Dhis2Error } from './dhis2-error';
import type { Dhis2Http } from './http';
import {
  listItems, listTotal, parseOrgUnit, parseProgramme, parseTrackedEntity,
  type RemoteOrgUnit, type RemoteProgramme, type RemoteTrackedEntity,
} from './parse';
import { dialectOf, newestKnown, oldestSupported, parseVersion, type Dhis2Version, type TrackerDialect } from './version';

export interface SystemInfo {
  version: Dhis2Version;
  /** The server's own clock, as it sends it (local time without zone): the next updatedAfter. */
  serverDate: string;
  timeZone: string | null;
}

export interface TrackerPageQuery {
  programmeUid: string;
  orgUnits: string[];
  updatedAfter: string | null;
  page: number;
  pageSize: number;
  withTotal: boolean;
}

export interface TrackerPage {
  entities: RemoteTrackedEntity[];
  /** Raw item count, to detect the last page the way every version allows (fewer than pageSize). */
  count: number;
  total: number | undefined;
}

const teFieldsNew =
  'trackedEntity,orgUnit,updatedAt,deleted,attributes[attribute,code,displayName,valueType,value],' +
  'enrollments[enrollment,program,status,orgUnit,enrolledAt,occurredAt,updatedAt,deleted]';
const teFieldsLegacy =
  'trackedEntityInstance,orgUnit,lastUpdated,deleted,attributes[attribute,code,displayName,valueType,value],' +
  'enrollments[enrollment,program,status,orgUnit,enrollmentDate,incidentDate,lastUpdated,deleted]';

export interface Dhis2Client {
  systemInfo(): Promise<SystemInfo>;
  captureOrgUnits(): Promise<string[]>;
  programmes(): Promise<RemoteProgramme[]>;
  orgUnits(onPage?: (units: RemoteOrgUnit[]) => void): Promise<RemoteOrgUnit[]>;
  orgUnitCount(): Promise<number>;
  trackerPage(dialect: TrackerDialect, q: TrackerPageQuery): Promise<TrackerPage>;
}

export function createDhis2Client(http: Dhis2Http): Dhis2Client {
  return {
    async systemInfo() {
      const body = (await http.getJson('system/info')) as Record<string, unknown>;
      const version = parseVersion(body.version);
      if (!version || typeof body.serverDate !== 'string') {
        throw new Dhis2Error('not_dhis2', `${http.baseUrl}/api/system/info did not describe a DHIS2 server (no version or server date).`);
      }
      if (version.minor < oldestSupported) {
        throw new Dhis2Error('unsupported_version', `This server runs DHIS2 ${version.raw}; the app needs 2.${oldestSupported} or newer (tested up to 2.${newestKnown}).`);
      }
      return { version, serverDate: body.serverDate, timeZone: typeof body.serverTimeZoneId === 'string' ? body.serverTimeZoneId : null };
    },
    async captureOrgUnits() {
      const body = await http.getJson('me', { fields: 'id,organisationUnits[id]' });
      return listItems(body, 'organisationUnits').flatMap((o) => {
        const id = (o as { id?: unknown }).id;
        return typeof id === 'string' ? [id] : [];
      });
    },
    async programmes() {
      const body = await http.getJson('programs', {
        filter: 'programType:eq:WITH_REGISTRATION',
        paging: false,
        fields: 'id,displayName,programType,programTrackedEntityAttributes[mandatory,sortOrder,trackedEntityAttribute[id,code,displayName,valueType,optionSet[options[code,displayName]]]]',
      });
      // Filtered on the server, and again here: a server that ignores the filter must not bring event programmes in.
      return listItems(body, 'programs').flatMap((p) => parseProgramme(p) ?? []).filter((p) => p.type === null || p.type === 'WITH_REGISTRATION');
    },
    async orgUnits(onPage) {
      const all: RemoteOrgUnit[] = [];
      for (let page = 1; page < 10_000; page++) {
        const body = await http.getJson('organisationUnits', { fields: 'id,displayName,code,level,path,parent[id]', page, pageSize: 1000 });
        const units = listItems(body, 'organisationUnits').flatMap((o) => parseOrgUnit(o) ?? []);
        onPage?.(units);
        all.push(...units);
        const pager = (body as { pager?: { pageCount?: number } }).pager;
        if (units.length < 1000 || (pager?.pageCount !== undefined && page >= pager.pageCount)) break;
      }
      return all;
    },
    async orgUnitCount() {
      const body = await http.getJson('organisationUnits', { fields: 'id', pageSize: 1 });
      return listTotal(body) ?? listItems(body, 'organisationUnits').length;
    },
    async trackerPage(dialect, q) {
      const ou = q.orgUnits;
      const common = { program: q.programmeUid, includeDeleted: true, page: q.page, pageSize: q.pageSize, totalPages: q.withTotal ? true : undefined };
      let body: unknown;
      if (dialect.legacy) {
        body = await http.getJson('trackedEntityInstances', {
          ...common,
          ...(ou.length ? { ou: ou.join(';'), ouMode: 'DESCENDANTS' } : { ouMode: 'ACCESSIBLE' }),
          lastUpdatedStartDate: q.updatedAfter ?? undefined,
          order: 'created:asc',
          fields: teFieldsLegacy,
        });
      } else {
        const orgUnitParams = dialect.newOrgUnitParams
          ? ou.length ? { orgUnits: ou.join(','), orgUnitMode: 'DESCENDANTS' } : { orgUnitMode: 'ACCESSIBLE' }
          : ou.length ? { orgUnit: ou.join(';'), ouMode: 'DESCENDANTS' } : { ouMode: 'ACCESSIBLE' };
        body = await http.getJson('tracker/trackedEntities', {
          ...common,
          ...orgUnitParams,
          updatedAfter: q.updatedAfter ?? undefined,
          order: 'createdAt:asc',
          fields: teFieldsNew,
        });
      }
      const items = listItems(body, 'trackedEntities', 'instances', 'trackedEntityInstances');
      return { entities: items.flatMap((t) => parseTrackedEntity(t) ?? []), count: items.length, total: listTotal(body) };
    },
  };
}

export { dialectOf };
