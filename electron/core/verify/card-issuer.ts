import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { isoSeconds, type Clock } from '../clock';
import { encodeToken, initialsOf, type CardClaims } from './card-token';
import type { SigningKeys } from './signing-keys';

// Issuing a card: a new card id, signed claims, recorded; the card the enrollment had before is revoked
// with the reason (a new template, corrected data, an MPI split), so only the newest card verifies.

export interface CardHolder {
  enrollmentUid: string;
  programmeUid: string;
  mpiId: string | null;
  firstName: string | null;
  lastName: string | null;
  /** yyyy-mm-dd, or null */
  dateOfBirth: string | null;
}

export interface IssuedCard {
  cardId: string;
  token: string;
  claims: CardClaims;
}

export interface CardIssuer {
  issue(holder: CardHolder, reason: string): IssuedCard;
  /** Revokes every live card of the enrollment (e.g. its MPI ID was split off). */
  revoke(enrollmentUid: string, reason: string): number;
}

/** Cards are valid this many years from their issue date. */
export const validityYears = 5;

export function createCardIssuer(db: Database, keys: SigningKeys, clock: Clock): CardIssuer {
  const revokeLive = db.prepare('UPDATE issued_cards SET revoked_at = ?, revoked_reason = ? WHERE enrollment_uid = ? AND revoked_at IS NULL');
  const insert = db.prepare('INSERT INTO issued_cards (card_id, enrollment_uid, key_id, token, issued_on, expires_on) VALUES (?, ?, ?, ?, ?, ?)');
  const revoke = (enrollmentUid: string, reason: string): number => revokeLive.run(isoSeconds(clock.now()), reason, enrollmentUid).changes;

  return {
    issue(holder, reason) {
      const now = clock.now();
      const issuedOn = now.toISOString().slice(0, 10);
      const expires = new Date(now);
      expires.setUTCFullYear(expires.getUTCFullYear() + validityYears);
      const year = holder.dateOfBirth ? Number(holder.dateOfBirth.slice(0, 4)) : NaN;
      const claims: CardClaims = {
        cardId: randomBytes(8).toString('hex'),
        mpiId: holder.mpiId,
        initials: initialsOf(holder.firstName, holder.lastName),
        birthYear: Number.isInteger(year) && year > 1800 && year < 10000 ? year : null,
        programmeUid: holder.programmeUid,
        issuedOn,
        expiresOn: expires.toISOString().slice(0, 10),
      };
      const key = keys.active();
      const token = encodeToken(key.keyId, claims, keys.sign);
      db.transaction(() => {
        revoke(holder.enrollmentUid, reason);
        insert.run(claims.cardId, holder.enrollmentUid, key.keyId, token, claims.issuedOn, claims.expiresOn);
      })();
      return { cardId: claims.cardId, token, claims };
    },
    revoke,
  };
}
