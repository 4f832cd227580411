// DHIS2 versions this client speaks, and the behaviour that changes between them (see shared/dhis2-api.md §0).

export interface Dhis2Version {
  raw: string;
  minor: number; // 41 for "2.41.2"
}

export const oldestSupported = 36;
export const newestKnown = 42;

export function parseVersion(raw: unknown): Dhis2Version | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)/.exec(raw.trim());
  if (!m || m[1] !== '2') return undefined;
  return { raw: raw.trim(), minor: Number(m[2]) };
}

export interface TrackerDialect {
  /** The legacy /api/trackedEntityInstances below 2.40, as DHIS2's Android SDK does. */
  legacy: boolean;
  /** orgUnits (comma) + orgUnitMode from 2.41; orgUnit (semicolon) + ouMode before. 2.42 ignores the old names silently. */
  newOrgUnitParams: boolean;
  /** 2.42 renamed programStatus to enrollmentStatus on tracked entities. */
  statusParam: 'programStatus' | 'enrollmentStatus';
  /** Personal access tokens exist from 2.37. */
  personalAccessTokens: boolean;
  /**
   * Where an IMAGE attribute's file comes from: /api/tracker/trackedEntities/{te}/attributes/{attribute}/image
   * from 2.41; the legacy /api/trackedEntityInstances/{tei}/{attribute}/image before (removed in 2.42).
   */
  imageApi: 'tracker' | 'legacy';
}

export function dialectOf(v: Dhis2Version): TrackerDialect {
  return {
    legacy: v.minor < 40,
    newOrgUnitParams: v.minor >= 41,
    statusParam: v.minor >= 42 ? 'enrollmentStatus' : 'programStatus',
    personalAccessTokens: v.minor >= 37,
    imageApi: v.minor >= 41 ? 'tracker' : 'legacy',
  };
}
