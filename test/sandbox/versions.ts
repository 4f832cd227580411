// What changes between DHIS2 2.36 and 2.42, in one place (shared/dhis2-api.md §0 is the source).

export interface VersionTraits {
  /** As given, e.g. "2.41.2". */
  version: string;
  minor: number;
  revision: string;
  buildTime: string;
  /** Tracker list envelope: 2.36–2.40 `instances` + flat page; 2.41 `pager` + flat + named list; 2.42 `pager` only. */
  envelope: 'instances' | 'pager-and-flat' | 'pager';
  /** `orgUnit` (;) / `ouMode` accepted: up to 2.41 (deprecated in 2.41). */
  oldOrgUnitParams: boolean;
  /** `orgUnits` (,) / `orgUnitMode`: from 2.41. */
  newOrgUnitParams: boolean;
  /** `skipPaging`: up to 2.41. */
  skipPaging: boolean;
  /** `paging`: from 2.41. */
  pagingParam: boolean;
  /** 2.42: `enrollmentStatus` on tracked entities and `status` on enrollments (`programStatus` deprecated). */
  newStatusParams: boolean;
  /** `fields` honoured by /api/tracker/trackedEntities: from 2.38 (2.36/2.37 always send everything). */
  trackerFields: boolean;
  /** `orgUnitName` inside tracker enrollments: up to 2.40. */
  orgUnitName: boolean;
  /** /api/trackedEntityInstances and /api/enrollments: up to 2.41. */
  legacyApi: boolean;
  /** Personal access tokens: from 2.37. */
  personalAccessTokens: boolean;
  /** /api/loginConfig: from 2.41. */
  loginConfig: boolean;
  loginPath: string;
  /** /api/me: up to 2.37 username and userRoles live only in userCredentials; 2.38–2.41 both; 2.42 top level only. */
  meUserCredentials: 'only' | 'also' | 'none';
  /** Tracker query validation answers 409 (IllegalQueryException) up to 2.40, 400 (BadRequestException) after. */
  validationStatus: 400 | 409;
  /** System setting capping pageSize (default 50 000), or null before 2.39. */
  maxLimitSetting: string | null;
  /** 2.42 lists newest first by default; older versions by internal id ascending. */
  newestFirst: boolean;
  /** 2.42 adds errorCode E1005 to "could not be found" messages. */
  notFoundErrorCode: boolean;
}

const supported = /^2\.(3[6-9]|4[0-2])(?:\.(\d{1,3})(?:\.(\d{1,3}))?)?$/;

export const supportedVersions = ['2.36.13', '2.37.9', '2.38.4', '2.39.3', '2.40.5', '2.41.2', '2.42.1'];

/** Traits of a DHIS2 version string such as "2.41.2"; throws for anything outside 2.36–2.42. */
export function versionTraits(version: string): VersionTraits {
  const m = supported.exec(version);
  if (!m) throw new Error(`Unsupported DHIS2 version "${version}": the sandbox emulates 2.36.x to 2.42.x (e.g. ${supportedVersions.join(', ')}).`);
  const minor = Number(m[1]);
  const patch = Number(m[2] ?? 0);
  // A stable fake git revision and build time per version, as /api/system/info shows them.
  const revision = ((minor * 7919 + patch * 104_729) * 2_654_435_761 >>> 0).toString(16).padStart(8, '0').slice(0, 7);
  return {
    version, minor, revision,
    buildTime: `${[2021, 2021, 2022, 2022, 2023, 2024, 2025][minor - 36] ?? 2025}-0${1 + (patch % 9)}-1${patch % 10}T08:${10 + minor}:27.000`,
    envelope: minor <= 40 ? 'instances' : minor === 41 ? 'pager-and-flat' : 'pager',
    oldOrgUnitParams: minor <= 41,
    newOrgUnitParams: minor >= 41,
    skipPaging: minor <= 41,
    pagingParam: minor >= 41,
    newStatusParams: minor >= 42,
    trackerFields: minor >= 38,
    orgUnitName: minor <= 40,
    legacyApi: minor <= 41,
    personalAccessTokens: minor >= 37,
    loginConfig: minor >= 41,
    loginPath: minor <= 40 ? '/dhis-web-commons/security/login.action' : '/dhis-web-login/',
    meUserCredentials: minor <= 37 ? 'only' : minor <= 41 ? 'also' : 'none',
    validationStatus: minor <= 40 ? 409 : 400,
    maxLimitSetting: minor >= 41 ? 'KeyTrackedEntityMaxLimit' : minor >= 39 ? 'KeyTrackedEntityInstanceMaxLimit' : null,
    newestFirst: minor >= 42,
    notFoundErrorCode: minor >= 42,
  };
}
