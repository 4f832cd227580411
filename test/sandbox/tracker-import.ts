// Writing tracked-entity attributes, as DHIS2 2.36–2.42 answers it (shared/dhis2-api.md §9): the tracker
// importer POST /api/tracker (sync with async=false, else a job whose report is fetched later) and the legacy
// PUT/POST /api/trackedEntityInstances (up to 2.41). Only tracked entities are imported here: what an office
// writing an MPI ID back sends. Validation codes, messages, report shapes and HTTP statuses follow the version.
import type { SandboxUserInfo } from './auth';
import type { Attribute } from './metadata';
import type { Population, TrackedEntity } from './population';
import { stamp } from './time';
import type { VersionTraits } from './versions';
import { ApiError, jsonReply, webMessage, type Params, type Reply } from './web';

export interface ImportContext {
  pop: Population;
  traits: VersionTraits;
  now: () => Date;
  baseUrl: string;
  user: SandboxUserInfo;
}

interface ErrorEntry { code: string; message: string; args: string[]; uid: string }

interface ImportState {
  jobs: Map<string, { report: Record<string, unknown>; at: string }>;
  /** Unique attribute → value → tracked entity holding it, valid for one population version. */
  unique: { version: number; byAttribute: Map<string, Map<string, string>> } | null;
  nextJob: number;
}
const states = new WeakMap<Population, ImportState>();
const stateOf = (pop: Population): ImportState => {
  let s = states.get(pop);
  if (!s) states.set(pop, (s = { jobs: new Map(), unique: null, nextJob: 0 }));
  return s;
};

const uidPattern = /^[A-Za-z][A-Za-z0-9]{10}$/;
const strategies = ['CREATE', 'UPDATE', 'CREATE_AND_UPDATE', 'DELETE'] as const;

/** The value's holder among live tracked entities, for a unique attribute. */
function holderOf(c: ImportContext, attribute: string, value: string): string | undefined {
  const s = stateOf(c.pop);
  if (!s.unique || s.unique.version !== c.pop.version) {
    const byAttribute = new Map<string, Map<string, string>>();
    const uniques = new Set(c.pop.attributes.filter((a) => a.unique).map((a) => a.id));
    for (const te of c.pop.trackedEntities) {
      if (te.deleted) continue;
      for (const v of te.attributes) {
        if (!uniques.has(v.attribute)) continue;
        let m = byAttribute.get(v.attribute);
        if (!m) byAttribute.set(v.attribute, (m = new Map()));
        m.set(v.value, te.uid);
      }
    }
    s.unique = { version: c.pop.version, byAttribute };
  }
  return s.unique.byAttribute.get(attribute)?.get(value);
}

/** DHIS2's message templates, as each version words them (§9.3). */
function message(c: ImportContext, code: string, args: string[]): string {
  const m = c.traits.minor;
  const [a = '', b = ''] = args;
  const comma = m >= 42 ? '' : ',';
  const te = m >= 41 ? 'TrackedEntity' : 'TrackedEntityInstance';
  switch (code) {
    case 'E1064': return `Non-unique attribute value \`${a}\` for attribute \`${b}\`${m >= 42 ? '.' : ''}`;
    case 'E1063': return `${te}: \`${a}\`, does not exist.`;
    case 'E1002': return `${te}: \`${a}\`, already exists.`;
    case 'E1114': return m >= 42 ? `TrackedEntity: \`${a}\` is already deleted and cannot be modified.` : `TrackedEntity: \`${a}\`, is already deleted and ${m >= 37 ? 'cannot' : "can't"} be modified.`;
    case 'E1000': return `User: \`${a}\`${comma} has no write access to OrganisationUnit: \`${b}\`.`;
    case 'E1001': return `User: \`${a}\`${comma} has no data write access to TrackedEntityType: \`${b}\`.`;
    case 'E1003': return m <= 38 ? `OrganisationUnit: \`${b}\` of TrackedEntity is outside search scope of User: \`${a}\`.` : `User: \`${a}\`${comma} has no write access to TrackedEntity: \`${b}\`.`;
    case 'E1006': return `Attribute: \`${a}\`${comma} does not exist.`;
    case 'E1121': return `Missing required tracked entity property: \`${a}\`.`;
    case 'E1126': return `Not allowed to update Tracked Entity property: ${a}.`;
    default: return code;
  }
}

interface TePayload { trackedEntity?: unknown; trackedEntityType?: unknown; orgUnit?: unknown; inactive?: unknown; geometry?: unknown; attributes?: unknown }
interface AttributeInput { attribute: string; value: string | null }

/** What writing one tracked entity would do, or why it may not. */
function check(c: ImportContext, t: TePayload, strategy: (typeof strategies)[number]): { errors: ErrorEntry[]; te?: TrackedEntity; attrs: AttributeInput[]; uid: string } {
  const errors: ErrorEntry[] = [];
  const uid = typeof t.trackedEntity === 'string' ? t.trackedEntity : '';
  const add = (code: string, ...args: string[]): void => { errors.push({ code, message: message(c, code, args), args, uid }); };
  const attrs: AttributeInput[] = Array.isArray(t.attributes)
    ? t.attributes.map((a) => ({ attribute: String((a as { attribute?: unknown }).attribute ?? ''), value: (a as { value?: unknown }).value == null ? null : String((a as { value?: unknown }).value) }))
    : [];
  if (typeof t.trackedEntityType !== 'string' || !t.trackedEntityType) add('E1121', 'trackedEntityType');
  if (typeof t.orgUnit !== 'string' || !t.orgUnit) add('E1121', 'orgUnit');
  const te = uid ? c.pop.trackedEntity(uid) : undefined;
  if (te && !te.deleted && strategy === 'CREATE') add('E1002', uid);
  else if ((!te || !uid) && strategy === 'UPDATE') add('E1063', uid);
  else if (te?.deleted) add('E1114', uid);
  if (te && !te.deleted && typeof t.trackedEntityType === 'string' && c.traits.minor >= 38 && t.trackedEntityType !== te.trackedEntityType) add('E1126', 'trackedEntityType');
  if (!c.user.canWrite && errors.length === 0) {
    // A user who may read but not write (§9.6): how each version says it.
    const orgUnit = String(t.orgUnit ?? te?.orgUnit ?? '');
    const tet = String(t.trackedEntityType ?? '');
    if (c.traits.minor === 36) add('E1000', c.user.username, orgUnit);
    if (c.traits.minor <= 38) add('E1001', c.user.username, tet);
    else add('E1003', c.user.username, uid);
  }
  for (const a of attrs) {
    const meta = c.pop.attributes.find((x) => x.id === a.attribute);
    if (!meta) {
      add('E1006', a.attribute);
      continue;
    }
    if (meta.unique && a.value) {
      const holder = holderOf(c, meta.id, a.value);
      if (holder && holder !== uid) add('E1064', a.value, meta.id);
    }
  }
  return { errors, ...(te ? { te } : {}), attrs, uid };
}

/** Writes the values listed (null or empty: removed) and the scalar fields sent, as DHIS2's persister does. */
function apply(c: ImportContext, te: TrackedEntity, t: TePayload, attrs: AttributeInput[]): void {
  const at = stamp(c.now().getTime());
  for (const { attribute, value } of attrs) {
    const i = te.attributes.findIndex((v) => v.attribute === attribute);
    if (!value) {
      if (i >= 0) te.attributes.splice(i, 1);
    } else if (i >= 0) {
      const current = te.attributes[i]!;
      if (current.value !== value) te.attributes[i] = { ...current, value, updatedAt: at, storedBy: c.user.username };
    } else {
      te.attributes.push({ attribute, value, createdAt: at, updatedAt: at, storedBy: c.user.username });
    }
    c.pop.writes.push({ trackedEntity: te.uid, attribute, value: value || null, at, username: c.user.username });
  }
  // The tracked entity's own fields come from the payload: an importer that leaves them out resets them.
  if (typeof t.orgUnit === 'string') te.orgUnit = t.orgUnit;
  te.inactive = t.inactive === true;
  const coords = (t.geometry as { coordinates?: unknown } | null | undefined)?.coordinates;
  te.coordinates = Array.isArray(coords) && coords.length === 2 ? [Number(coords[0]), Number(coords[1])] : null;
  te.updatedAt = at;
  c.pop.version++;
}

function errorJson(c: ImportContext, e: ErrorEntry, legacyKey = false): Record<string, unknown> {
  return {
    message: e.message, [legacyKey ? 'warningCode' : 'errorCode']: e.code, trackerType: 'TRACKED_ENTITY', uid: e.uid,
    ...(c.traits.minor >= 41 ? { args: e.args } : {}),
  };
}

/** POST /api/tracker. */
export function trackerImport(c: ImportContext, params: Params, body: unknown): Reply {
  const m = c.traits.minor;
  const enumParam = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = params.get(name);
    if (raw === undefined || raw === '') return fallback;
    const found = values.find((v) => v === raw.toUpperCase());
    // 2.36/2.37 fall back silently on an unknown value; later versions refuse it.
    if (!found && m >= 38) throw new ApiError(400, `Value '${raw}' is not valid for parameter ${name}. Valid values are: [${values.join(', ')}]`);
    return found ?? fallback;
  };
  const strategy = enumParam('importStrategy', strategies, 'CREATE_AND_UPDATE');
  const mode = enumParam('importMode', ['COMMIT', 'VALIDATE'] as const, 'COMMIT');
  const atomic = enumParam('atomicMode', ['ALL', 'OBJECT'] as const, 'ALL');
  const asyncRaw = params.get('async');
  const async = asyncRaw === undefined ? true : !/^false$/i.test(asyncRaw);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON parse error: the body is not a tracker import object');
  const tes = (body as { trackedEntities?: unknown }).trackedEntities ?? [];
  if (!Array.isArray(tes)) throw new ApiError(400, 'JSON parse error: trackedEntities must be a list');
  for (const t of tes as TePayload[]) {
    if (t.trackedEntity !== undefined && (typeof t.trackedEntity !== 'string' || !uidPattern.test(t.trackedEntity))) {
      throw new ApiError(400, `JSON parse error: Cannot deserialize value of type \`org.hisp.dhis.common.UID\` from String "${String(t.trackedEntity)}": UID must be an alphanumeric string of 11 characters starting with a letter.`);
    }
  }
  if (strategy === 'DELETE') throw new ApiError(400, 'The sandbox imports tracked entities with CREATE, UPDATE or CREATE_AND_UPDATE only.');
  const checked = (tes as TePayload[]).map((t) => check(c, t, strategy));
  const errors = checked.flatMap((x) => x.errors);
  const commit = mode === 'COMMIT';
  const writable = checked.map((x, i) => ({ ...x, index: i, payload: tes[i] as TePayload })).filter((x) => x.errors.length === 0 && x.te && (atomic === 'OBJECT' || errors.length === 0));
  if (commit) for (const x of writable) apply(c, x.te!, x.payload, x.attrs);
  const updated = commit ? writable.length : 0;
  const ignored = tes.length - updated;
  const stats = { created: 0, updated, deleted: 0, ignored: commit ? ignored : errors.length ? ignored : 0, total: tes.length };
  const report: Record<string, unknown> = {
    status: errors.length ? 'ERROR' : 'OK',
    validationReport: { errorReports: errors.map((e) => errorJson(c, e)), warningReports: [] },
    ...(m <= 40 ? { timingsStats: { timers: { preheat: '0.001 sec.', validation: '0.002 sec.', commit: '0.003 sec.', totalImport: '0.008 sec.' } } } : {}),
    stats,
    // With errors and atomicMode=ALL, nothing was committed and there is no bundle report.
    ...(errors.length && atomic === 'ALL' ? {} : {
      bundleReport: {
        status: errors.length ? 'ERROR' : 'OK',
        typeReportMap: commit && updated ? {
          TRACKED_ENTITY: {
            trackerType: 'TRACKED_ENTITY', stats: { created: 0, updated, deleted: 0, ignored: 0, total: updated },
            objectReports: writable.map((x) => ({ trackerType: 'TRACKED_ENTITY', uid: x.uid, index: x.index, errorReports: [] })),
          },
        } : {},
        stats,
      },
    }),
    ...(m >= 41 ? { message: errors.length ? 'Import was not successful.' : 'Import was successful.' } : {}),
  };
  if (!async) return jsonReply(errors.length ? 409 : 200, report);
  const s = stateOf(c.pop);
  const id = `TrkJob${String(++s.nextJob).padStart(5, '0')}`;
  s.jobs.set(id, { report, at: stamp(c.now().getTime()) });
  return jsonReply(200, {
    httpStatus: 'OK', httpStatusCode: 200, status: 'OK', message: 'Tracker job added',
    response: { responseType: 'TrackerJob', id, location: `${c.baseUrl}/api/tracker/jobs/${id}` },
  });
}

/** GET /api/tracker/jobs/{id} (notifications) and /api/tracker/jobs/{id}/report. */
export function trackerJob(c: ImportContext, id: string, report: boolean): Reply {
  const job = stateOf(c.pop).jobs.get(id);
  if (!job) {
    if (report) throw new ApiError(404, c.traits.minor >= 40 ? `Summary for job ${id} does not exist` : `Job ${id} does not exist`);
    return jsonReply(200, []);
  }
  if (report) return jsonReply(200, job.report);
  return jsonReply(200, [
    { uid: `${id}N2`, level: 'INFO', category: 'TRACKER_IMPORT_JOB', time: job.at, message: 'Import complete', completed: true, id },
    { uid: `${id}N1`, level: 'INFO', category: 'TRACKER_IMPORT_JOB', time: job.at, message: 'Import started', completed: false, id },
  ]);
}

/** PUT /api/trackedEntityInstances/{uid} and POST /api/trackedEntityInstances (2.36–2.41): ImportSummary in a WebMessage. */
export function legacyTeiWrite(c: ImportContext, params: Params, pathUid: string | undefined, body: unknown): Reply {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'The body is not a tracked entity instance');
  const list = pathUid ? [body] : ((body as { trackedEntityInstances?: unknown }).trackedEntityInstances as unknown[] | undefined) ?? [body];
  const program = params.get('program');
  const dryRun = params.bool('dryRun') === true;
  const summaries = list.map((raw) => {
    const t = raw as Record<string, unknown>;
    const uid = pathUid ?? String(t.trackedEntityInstance ?? '');
    const te = c.pop.trackedEntity(uid);
    const conflicts: { object: string; value: string }[] = [];
    let description: string | undefined;
    if (!te || te.deleted) conflicts.push({ object: 'TrackedEntityInstance', value: `Tracked entity instance ${uid} ${te ? 'has already been deleted' : 'does not exist'}` });
    else if (typeof t.orgUnit !== 'string' || !c.pop.orgUnit(t.orgUnit)) conflicts.push({ object: 'OrganisationUnit', value: `Org unit ${String(t.orgUnit ?? '')} does not exist` });
    else if (!c.user.canWrite) description = c.traits.minor <= 38 ? `[User has no data write access to tracked entity: ${uid}]` : '[OWNERSHIP_ACCESS_DENIED]';
    const attrs: AttributeInput[] = Array.isArray(t.attributes)
      ? t.attributes.map((a) => ({ attribute: String((a as { attribute?: unknown }).attribute ?? ''), value: (a as { value?: unknown }).value == null ? null : String((a as { value?: unknown }).value) }))
      : [];
    if (!conflicts.length && !description) {
      for (const a of attrs) {
        const meta: Attribute | undefined = c.pop.attributes.find((x) => x.id === a.attribute);
        if (!meta) conflicts.push({ object: 'Attribute.attribute', value: `Invalid attribute ${a.attribute}` });
        else if (meta.unique && a.value) {
          const holder = holderOf(c, meta.id, a.value);
          if (holder && holder !== uid) conflicts.push({ object: 'Attribute.value', value: `Non-unique attribute value '${a.value}' for attribute ${meta.id}` });
        }
      }
    }
    const ok = !conflicts.length && !description && te;
    if (ok && !dryRun) {
      // The program's attributes left out of the payload are removed, as the legacy service does.
      const sent = new Set(attrs.map((a) => a.attribute));
      const removed = program ? (c.pop.programme(program)?.attributes ?? []).filter((a) => !sent.has(a.attribute) && te.attributes.some((v) => v.attribute === a.attribute)).map((a) => ({ attribute: a.attribute, value: null })) : [];
      apply(c, te, { orgUnit: t.orgUnit, inactive: t.inactive, geometry: t.geometry }, [...attrs, ...removed]);
    }
    return {
      responseType: 'ImportSummary', status: ok ? 'SUCCESS' : 'ERROR', importOptions: { idSchemes: {}, dryRun, async: false, importStrategy: 'CREATE_AND_UPDATE' },
      ...(description ? { description } : {}),
      importCount: { imported: 0, updated: ok ? 1 : 0, ignored: ok ? 0 : 1, deleted: 0 },
      ...(conflicts.length ? { conflicts } : {}), reference: uid, href: `${c.baseUrl}/api/trackedEntityInstances/${uid}`,
    };
  });
  const failed = summaries.some((s) => s.status === 'ERROR');
  const response = pathUid ? summaries[0] : {
    responseType: 'ImportSummaries', status: failed ? 'ERROR' : 'SUCCESS', imported: 0,
    updated: summaries.filter((s) => s.status === 'SUCCESS').length, deleted: 0, ignored: summaries.filter((s) => s.status === 'ERROR').length, importSummaries: summaries,
  };
  return jsonReply(failed ? 409 : 200, {
    ...webMessage(failed ? 409 : 200, failed ? 'An error occurred, please check import summary.' : 'Import was successful.'),
    httpStatus: failed ? 'Conflict' : 'OK', status: failed ? 'ERROR' : 'OK', response,
  });
}
