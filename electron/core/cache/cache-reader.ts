import type { Database } from 'better-sqlite3';
import { attributeKey } from '../api/contract/attributes';
import type { EnrollmentPreview, OrgUnit, PreviewQuery, Programme } from '../api/contract/schemas/cache';
import { invalid, notFound } from '../errors';
import type { EnrollmentCache } from './enrollment-cache';
import { countEnrollments, listEnrollments, type EnrollmentFilter } from './enrollment-query';
import type { MetadataCache } from './metadata-cache';

// What the offline cache answers to people and LAN clients: programmes, the org-unit tree a level at a
// time, and enrollment previews. Reads only, the same with DHIS2 down.

export interface CacheReader {
  programmes(): Programme[];
  /** The children of an org unit (the top of the tree without one); 404 for a unit the cache lacks. */
  orgUnitLevel(parentUid: string | undefined): { parent: string | null; org_units: OrgUnit[] };
  preview(query: PreviewQuery): EnrollmentPreview;
}

export interface CacheReaderDeps {
  db: Database;
  metadata: MetadataCache;
  enrollments: EnrollmentCache;
  mpiIdOf: (enrollmentUid: string) => string | null;
}

export function createCacheReader(deps: CacheReaderDeps): CacheReader {
  const { db, metadata } = deps;
  return {
    programmes: () => metadata.programmes().map((p) => ({ ...p, cached_enrollments: deps.enrollments.count(p.uid) })),

    orgUnitLevel(parent) {
      if (parent && !metadata.orgUnit(parent)) throw notFound(`Org unit ${parent} (not in the cache; sync first)`);
      return { parent: parent ?? null, org_units: metadata.orgUnitChildren(parent ?? null) };
    },

    preview(q) {
      const programme = metadata.programme(q.programme_uid);
      if (!programme) throw notFound(`Programme ${q.programme_uid} (not in the cache; sync first)`);
      if (q.from_date && q.to_date && q.from_date > q.to_date) throw invalid('to_date', 'must not be before from_date');
      let orgUnitPath: string | undefined;
      if (q.org_unit) {
        const unit = metadata.orgUnit(q.org_unit);
        if (!unit) throw notFound(`Org unit ${q.org_unit} (not in the cache; sync first)`);
        orgUnitPath = unit.path;
      }
      const filter: EnrollmentFilter = {
        programmeUid: programme.uid,
        ...(orgUnitPath ? { orgUnitPath } : {}),
        ...(q.from_date ? { fromDate: q.from_date } : {}),
        ...(q.to_date ? { toDate: q.to_date } : {}),
      };
      const keyOf = new Map(programme.attributes.map((a) => [a.uid, attributeKey(a)]));
      return {
        programme_uid: programme.uid,
        programme_name: programme.name,
        total_enrollments: countEnrollments(db, filter),
        preview: listEnrollments(db, filter, q.limit).map((e) => ({
          enrollment_id: e.enrollment_id,
          mpi_id: deps.mpiIdOf(e.enrollment_id),
          enrollment_date: e.enrollment_date,
          org_unit_name: e.org_unit_name,
          attributes: Object.fromEntries(Object.entries(e.attributes).map(([uid, value]) => [keyOf.get(uid) ?? uid, value])),
        })),
      };
    },
  };
}
