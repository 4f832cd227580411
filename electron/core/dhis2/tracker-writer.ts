import { Dhis2Error } from './dhis2-error';
import type { Dhis2Http } from './http';
import type { TrackerDialect } from './version';

// Writing one attribute of a tracked entity (the MPI ID) the way the server's version takes it, after reading
// what it holds now (shared/dhis2-api.md §9): the tracker importer POST /api/tracker (async=false, UPDATE,
// atomicMode=OBJECT) where the sync reads the new tracker API, the legacy PUT /api/trackedEntityInstances/{uid}
// below 2.40 (the same boundary as the sync's, as DHIS2's Android SDK draws it). Both overwrite the entity's own
// fields (org unit, inactive, geometry) from the payload, so the payload carries what DHIS2 holds now.

export interface RemoteEntity {
  uid: string;
  trackedEntityType: string;
  orgUnit: string;
  inactive: boolean;
  geometry: unknown;
  deleted: boolean;
  attributes: { attribute: string; value: string }[];
}

export type WriteOutcome =
  | { kind: 'written' }
  /** DHIS2 said no: `access` when this user may not write at all (then nothing else will be written either). */
  | { kind: 'refused'; access: boolean; code: string | null; message: string };

export interface TrackerWriter {
  /** The tracked entity as DHIS2 holds it now (the programme's attributes included), or null when it is gone. */
  read(trackedEntityUid: string, programmeUid: string): Promise<RemoteEntity | null>;
  /** Sets one attribute, leaving the others as they are; `validateOnly` asks DHIS2 whether it would accept it. */
  write(entity: RemoteEntity, programmeUid: string, attributeUid: string, value: string, options?: { validateOnly?: boolean }): Promise<WriteOutcome>;
}

/** Validation codes meaning "this user may not write this", not "this value is wrong" (§9.3, §9.6). */
const accessCodes = new Set(['E1000', 'E1001', 'E1003', 'E1091', 'E1102']);

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parseEntity(raw: unknown, legacy: boolean): RemoteEntity {
  const t = obj(raw);
  const uid = str(legacy ? t.trackedEntityInstance : t.trackedEntity);
  const type = str(t.trackedEntityType);
  const orgUnit = str(t.orgUnit);
  if (!uid || !type || !orgUnit) throw new Dhis2Error('not_dhis2', 'DHIS2 sent a tracked entity without its UID, type or org unit: it cannot be written back safely.');
  const attributes = (Array.isArray(t.attributes) ? t.attributes : []).flatMap((a) => {
    const attribute = str(obj(a).attribute);
    const value = obj(a).value;
    return attribute && value != null ? [{ attribute, value: String(value) }] : [];
  });
  return { uid, trackedEntityType: type, orgUnit, inactive: t.inactive === true, geometry: t.geometry ?? null, deleted: t.deleted === true, attributes };
}

/** The first error of a tracker import report (2.36–2.42 shapes), or null when it has none. */
function reportError(body: unknown): { code: string | null; message: string } | null {
  const report = obj(body);
  const errors = obj(report.validationReport).errorReports;
  const first = Array.isArray(errors) ? obj(errors[0]) : {};
  if (str(report.status) !== 'ERROR') return null;
  return { code: str(first.errorCode), message: str(first.message) ?? str(report.message) ?? 'DHIS2 refused the import without saying why.' };
}

export function createTrackerWriter(http: Dhis2Http, dialect: TrackerDialect): TrackerWriter {
  const legacy = dialect.legacy;
  return {
    async read(uid, programmeUid) {
      const path = legacy ? `trackedEntityInstances/${uid}` : `tracker/trackedEntities/${uid}`;
      const idField = legacy ? 'trackedEntityInstance' : 'trackedEntity';
      try {
        const body = await http.getJson(path, { program: programmeUid, fields: `${idField},trackedEntityType,orgUnit,inactive,geometry,deleted,attributes[attribute,value]` });
        return parseEntity(body, legacy);
      } catch (err) {
        if (err instanceof Dhis2Error && err.problem === 'not_found') return null;
        throw err;
      }
    },
    async write(entity, programmeUid, attributeUid, value, options = {}) {
      if (!legacy) {
        const payload = {
          trackedEntities: [{
            trackedEntity: entity.uid, trackedEntityType: entity.trackedEntityType, orgUnit: entity.orgUnit, inactive: entity.inactive,
            ...(entity.geometry ? { geometry: entity.geometry } : {}),
            attributes: [{ attribute: attributeUid, value }],
          }],
        };
        const res = await http.sendJson('POST', 'tracker', {
          async: 'false', importStrategy: 'UPDATE', atomicMode: 'OBJECT', ...(options.validateOnly ? { importMode: 'VALIDATE' } : {}),
        }, payload);
        const error = reportError(res.body);
        if (res.status === 409 || error) {
          const e = error ?? { code: null, message: `DHIS2 refused the import (${res.status}).` };
          return { kind: 'refused', access: e.code !== null && accessCodes.has(e.code), code: e.code, message: e.message };
        }
        return { kind: 'written' };
      }
      // Legacy: the whole entity, every attribute it holds for the programme, this one replaced.
      const attributes = [...entity.attributes.filter((a) => a.attribute !== attributeUid), { attribute: attributeUid, value }];
      const res = await http.sendJson('PUT', `trackedEntityInstances/${entity.uid}`, { program: programmeUid, ...(options.validateOnly ? { dryRun: 'true' } : {}) }, {
        trackedEntityInstance: entity.uid, trackedEntityType: entity.trackedEntityType, orgUnit: entity.orgUnit, inactive: entity.inactive,
        ...(entity.geometry ? { geometry: entity.geometry } : {}), attributes,
      });
      const summary = obj(obj(res.body).response);
      if (res.status === 409 || str(summary.status) === 'ERROR') {
        const conflicts = Array.isArray(summary.conflicts) ? summary.conflicts.map(obj) : [];
        const description = str(summary.description);
        // A refusal without a conflict is the access check's (its description lists what is missing).
        const access = conflicts.length === 0 && description !== null && /access|OWNERSHIP/i.test(description);
        const message = conflicts.length
          ? conflicts.map((c) => `${str(c.object) ?? 'conflict'}: ${str(c.value) ?? ''}`).join('; ')
          : description ?? str(obj(res.body).message) ?? `DHIS2 refused the update (${res.status}).`;
        return { kind: 'refused', access, code: access ? 'ACCESS' : conflicts.some((c) => /Non-unique/i.test(str(c.value) ?? '')) ? 'E1064' : null, message };
      }
      return { kind: 'written' };
    },
  };
}
