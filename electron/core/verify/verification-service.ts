import type { Jwks, Verification } from '../api/contract/schemas/verify';
import type { CardVerifier } from './card-verifier';
import { publicJwk, type SigningKeys } from './signing-keys';

// What the API offers of signed cards: this office's public keys (a JWKS anyone may fetch) and the check
// of a scanned card, with the holder as the local cache knows them.

/** The holder as the answer gives them (the contract's shape). */
export type HolderView = NonNullable<Verification['holder']>;

export interface VerificationService {
  jwks(): Jwks;
  verify(qr: string): Verification;
}

export interface VerificationDeps {
  keys: SigningKeys;
  verifier: CardVerifier;
  /** The cached enrollment as a holder, or null when the cache does not have it. */
  holderOf: (enrollmentUid: string) => HolderView | null;
  /** A cached enrollment of this MPI ID (a card of another office may be someone known here). */
  enrollmentOfMpi: (mpiId: string) => string | null;
}

export function createVerificationService(deps: VerificationDeps): VerificationService {
  return {
    jwks: () => {
      deps.keys.active(); // made at first start; asked here too so the list is never empty
      return { keys: deps.keys.all().map(publicJwk) };
    },
    verify(qr) {
      const v = deps.verifier.verify(qr);
      const c = v.claims;
      const readable = v.reason !== 'malformed' && v.reason !== 'unsigned' && v.reason !== 'bad_signature';
      const enrollment = readable ? (v.enrollmentUid ?? (c?.mpiId ? deps.enrollmentOfMpi(c.mpiId) : null)) : null;
      return {
        status: v.status,
        reason: v.reason,
        key_id: v.keyId,
        own: v.own,
        office: v.office,
        // A card whose signature fails says nothing that can be trusted: its claims are not shown.
        card: c && v.reason !== 'bad_signature'
          ? { card_id: c.cardId, mpi_id: c.mpiId, initials: c.initials, birth_year: c.birthYear, programme_uid: c.programmeUid, issued_on: c.issuedOn, expires_on: c.expiresOn }
          : null,
        holder: enrollment ? deps.holderOf(enrollment) : null,
      };
    },
  };
}
