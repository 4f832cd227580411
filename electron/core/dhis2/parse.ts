// DHIS2 answers entering the core. Liberal in what is accepted (versions differ, old data is odd), strict
// in what comes out: every record gets the same internal shape, plus the problems found in it.

export type Json = Record<string, unknown>;

export const isUid = (v: string): boolean => /^[A-Za-z][A-Za-z0-9]{10}$/.test(v);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface RemoteAttribute {
  uid: string;
  code: string | null;
  displayName: string | null;
  valueType: string | null;
  mandatory: boolean;
  sortOrder: number;
  options: { code: string; name: string }[];
  /** DHIS2 refuses a value another tracked entity holds. */
  unique: boolean;
  /** Values come from a TextPattern (reserved values). */
  generated: boolean;
}

export interface RemoteProgramme {
  uid: string;
  name: string;
  type: string | null;
  attributes: RemoteAttribute[];
}

export interface RemoteOrgUnit {
  uid: string;
  name: string;
  code: string | null;
  level: number;
  path: string;
  parentUid: string | null;
}

export interface RemoteEnrollment {
  uid: string;
  programmeUid: string | null;
  orgUnitUid: string | null;
  status: string | null;
  enrolledAt: string | null;
  occurredAt: string | null;
  updatedAt: string | null;
  deleted: boolean;
  problems: string[];
}

export interface RemoteTrackedEntity {
  uid: string;
  orgUnitUid: string | null;
  updatedAt: string | null;
  deleted: boolean;
  /** attribute uid → value (DHIS2 sends every value as a string). */
  attributes: Record<string, string>;
  enrollments: RemoteEnrollment[];
  problems: string[];
}

/** The items of a list answer, whatever the version's envelope (instances / trackedEntities / legacy keys). */
export function listItems(body: unknown, ...keys: string[]): unknown[] {
  const o = obj(body);
  for (const k of keys) if (Array.isArray(o[k])) return o[k] as unknown[];
  return [];
}

/** The total, when the server gave one (pager.total or flat total, depending on the version). */
export function listTotal(body: unknown): number | undefined {
  const o = obj(body);
  const total = obj(o.pager).total ?? o.total;
  return typeof total === 'number' ? total : undefined;
}

export function parseProgramme(raw: unknown): RemoteProgramme | undefined {
  const p = obj(raw);
  const uid = str(p.id);
  if (!uid) return undefined;
  const attributes = arr(p.programTrackedEntityAttributes).flatMap((item, index): RemoteAttribute[] => {
    const ptea = obj(item);
    const tea = obj(ptea.trackedEntityAttribute);
    const attrUid = str(tea.id);
    if (!attrUid) return [];
    return [{
      uid: attrUid,
      code: str(tea.code),
      displayName: str(tea.displayName) ?? str(tea.name) ?? str(ptea.displayName),
      valueType: str(tea.valueType) ?? str(ptea.valueType),
      mandatory: ptea.mandatory === true,
      sortOrder: typeof ptea.sortOrder === 'number' ? ptea.sortOrder : index,
      options: arr(obj(tea.optionSet).options).flatMap((o) => {
        const code = str(obj(o).code);
        return code ? [{ code, name: str(obj(o).displayName) ?? str(obj(o).name) ?? code }] : [];
      }),
      unique: tea.unique === true,
      generated: tea.generated === true,
    }];
  });
  return { uid, name: str(p.displayName) ?? str(p.name) ?? uid, type: str(p.programType), attributes };
}

export function parseOrgUnit(raw: unknown): RemoteOrgUnit | undefined {
  const o = obj(raw);
  const uid = str(o.id);
  if (!uid) return undefined;
  const path = str(o.path) ?? `/${uid}`;
  const parts = path.split('/').filter(Boolean);
  const level = typeof o.level === 'number' ? o.level : parts.length;
  const parentUid = str(obj(o.parent).id) ?? (parts.length > 1 ? (parts[parts.length - 2] ?? null) : null);
  return { uid, name: str(o.displayName) ?? str(o.name) ?? uid, code: str(o.code), level, path, parentUid };
}

function parseEnrollment(raw: unknown): RemoteEnrollment | undefined {
  const e = obj(raw);
  const uid = str(e.enrollment);
  if (!uid) return undefined;
  const problems: string[] = [];
  if (!isUid(uid)) problems.push(`enrollment id "${uid}" is not a DHIS2 UID`);
  const enrolledAt = str(e.enrolledAt) ?? str(e.enrollmentDate);
  if (!enrolledAt) problems.push('no enrollment date');
  return {
    uid,
    programmeUid: str(e.program),
    orgUnitUid: str(e.orgUnit),
    status: str(e.status),
    enrolledAt,
    occurredAt: str(e.occurredAt) ?? str(e.incidentDate),
    updatedAt: str(e.updatedAt) ?? str(e.lastUpdated),
    deleted: e.deleted === true,
    problems,
  };
}

export function parseTrackedEntity(raw: unknown): RemoteTrackedEntity | undefined {
  const t = obj(raw);
  const uid = str(t.trackedEntity) ?? str(t.trackedEntityInstance);
  if (!uid) return undefined;
  const problems: string[] = [];
  if (!isUid(uid)) problems.push(`tracked entity id "${uid}" is not a DHIS2 UID`);
  const attributes: Record<string, string> = {};
  for (const a of arr(t.attributes)) {
    const attr = obj(a);
    const id = str(attr.attribute);
    const value = str(attr.value);
    if (id && value !== null) attributes[id] = value;
  }
  return {
    uid,
    orgUnitUid: str(t.orgUnit),
    updatedAt: str(t.updatedAt) ?? str(t.lastUpdated),
    deleted: t.deleted === true,
    attributes,
    enrollments: arr(t.enrollments).flatMap((e) => parseEnrollment(e) ?? []),
    problems,
  };
}

export interface TrackerPage {
  entities: RemoteTrackedEntity[];
  /** Raw item count, to detect the last page the way every version allows (fewer than pageSize). */
  count: number;
  total: number | undefined;
}

/** A page of tracked entities as any version wraps it; null when the text is not JSON. */
export function parseTrackerPage(text: string): TrackerPage | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const items = listItems(body, 'trackedEntities', 'instances', 'trackedEntityInstances');
  return { entities: items.flatMap((t) => parseTrackedEntity(t) ?? []), count: items.length, total: listTotal(body) };
}
