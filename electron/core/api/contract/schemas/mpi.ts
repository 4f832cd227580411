import { Type, type Static } from 'typebox';
import { auditActions, comparisonLevels, linkHows, mpiFields, reviewDecisions, reviewSorts } from '../mpi';
import { Answer, Nullable, PathId } from './common';

// The MPI review queue and the persons of the index.

/** The identifying fields of an enrollment's card, as matching compares them. */
export const MpiRecord = Answer({
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  /** yyyy-mm-dd */
  dateOfBirth: Nullable(Type.String()),
  gender: Nullable(Type.Enum(['female', 'male', 'other'])),
  phone: Nullable(Type.String()),
  // Matched on since the MPI uses every identifying field the mapping gives (absent from older records).
  nationalId: Type.Optional(Nullable(Type.String())),
  address: Type.Optional(Nullable(Type.String())),
  guardianName: Type.Optional(Nullable(Type.String())),
  healthCenter: Type.Optional(Nullable(Type.String())),
});
export type MpiRecord = Static<typeof MpiRecord>;

const MpiField = Type.Enum([...mpiFields]);
export const FieldScore = Answer({
  field: MpiField,
  level: Type.Enum([...comparisonLevels]),
  /** How alike the two values are, 0 to 1; null when either is missing. */
  similarity: Nullable(Type.Number()),
  /** Evidence in bits: positive for "same person", negative against, 0 when missing. */
  weight: Type.Number(),
  /** Set when the names matched crosswise (first name against last name). */
  comparedWith: Type.Optional(MpiField),
});
export type FieldScore = Static<typeof FieldScore>;

/** Another known person the enrollment may be, beside the likeliest (namesakes no field tells apart). */
export const ReviewAlternative = Answer({
  mpi_id: Type.String(),
  score: Type.Number(),
  field_scores: Type.Array(FieldScore),
  candidate: MpiRecord,
});
export type ReviewAlternative = Static<typeof ReviewAlternative>;

const reviewFields = {
  review_id: Type.String(),
  enrollment_uid: Type.String(),
  programme_uid: Type.String(),
  candidate_mpi_id: Type.String(),
  score: Type.Number(),
  field_scores: Type.Array(FieldScore),
  record: MpiRecord,
  candidate: MpiRecord,
  /** The other persons it may be, likeliest first (up to nine); empty when one candidate stands out. */
  alternatives: Type.Array(ReviewAlternative),
  /**
   * match: the matcher found the candidate; dhis2: DHIS2 holds the candidate's MPI ID for this enrollment's
   * tracked entity (another office's), while this office gave it another: "link" merges this office's person
   * into it, "new" keeps both (DHIS2's value is never overwritten).
   */
  origin: Type.Enum(['match', 'dhis2']),
  status: Type.Enum(['pending', 'linked', 'created']),
  created_at: Type.String(),
  decided_at: Nullable(Type.String()),
};
export const ReviewItem = Answer(reviewFields);
export type ReviewItem = Static<typeof ReviewItem>;
export const ReviewQuery = Type.Object(
  {
    status: Type.Enum(['pending', 'decided'], { default: 'pending' }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    /** probability: the likeliest duplicates first (pending items); oldest: in the order they came. Decided items come latest first. */
    sort: Type.Enum([...reviewSorts], { default: 'probability' }),
    /** The `next` of the page before. */
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const ReviewList = Answer({
  items: Type.Array(ReviewItem),
  /** Items with this status in all. */
  total: Type.Integer(),
  /** Give it as `after` for the next page; null on the last. */
  next: Nullable(Type.String()),
});
export const ReviewParams = Type.Object({ review_id: PathId });
export const DecisionBody = Type.Object({
  decision: Type.Enum([...reviewDecisions]),
  /** With "link": the person chosen, the candidate or one of the alternatives (the candidate when left out). */
  mpi_id: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
}, { additionalProperties: false });
/** The decided item, with the MPI ID the enrollment now has. */
export const Decided = Answer({ ...reviewFields, mpi_id: Type.String() });
export type Decided = Static<typeof Decided>;

export const PersonEnrollment = Answer({
  enrollment_uid: Type.String(),
  programme_uid: Type.String(),
  how: Type.Enum([...linkHows]),
  score: Nullable(Type.Number()),
  linked_at: Type.String(),
});
export type PersonEnrollment = Static<typeof PersonEnrollment>;
export const PersonParams = Type.Object({ mpi_id: Type.String({ minLength: 1, maxLength: 40 }) });
export const Person = Answer({
  mpi_id: Type.String(), record: MpiRecord, created_at: Type.String(), enrollments: Type.Array(PersonEnrollment),
  /** MPI IDs merged into this person: each answers as this one. */
  aliases: Type.Array(Type.String()),
  /** Set when the MPI ID asked for was merged into this person. */
  merged_from: Nullable(Type.String()),
});
export type Person = Static<typeof Person>;

const Reason = Type.String({ minLength: 3, maxLength: 500 });
export const SplitParams = Type.Object({ enrollment_id: PathId });
export const SplitBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const Split = Answer({
  enrollment_id: Type.String(),
  /** The new person's MPI ID. */
  mpi_id: Type.String(),
  previous_mpi_id: Type.String(),
  /** Cards of the enrollment revoked (they carry the person it was split from): to be printed again. */
  revoked_cards: Type.Integer(),
});
export type Split = Static<typeof Split>;
export const MergeBody = Type.Object({
  /** The person that remains; the one in the path becomes its alias. */
  into: Type.String({ minLength: 1, maxLength: 40 }),
  reason: Reason,
  /** Merge even where an enrollment of one was judged "not the same person" as the other (those decisions are lifted). */
  override_not_same: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export const Merged = Answer({ mpi_id: Type.String(), merged: Type.String(), enrollments_moved: Type.Integer() });
export type Merged = Static<typeof Merged>;

export const AuditEntry = Answer({
  seq: Type.Integer(),
  at: Type.String(),
  action: Type.Enum([...auditActions]),
  enrollment_uid: Nullable(Type.String()),
  mpi_id: Nullable(Type.String()),
  /** The other person: the one split from, the one merged, the candidate judged not the same. */
  other_mpi_id: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  reason: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditQuery = Type.Object({
  mpi_id: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  enrollment_id: Type.Optional(PathId),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  /** The `next` of the page before (newest first). */
  before: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });
export const AuditList = Answer({ items: Type.Array(AuditEntry), next: Nullable(Type.Integer()) });
