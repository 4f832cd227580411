// The Master Patient Index's vocabulary as a review item shows it: the identifying fields compared and
// the level each comparison lands on.

export const mpiFields = ['firstName', 'lastName', 'dateOfBirth', 'gender', 'phone', 'nationalId', 'address', 'guardianName', 'healthCenter'] as const;
export type MpiField = (typeof mpiFields)[number];

/** Names (first, last, guardian's): exact, close, partial, different. Dates: exact, exact_default (the same
 * year, and 1 January or 31 December on one side or both: the dates registers fill in when only the year is
 * known), day_month_swap, one_digit, same_year, different. Sex and health centre: same, different. Phone: same, household (a number several persons give),
 * different. National ID: exact, one_digit (or two neighbours swapped), different. Address: exact, close
 * (number and street), locality (only the place in common), different. Either side empty: missing. */
export const comparisonLevels = [
  'exact', 'close', 'partial', 'different', 'missing', 'exact_default', 'day_month_swap', 'one_digit', 'same_year', 'same',
  'household', 'locality',
] as const;
export type ComparisonLevel = (typeof comparisonLevels)[number];

export const reviewDecisions = ['link', 'new'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** How an enrollment came to its person: matched by the index, a new person, or a reviewer's decision. */
export const linkHows = ['matched', 'created', 'reviewed_link', 'reviewed_new', 'split', 'adopted'] as const;
export type LinkHow = (typeof linkHows)[number];

/** What the audit trail records: each way a link is made, a reviewer's "not the same person", a split, a merge. */
export const auditActions = [...linkHows, 'not_same', 'merge'] as const;
export type AuditAction = (typeof auditActions)[number];

/** The review queue's orders: the likeliest duplicates first, or the oldest items first. */
export const reviewSorts = ['probability', 'oldest'] as const;
export type ReviewSort = (typeof reviewSorts)[number];
