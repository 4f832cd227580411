import type { Database } from 'better-sqlite3';
import { attributeKey } from '../api/contract/attributes';
import type { EnrollmentPage, EnrollmentPreview, EnrollmentsQuery, OrgUnit, PreviewQuery, Programme, ProgrammeMetadata } from '../api/contract/schemas/cache';
import { invalid, notFound } from '../errors';
import { searchEnrollments } from '../search/enrollment-search';
import type { SearchIndex } from '../search/search-index';
import type { EnrollmentCache } from './enrollment-cache';
import type { PhotoThumbnails } from './photo-thumbnail';
import { countEnrollments, listEnrollments, type EnrollmentFilter } from './enrollment-query';
import type { MetadataCache } from './metadata-cache';

// What the offline cache answers to people and LAN clients: programmes, the org-unit tree a level at a
// time, and enrollment previews. Reads only, the same with DHIS2 down.

export interface CacheReader {
  programmes(): Programme[];
  /** The children of an org unit (the top of the tree without one); 404 for a unit the cache lacks. */
  orgUnitLevel(parentUid: string | undefined): { parent: string | null; org_units: OrgUnit[] };
  preview(query: PreviewQuery): EnrollmentPreview;
  /** Every cached enrollment of a programme, searched and filtered, a page at a time. */
  find(query: EnrollmentsQuery): EnrollmentPage;
  /** A cached photo as a thumbnail PNG; 404 when the cache does not hold it (or it is not an image). */
  photo(fileResourceUid: string, size: number): Promise<Buffer>;
}

export interface CacheReaderDeps {
  db: Database;
  metadata: MetadataCache;
  enrollments: EnrollmentCache;
  mpiIdOf: (enrollmentUid: string) => string | null;
  search: SearchIndex;
  /** The office's country, for phones typed without a country code. */
  defaultCountry: () => string;
  photos: PhotoThumbnails;
  hasPhoto: (fileResourceUid: string) => boolean;
}

/** Rows a search indexes itself before answering (about 40 ms of work); the rest is the background's. */
const searchCatchUp = 1000;

export function createCacheReader(deps: CacheReaderDeps): CacheReader {
  const { db, metadata } = deps;
  /** The programme and the filters of a query, each checked against the cache. */
  const resolveFilter = (q: { programme_uid: string; org_unit?: string; from_date?: string; to_date?: string; status?: string }): { programme: ProgrammeMetadata; filter: EnrollmentFilter } => {
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
      ...(q.status ? { status: q.status } : {}),
    };
    return { programme, filter };
  };
  const keysOf = (programme: ProgrammeMetadata) => {
    const keyOf = new Map(programme.attributes.map((a) => [a.uid, attributeKey(a)]));
    return (attributes: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(attributes).map(([uid, value]) => [keyOf.get(uid) ?? uid, value]));
  };
  return {
    programmes: () => metadata.programmes().map((p) => ({ ...p, cached_enrollments: deps.enrollments.count(p.uid) })),

    orgUnitLevel(parent) {
      if (parent && !metadata.orgUnit(parent)) throw notFound(`Org unit ${parent} (not in the cache; sync first)`);
      return { parent: parent ?? null, org_units: metadata.orgUnitChildren(parent ?? null) };
    },

    preview(q) {
      const { programme, filter } = resolveFilter(q);
      const keyed = keysOf(programme);
      return {
        programme_uid: programme.uid,
        programme_name: programme.name,
        total_enrollments: countEnrollments(db, filter),
        preview: listEnrollments(db, filter, q.limit).map((e) => ({
          enrollment_id: e.enrollment_id,
          mpi_id: deps.mpiIdOf(e.enrollment_id),
          enrollment_date: e.enrollment_date,
          org_unit_name: e.org_unit_name,
          attributes: keyed(e.attributes),
        })),
      };
    },

    find(q) {
      const { programme, filter } = resolveFilter(q);
      // What was written since (a sync page, a new mapping) is indexed first, a bounded batch (none while a sync's
      // page writer holds the write lock: the answer does not wait for it); more goes on in the background and the
      // answer says how many rows are not findable by name or phone yet.
      deps.search.catchUp(searchCatchUp, true);
      const unindexed = deps.search.pending();
      if (unindexed > 0) deps.search.schedule();
      const page = searchEnrollments(db, {
        filter, sort: q.sort, limit: q.limit, defaultCountry: deps.defaultCountry(),
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.after !== undefined ? { after: q.after } : {}),
      });
      const keyed = keysOf(programme);
      const images = programme.attributes.filter((a) => a.value_type === 'IMAGE').map((a) => a.uid);
      const cachedPhotos = (attributes: Record<string, string>): string[] =>
        images.flatMap((uid) => (attributes[uid] && deps.hasPhoto(attributes[uid]) ? [attributes[uid]] : []));
      return { ...page, items: page.items.map((r) => ({ ...r, attributes: keyed(r.attributes), cached_photos: cachedPhotos(r.attributes) })), unindexed };
    },

    async photo(uid, size) {
      const png = await deps.photos.png(uid, size);
      if (!png) throw notFound(`Photo ${uid} (not in the cache: photos are fetched by a sync once a photo attribute is mapped)`);
      return png;
    },
  };
}
