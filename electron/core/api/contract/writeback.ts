// The states of an MPI ID write to DHIS2: waiting, in flight, held by DHIS2, refused by it (with its reason),
// or held back because DHIS2 has another office's ID for that entity.
export const writeStatuses = ['pending', 'sending', 'delivered', 'rejected', 'conflict'] as const;
export type WriteStatusName = (typeof writeStatuses)[number];
