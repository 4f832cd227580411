import { Type, type Static } from 'typebox';
import { comparisonLevels, linkHows, mpiFields, reviewDecisions } from '../mpi';
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

const reviewFields = {
  review_id: Type.String(),
  enrollment_uid: Type.String(),
  programme_uid: Type.String(),
  candidate_mpi_id: Type.String(),
  score: Type.Number(),
  field_scores: Type.Array(FieldScore),
  record: MpiRecord,
  candidate: MpiRecord,
  status: Type.Enum(['pending', 'linked', 'created']),
  created_at: Type.String(),
  decided_at: Nullable(Type.String()),
};
export const ReviewItem = Answer(reviewFields);
export type ReviewItem = Static<typeof ReviewItem>;
export const ReviewQuery = Type.Object(
  { status: Type.Enum(['pending', 'decided'], { default: 'pending' }), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
  { additionalProperties: false },
);
export const ReviewList = Answer({ items: Type.Array(ReviewItem) });
export const ReviewParams = Type.Object({ review_id: PathId });
export const DecisionBody = Type.Object({ decision: Type.Enum([...reviewDecisions]) }, { additionalProperties: false });
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
export const Person = Answer({ mpi_id: Type.String(), record: MpiRecord, created_at: Type.String(), enrollments: Type.Array(PersonEnrollment) });
export type Person = Static<typeof Person>;
