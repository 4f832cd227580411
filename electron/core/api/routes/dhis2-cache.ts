import type { Database } from 'better-sqlite3';
import { Type } from 'typebox';
import { countEnrollments, listEnrollments } from '../../cache/enrollment-query';
import type { Dhis2Services } from '../../dhis2/dhis2-services';
import { invalid, notFound } from '../../errors';
import { IsoDate, Uid } from '../schemas';
import type { Api } from '../server';

// Reads from the offline cache only: they answer the same with DHIS2 down.
export function registerCacheRoutes(api: Api, db: Database, dhis2: Dhis2Services, mpiIdOf: (enrollmentUid: string) => string | null): void {
  api.get('/dhis2/programmes', async () => ({
    programmes: dhis2.metadata.programmes().map((p) => ({ ...p, cached_enrollments: dhis2.enrollments.count(p.uid) })),
  }));

  api.get('/dhis2/org-units', {
    schema: { querystring: Type.Object({ parent: Type.Optional(Uid) }, { additionalProperties: false }) },
    handler: async (request) => {
      const parent = request.query.parent;
      if (parent && !dhis2.metadata.orgUnit(parent)) throw notFound(`Org unit ${parent} (not in the cache; sync first)`);
      return { parent: parent ?? null, org_units: dhis2.metadata.orgUnitChildren(parent ?? null) };
    },
  });

  api.get('/dhis2/preview-enrollments', {
    schema: {
      querystring: Type.Object(
        {
          programme_uid: Uid,
          org_unit: Type.Optional(Uid),
          from_date: Type.Optional(IsoDate),
          to_date: Type.Optional(IsoDate),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (request) => {
      const q = request.query;
      const programme = dhis2.metadata.programme(q.programme_uid);
      if (!programme) throw notFound(`Programme ${q.programme_uid} (not in the cache; sync first)`);
      if (q.from_date && q.to_date && q.from_date > q.to_date) throw invalid('to_date', 'must not be before from_date');
      let orgUnitPath: string | undefined;
      if (q.org_unit) {
        const unit = dhis2.metadata.orgUnit(q.org_unit);
        if (!unit) throw notFound(`Org unit ${q.org_unit} (not in the cache; sync first)`);
        orgUnitPath = unit.path;
      }
      const filter = {
        programmeUid: programme.uid,
        ...(orgUnitPath ? { orgUnitPath } : {}),
        ...(q.from_date ? { fromDate: q.from_date } : {}),
        ...(q.to_date ? { toDate: q.to_date } : {}),
      };
      const keyOf = new Map(programme.attributes.map((a) => [a.uid, a.code ?? a.uid]));
      return {
        programme_uid: programme.uid,
        programme_name: programme.name,
        total_enrollments: countEnrollments(db, filter),
        preview: listEnrollments(db, filter, q.limit).map((e) => ({
          enrollment_id: e.enrollment_id,
          mpi_id: mpiIdOf(e.enrollment_id),
          enrollment_date: e.enrollment_date,
          org_unit_name: e.org_unit_name,
          attributes: Object.fromEntries(Object.entries(e.attributes).map(([uid, value]) => [keyOf.get(uid) ?? uid, value])),
        })),
      };
    },
  });

  // Per programme: the cache, the last attempts, and the saved schedule (so a screen can show it again).
  api.get('/dhis2/sync-status', async () => {
    const uids = new Set([
      ...dhis2.syncState.all().map((s) => s.programme_uid),
      ...dhis2.scheduler.all().map((s) => s.programme_uid),
      ...dhis2.runner.runningProgrammes(),
    ]);
    return {
      programmes: [...uids].sort().map((uid) => {
        const state = dhis2.syncState.get(uid);
        const schedule = dhis2.scheduler.get(uid);
        return {
          programme_uid: uid,
          programme_name: dhis2.metadata.programme(uid)?.name ?? null,
          cached_enrollments: dhis2.enrollments.count(uid),
          last_attempt_at: state.last_attempt_at,
          last_success_at: state.last_success_at,
          last_error: state.last_error,
          resumable: state.run_next_page !== null,
          next_sync: schedule?.enabled ? schedule.next_sync : null,
          running_task_id: dhis2.runner.runningTaskOf(uid) ?? null,
          interval_minutes: schedule?.interval_minutes ?? null,
          enabled: schedule?.enabled ?? false,
          auto_generate_cards: schedule?.auto_generate_cards ?? false,
        };
      }),
    };
  });
}
