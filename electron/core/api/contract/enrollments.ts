// DHIS2's enrollment statuses, as filters take them.
export const enrollmentStatuses = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/** How GET /dhis2/enrollments sorts: most recent enrollment first, or by last name then first name. */
export const enrollmentSorts = ['recent', 'name'] as const;
export type EnrollmentSort = (typeof enrollmentSorts)[number];
/** At most this many rows a page. */
export const maxEnrollmentPage = 100;
