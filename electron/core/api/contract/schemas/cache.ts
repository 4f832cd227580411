import { Type, type Static } from 'typebox';
import { enrollmentSorts, enrollmentStatuses } from '../enrollments';
import { Answer, IsoDate, Nullable, PathId, Uid } from './common';

// What the offline cache answers: programmes with their attributes, the org-unit tree, enrollment previews,
// the search over every cached enrollment.

export const ProgrammeAttribute = Answer({
  uid: Type.String(),
  code: Nullable(Type.String()),
  display_name: Nullable(Type.String()),
  value_type: Nullable(Type.String()),
  mandatory: Type.Boolean(),
  options: Type.Array(Answer({ code: Type.String(), name: Type.String() })),
  /** DHIS2 refuses a value another tracked entity holds: what an attribute holding the MPI ID must be. */
  unique: Type.Boolean(),
  /** Values come from a DHIS2 TextPattern. */
  generated: Type.Boolean(),
});
export type ProgrammeAttribute = Static<typeof ProgrammeAttribute>;

const programmeFields = { uid: Type.String(), name: Type.String(), synced_at: Type.String(), attributes: Type.Array(ProgrammeAttribute) };
/** A tracker programme as last downloaded. */
export const ProgrammeMetadata = Answer(programmeFields);
export type ProgrammeMetadata = Static<typeof ProgrammeMetadata>;
/** As GET /dhis2/programmes lists it: with the number of its enrollments in the cache. */
export const Programme = Answer({ ...programmeFields, cached_enrollments: Type.Integer() });
export type Programme = Static<typeof Programme>;
export const ProgrammeList = Answer({ programmes: Type.Array(Programme) });

export const OrgUnit = Answer({
  uid: Type.String(),
  name: Type.String(),
  code: Nullable(Type.String()),
  level: Type.Integer(),
  path: Type.String(),
  parent_uid: Nullable(Type.String()),
  has_children: Type.Boolean(),
});
export type OrgUnit = Static<typeof OrgUnit>;
export const OrgUnitsQuery = Type.Object({ parent: Type.Optional(Uid) }, { additionalProperties: false });
export const OrgUnitLevel = Answer({ parent: Nullable(Type.String()), org_units: Type.Array(OrgUnit) });

export const PreviewQuery = Type.Object(
  {
    programme_uid: Uid,
    org_unit: Type.Optional(Uid),
    from_date: Type.Optional(IsoDate),
    to_date: Type.Optional(IsoDate),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  },
  { additionalProperties: false },
);
export type PreviewQuery = Static<typeof PreviewQuery>;
/** An enrollment as previewed: attribute values keyed by the attribute's code, or its UID when it has none. */
export const PreviewRow = Answer({
  enrollment_id: Type.String(),
  mpi_id: Nullable(Type.String()),
  enrollment_date: Nullable(Type.String()),
  org_unit_name: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
});
export type PreviewRow = Static<typeof PreviewRow>;
export const EnrollmentPreview = Answer({
  programme_uid: Type.String(),
  programme_name: Type.String(),
  total_enrollments: Type.Integer(),
  preview: Type.Array(PreviewRow),
});
export type EnrollmentPreview = Static<typeof EnrollmentPreview>;

/** GET /dhis2/enrollments: the whole cache of a programme, searched, filtered, sorted and paged by keyset. */
export const EnrollmentsQuery = Type.Object(
  {
    programme_uid: Uid,
    /** A name (words in any order, each a prefix), a phone, an MPI ID or an enrollment / tracked-entity UID. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    org_unit: Type.Optional(Uid),
    from_date: Type.Optional(IsoDate),
    to_date: Type.Optional(IsoDate),
    status: Type.Optional(Type.Enum([...enrollmentStatuses])),
    sort: Type.Enum([...enrollmentSorts], { default: 'recent' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    /** The "next" of the previous page. */
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 600 })),
  },
  { additionalProperties: false },
);
export type EnrollmentsQuery = Static<typeof EnrollmentsQuery>;
/** A found enrollment: a preview row, with what the office knows beside it. */
export const FoundEnrollment = Answer({
  enrollment_id: Type.String(),
  tracked_entity_id: Type.String(),
  mpi_id: Nullable(Type.String()),
  enrollment_date: Nullable(Type.String()),
  status: Nullable(Type.String()),
  org_unit_id: Nullable(Type.String()),
  org_unit_name: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
  other_enrollments: Type.Integer({ minimum: 0 }),
  printed_at: Nullable(Type.String()),
  sent_at: Nullable(Type.String()),
  /** When a Google Wallet save link was last issued for it. */
  wallet_at: Nullable(Type.String()),
  /** The file resources among its IMAGE attribute values that the cache holds (GET /dhis2/photos/{id}.png). */
  cached_photos: Type.Array(Type.String()),
});
export type FoundEnrollment = Static<typeof FoundEnrollment>;
export const EnrollmentPage = Answer({
  total: Type.Integer({ minimum: 0 }),
  items: Type.Array(FoundEnrollment),
  /** The `after` of the following page; null on the last. */
  next: Nullable(Type.String()),
  /** Rows just written (a sync, a new mapping) not yet findable by name or phone: indexing goes on in the background. */
  unindexed: Type.Integer({ minimum: 0 }),
});
export type EnrollmentPage = Static<typeof EnrollmentPage>;

/** A cached photo (the file resource an IMAGE attribute holds) as a thumbnail PNG. */
export const PhotoParams = Type.Object({ file_resource_id: PathId });
export const PhotoQuery = Type.Object(
  { size: Type.Integer({ minimum: 24, maximum: 320, default: 96 }) },
  { additionalProperties: false },
);
export type PhotoQuery = Static<typeof PhotoQuery>;
