import { Dhis2Error } from './dhis2-error';
import type { Dhis2Http, Dhis2JsonBytes } from './http';
import { listItems, listTotal, parseOrgUnit, parseProgramme, type RemoteOrgUnit, type RemoteProgramme } from './parse';
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

// Attributes as UID and value only: their code, name and type come with the programme (a third less JSON to parse).
const teFieldsNew =
  'trackedEntity,orgUnit,updatedAt,deleted,attributes[attribute,value],' +
  'enrollments[enrollment,program,status,orgUnit,enrolledAt,occurredAt,updatedAt,deleted]';
const teFieldsLegacy =
  'trackedEntityInstance,orgUnit,lastUpdated,deleted,attributes[attribute,value],' +
  'enrollments[enrollment,program,status,orgUnit,enrollmentDate,incidentDate,lastUpdated,deleted]';

export interface Photo {
  bytes: Buffer;
  /** What the bytes are (read from their signature): image/jpeg, image/png, image/webp or image/gif. */
  contentType: string;
}

/** Photos above this are refused: an ID card needs a few hundred kilobytes at most. */
export const maxPhotoBytes = 5 * 1024 * 1024;

/** The format of an image from its first bytes (what Skia decodes), or null. */
export function imageType(bytes: Uint8Array): string | null {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'image/gif';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return 'image/webp';
  return null;
}

export interface Dhis2Client {
  /** Bytes received from DHIS2 by this client so far, as they crossed the wire. */
  readonly bytesReceived: number;
  systemInfo(): Promise<SystemInfo>;
  captureOrgUnits(): Promise<string[]>;
  programmes(): Promise<RemoteProgramme[]>;
  orgUnits(onPage?: (units: RemoteOrgUnit[]) => void): Promise<RemoteOrgUnit[]>;
  orgUnitCount(): Promise<number>;
  /** One page of tracked entities with their enrollments, unparsed (parseTrackerPage reads it where it is written). */
  trackerPage(dialect: TrackerDialect, q: TrackerPageQuery, signal?: AbortSignal): Promise<Dhis2JsonBytes>;
  /**
   * The file an IMAGE attribute of a tracked entity holds, as seen through the programme (original size).
   * Refuses anything that is not an image (Dhis2Error not_image) and files over maxPhotoBytes (too_large).
   */
  photo(dialect: TrackerDialect, trackedEntityUid: string, attributeUid: string, programmeUid: string): Promise<Photo>;
}

export function createDhis2Client(http: Dhis2Http): Dhis2Client {
  return {
    get bytesReceived() {
      return http.bytesReceived;
    },
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
        fields: 'id,displayName,programType,programTrackedEntityAttributes[mandatory,sortOrder,trackedEntityAttribute[id,code,displayName,valueType,unique,generated,optionSet[options[code,displayName]]]]',
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
    async trackerPage(dialect, q, signal) {
      const ou = q.orgUnits;
      const common = { program: q.programmeUid, includeDeleted: true, page: q.page, pageSize: q.pageSize, totalPages: q.withTotal ? true : undefined };
      const options = signal ? { signal } : {};
      if (dialect.legacy) {
        return http.getJsonBytes('trackedEntityInstances', {
          ...common,
          ...(ou.length ? { ou: ou.join(';'), ouMode: 'DESCENDANTS' } : { ouMode: 'ACCESSIBLE' }),
          lastUpdatedStartDate: q.updatedAfter ?? undefined,
          order: 'created:asc',
          fields: teFieldsLegacy,
        }, options);
      }
      const orgUnitParams = dialect.newOrgUnitParams
        ? ou.length ? { orgUnits: ou.join(','), orgUnitMode: 'DESCENDANTS' } : { orgUnitMode: 'ACCESSIBLE' }
        : ou.length ? { orgUnit: ou.join(';'), ouMode: 'DESCENDANTS' } : { ouMode: 'ACCESSIBLE' };
      return http.getJsonBytes('tracker/trackedEntities', {
        ...common,
        ...orgUnitParams,
        updatedAfter: q.updatedAfter ?? undefined,
        order: 'createdAt:asc',
        fields: teFieldsNew,
      }, options);
    },
    async photo(dialect, trackedEntityUid, attributeUid, programmeUid) {
      const te = encodeURIComponent(trackedEntityUid);
      const attribute = encodeURIComponent(attributeUid);
      // The new endpoint shows a programme's attributes only when asked through it; the legacy one has them all.
      // No `dimension`: the smaller sizes exist only for files DHIS2 stored in several sizes (a 400 otherwise).
      const path = dialect.imageApi === 'tracker' ? `tracker/trackedEntities/${te}/attributes/${attribute}/image` : `trackedEntityInstances/${te}/${attribute}/image`;
      const query = dialect.imageApi === 'tracker' ? { program: programmeUid } : {};
      const { bytes, contentType } = await http.getBytes(path, query, {
        maxBytes: maxPhotoBytes, accept: 'image/jpeg, image/png, image/webp, image/*;q=0.9, application/json;q=0.5',
      });
      const where = `${new URL(http.baseUrl).host}/api/${path}`;
      const type = imageType(bytes);
      // A declared image (or an untyped download) is taken when its bytes are one; anything else is refused.
      if (!type || !(contentType.startsWith('image/') || contentType === 'application/octet-stream' || contentType === '')) {
        throw new Dhis2Error('not_image', `${where} did not send an image (${contentType || 'no content type'}${type ? '' : ', unknown format'}): the photo of ${trackedEntityUid} is skipped.`);
      }
      return { bytes, contentType: type };
    },
  };
}

export { dialectOf };
