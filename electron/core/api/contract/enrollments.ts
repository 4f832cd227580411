// DHIS2's enrollment statuses, as filters take them.
export const enrollmentStatuses = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];
