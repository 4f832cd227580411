// The unsigned QR payload of cards printed before cards were signed (still recognised on verify, as
// "unsigned"), and of a preview for someone never carded. Issued cards carry a signed token (verify/card-token.ts).
// Format: OOMUS1/<enrollment uid>/<programme uid>/<MPI ID or ->

export const qrPrefix = 'OOMUS1';

export function qrPayload(enrollmentUid: string, programmeUid: string, mpiId: string | null): string {
  return [qrPrefix, enrollmentUid, programmeUid, mpiId ?? '-'].join('/');
}

export function parseQrPayload(text: string): { enrollmentUid: string; programmeUid: string; mpiId: string | null } | null {
  const parts = text.split('/');
  if (parts.length !== 4 || parts[0] !== qrPrefix || !parts[1] || !parts[2] || !parts[3]) return null;
  return { enrollmentUid: parts[1], programmeUid: parts[2], mpiId: parts[3] === '-' ? null : parts[3] };
}
