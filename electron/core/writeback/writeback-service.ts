import type { Database } from 'better-sqlite3';
import type { MpiRecord } from '../api/contract/schemas/mpi';
import type { WritebackBody, WritebackProgramme, WritebackView, WriteQueue, WriteRun } from '../api/contract/schemas/writeback';
import type { WriteStatus } from '../api/contract/schemas/writeback';
import type { MetadataCache } from '../cache/metadata-cache';
import { Dhis2Error } from '../dhis2/dhis2-error';
import type { TrackerWriter } from '../dhis2/tracker-writer';
import { AppError, invalid, notFound } from '../errors';
import type { Logger } from '../logger';
import type { MappingStore } from '../mapping/mapping-store';
import { newMpiId, parseMpiId } from '../mpi/mpi-id';
import type { MpiService } from '../mpi/mpi-service';
import type { WritebackStore, WriteRow } from './writeback-store';
import type { WritebackWorker } from './writeback-worker';

// One MPI ID across offices, as the app uses it: the attribute chosen per programme (checked against the
// cached metadata, and DHIS2 asked whether this user may write it before writing is on), the IDs other
// offices wrote adopted after each sync, their disagreements turned into review items, and the queue.

export interface WritebackServiceDeps {
  db: Database;
  store: WritebackStore;
  worker: WritebackWorker;
  metadata: MetadataCache;
  mappings: MappingStore;
  mpi: () => MpiService;
  connect: () => Promise<TrackerWriter>;
  /** The enrollment's identifying fields as its mapping reads them, or null when it cannot (no mapping). */
  recordOf: (enrollmentUid: string) => MpiRecord | null;
  logger: Logger;
}

export interface WritebackService {
  view(): WritebackView;
  configure(body: WritebackBody): Promise<WritebackProgramme>;
  queue(q: { programmeUid?: string; status?: WriteStatus; limit: number; after?: string }): WriteQueue;
  retry(trackedEntityUid: string): { retried: number };
  run(): Promise<WriteRun>;
  /** After a sync: enrollments whose tracked entity carries an MPI ID in DHIS2 take it, or propose a merge. */
  adoptProgramme(programmeUid: string): { adopted: number; proposals: number; invalid: number };
  dhis2IdOf(enrollmentUid: string): string | null;
  heldByDhis2(enrollmentUid: string, mpiId: string): void;
  onConflict(row: WriteRow, serverValue: string): void;
  explainClash(row: WriteRow, value: string): string;
}

interface CachedValue { uid: string; te: string; dhis2_value: string | null; local: string | null; delivered: string | null }

export function createWritebackService(deps: WritebackServiceDeps): WritebackService {
  const { db, store } = deps;
  const valueSql = (extra: string): string => `SELECT e.uid, e.tracked_entity_uid AS te,
      json_extract(coalesce(e.attributes, t.attributes, '{}'), '$."' || ? || '"') AS dhis2_value, l.mpi_id AS local, w.delivered_value AS delivered
    FROM enrollments e LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid LEFT JOIN mpi_links l ON l.enrollment_uid = e.uid
    LEFT JOIN mpi_writes w ON w.tracked_entity_uid = e.tracked_entity_uid AND w.attribute_uid = ? ${extra}`;
  // Read once per enrollment resolved (dhis2IdOf) or adopted (heldByDhis2): prepared once.
  const enrollmentOf = db.prepare('SELECT programme_uid, tracked_entity_uid FROM enrollments WHERE uid = ?');
  const valueOf = db.prepare(valueSql('WHERE e.uid = ?'));

  const programmeView = (programmeUid: string): WritebackProgramme => {
    const programme = deps.metadata.programme(programmeUid);
    if (!programme) throw notFound(`Programme ${programmeUid} (not in the offline cache: sync it first)`);
    const config = store.config(programmeUid);
    const attribute = programme.attributes.find((a) => a.uid === config?.attribute_uid);
    return {
      programme_uid: programme.uid, programme_name: programme.name,
      attribute_uid: config?.attribute_uid ?? null, attribute_name: config ? (attribute?.display_name ?? attribute?.code ?? config.attribute_uid) : null,
      write: config?.write ?? false, refused: config?.refused ?? null, queue: store.counts(programmeUid),
      eligible: programme.attributes.filter((a) => a.unique && a.value_type === 'TEXT').map((a) => ({ uid: a.uid, display_name: a.display_name, code: a.code, generated: a.generated })),
    };
  };

  /** Asks DHIS2 whether this user may write the attribute (importMode=VALIDATE, nothing committed). */
  async function probe(programmeUid: string, attributeUid: string): Promise<{ refused: { code: string | null; message: string } | null }> {
    const sample = db.prepare(valueSql('WHERE e.programme_uid = ? ORDER BY e.uid LIMIT 1')).get(attributeUid, attributeUid, programmeUid) as CachedValue | undefined;
    if (!sample) return { refused: null }; // nothing cached to try on: the first real write will tell
    let writer: TrackerWriter;
    try {
      writer = await deps.connect();
      const entity = await writer.read(sample.te, programmeUid);
      if (!entity) return { refused: null };
      const value = sample.local ?? entity.attributes.find((a) => a.attribute === attributeUid)?.value ?? newMpiId();
      const outcome = await writer.write(entity, programmeUid, attributeUid, value, { validateOnly: true });
      return { refused: outcome.kind === 'refused' && outcome.access ? outcome : null };
    } catch (err) {
      // Offline: writing is on and waits; the first write DHIS2 refuses turns it off again, with its reason.
      if (err instanceof Dhis2Error && (err.unreachable || err.transient)) return { refused: null };
      throw err;
    }
  }

  const service: WritebackService = {
    view: () => ({ programmes: deps.metadata.programmes().map((p) => programmeView(p.uid)), id_source: 'local' }),
    async configure(body) {
      const programme = deps.metadata.programme(body.programme_uid);
      if (!programme) throw notFound(`Programme ${body.programme_uid} (not in the offline cache: sync it first)`);
      if (body.attribute_uid === null) {
        if (body.write) throw invalid('write', 'needs an attribute to write to: choose attribute_uid');
        store.setConfig(programme.uid, null, false);
        return programmeView(programme.uid);
      }
      const attribute = programme.attributes.find((a) => a.uid === body.attribute_uid);
      if (!attribute) throw invalid('attribute_uid', `${body.attribute_uid} is not an attribute of programme ${programme.name}`);
      const name = attribute.display_name ?? attribute.code ?? attribute.uid;
      if (attribute.value_type !== 'TEXT') throw invalid('attribute_uid', `${name} holds ${attribute.value_type ?? 'values of no type'}: an MPI ID needs a TEXT attribute`);
      if (!attribute.unique) {
        throw invalid('attribute_uid', `${name} is not unique in DHIS2: two persons could then hold one MPI ID; choose a unique attribute (in DHIS2's maintenance app, "Unique" on the tracked entity attribute)`);
      }
      const mapped = deps.mappings.get(programme.uid).find((m) => m.attribute_uid === attribute.uid);
      if (mapped) throw invalid('attribute_uid', `${name} fills the card field ${mapped.card_field}: writing MPI IDs there would change what cards show`);
      const before = store.config(programme.uid);
      store.setConfig(programme.uid, attribute.uid, body.write);
      // What DHIS2 holds is adopted, and this office's IDs queued, whether or not DHIS2 lets it write.
      service.adoptProgramme(programme.uid);
      store.backfill(programme.uid);
      if (body.write && !(before?.write && before.attribute_uid === attribute.uid)) {
        const { refused } = await probe(programme.uid, attribute.uid);
        if (refused) {
          store.refuse(programme.uid, refused.code, refused.message);
          throw new AppError('forbidden', `DHIS2 refused to write ${name}: ${refused.message}${refused.code ? ` (${refused.code})` : ''}. ` +
            'This DHIS2 user may read but not write these tracked entities. Writing MPI IDs back stays off, and nothing is lost: ' +
            'IDs found in DHIS2 are still adopted, and this office\'s wait here. Ask the DHIS2 administrator for a user with data write access to the programme, then switch it on again.');
        }
      }
      if (body.write) void deps.worker.drain().catch((err: unknown) => deps.logger.warn(`MPI write-back round failed: ${String(err)}`));
      return programmeView(programme.uid);
    },
    queue: (q) => store.list(q),
    retry(te) {
      const retried = store.retry(te);
      if (!retried) throw notFound(`A refused or held-back MPI ID write for tracked entity ${te}`);
      return { retried };
    },
    run: () => deps.worker.drain(),
    adoptProgramme(programmeUid) {
      const config = store.config(programmeUid);
      const out = { adopted: 0, proposals: 0, invalid: 0 };
      if (!config) return out;
      const rows = db.prepare(valueSql('WHERE e.programme_uid = ? AND dhis2_value IS NOT NULL ORDER BY e.uid'))
        .all(config.attribute_uid, config.attribute_uid, programmeUid) as CachedValue[];
      const mpi = deps.mpi();
      // One transaction: after a sync of 100,000 enrollments this is one commit, not one per entity.
      db.transaction(() => {
        for (const r of rows) {
          const id = parseMpiId(String(r.dhis2_value));
          if (!id) {
            out.invalid++;
            continue;
          }
          const held = mpi.store.resolveId(id) ?? id;
          if (!r.local) {
            mpi.adopt(r.uid, programmeUid, id, deps.recordOf(r.uid));
            out.adopted++;
          } else if (r.local === held) {
            if (r.delivered !== id) store.known(r.te, config.attribute_uid, programmeUid, id);
          } else if (r.delivered !== id) {
            // DHIS2 holds another office's ID for a person this office linked already: a person decides.
            const record = deps.recordOf(r.uid) ?? mpi.store.recordOf(r.uid);
            if (record && mpi.proposeFromDhis2(r.uid, programmeUid, id, record)) out.proposals++;
          }
        }
      })();
      if (out.invalid) deps.logger.warn(`${out.invalid} tracked entit${out.invalid === 1 ? 'y holds' : 'ies hold'} a value in ${config.attribute_uid} that is not an MPI ID: left as it is.`);
      return out;
    },
    dhis2IdOf(uid) {
      const e = enrollmentOf.get(uid) as { programme_uid: string } | undefined;
      const config = e ? store.config(e.programme_uid) : undefined;
      if (!config) return null;
      const row = valueOf.get(config.attribute_uid, config.attribute_uid, uid) as CachedValue | undefined;
      return row?.dhis2_value ? parseMpiId(String(row.dhis2_value)) : null;
    },
    heldByDhis2(uid, mpiId) {
      const e = enrollmentOf.get(uid) as { programme_uid: string; tracked_entity_uid: string } | undefined;
      const config = e ? store.config(e.programme_uid) : undefined;
      if (e && config) store.known(e.tracked_entity_uid, config.attribute_uid, e.programme_uid, mpiId);
    },
    explainClash(row, value) {
      const twin = db.prepare(`SELECT DISTINCT e.tracked_entity_uid FROM mpi_links l JOIN enrollments e ON e.uid = l.enrollment_uid
        WHERE l.mpi_id = ? AND e.tracked_entity_uid != ? LIMIT 1`).pluck().get(value, row.tracked_entity_uid) as string | undefined;
      return twin
        ? `This office links tracked entity ${twin} to the same person: the person is registered twice in DHIS2. Merge the two tracked entities there (potential duplicates); until then, ${row.tracked_entity_uid} keeps its MPI ID here only.`
        : `Another tracked entity in DHIS2 holds ${value} (a person this office has not synced, or two IDs that happened to be drawn alike): check it in DHIS2; ${row.tracked_entity_uid} keeps its MPI ID here until then.`;
    },
    onConflict(row, serverValue) {
      const id = parseMpiId(serverValue);
      if (!id) return; // not an MPI ID: the row says what DHIS2 holds; a person fixes it there
      const mpi = deps.mpi();
      const enrollments = db.prepare('SELECT e.uid FROM enrollments e JOIN mpi_links l ON l.enrollment_uid = e.uid WHERE e.tracked_entity_uid = ? AND e.programme_uid = ?')
        .pluck().all(row.tracked_entity_uid, row.programme_uid) as string[];
      for (const uid of enrollments) {
        const record = deps.recordOf(uid) ?? mpi.store.recordOf(uid);
        if (record) mpi.proposeFromDhis2(uid, row.programme_uid, id, record);
      }
    },
  };
  return service;
}
