import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { CardModel } from '../../../templates/kit/card-model';
import { isoSeconds, type Clock } from '../clock';
import { decodeToken, encodeToken, initialsOf, type CardClaims } from './card-token';
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

/** The holder of a card model: what its token says of them. */
export const holderOfCard = (card: CardModel, programmeUid: string): CardHolder => ({
  enrollmentUid: card.enrollmentId, programmeUid, mpiId: card.mpiId, firstName: card.firstName, lastName: card.lastName, dateOfBirth: card.dateOfBirth,
});

export interface IssuedCard {
  cardId: string;
  token: string;
  claims: CardClaims;
}

export interface CardIssuer {
  issue(holder: CardHolder, reason: string, template?: string): IssuedCard;
  /** The card to print: the enrollment's live card when it says the same and has the same template (a reprint
   * of the same card), else a new one that revokes it ("new template", "corrected data"). */
  cardFor(holder: CardHolder, template: string): IssuedCard;
  /** Revokes every live card of the enrollment (e.g. its MPI ID was split off). */
  revoke(enrollmentUid: string, reason: string): number;
}

/** Cards are valid this many years from their issue date. */
export const validityYears = 5;

export function createCardIssuer(db: Database, keys: SigningKeys, clock: Clock): CardIssuer {
  const revokeLive = db.prepare('UPDATE issued_cards SET revoked_at = ?, revoked_reason = ? WHERE enrollment_uid = ? AND revoked_at IS NULL');
  const insert = db.prepare('INSERT INTO issued_cards (card_id, enrollment_uid, key_id, token, template, issued_on, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const live = db.prepare('SELECT card_id, token, template, expires_on FROM issued_cards WHERE enrollment_uid = ? AND revoked_at IS NULL');
  const revoke = (enrollmentUid: string, reason: string): number => revokeLive.run(isoSeconds(clock.now()), reason, enrollmentUid).changes;

  const issuer: CardIssuer = {
    issue(holder, reason, template = '') {
      const now = clock.now();
      const issuedOn = now.toISOString().slice(0, 10);
      const expires = new Date(now);
      expires.setUTCFullYear(expires.getUTCFullYear() + validityYears);
      const claims: CardClaims = {
        cardId: randomBytes(8).toString('hex'),
        mpiId: holder.mpiId,
        initials: initialsOf(holder.firstName, holder.lastName),
        birthYear: birthYearOf(holder.dateOfBirth),
        programmeUid: holder.programmeUid,
        issuedOn,
        expiresOn: expires.toISOString().slice(0, 10),
      };
      const key = keys.active();
      const token = encodeToken(key.keyId, claims, keys.sign);
      db.transaction(() => {
        revoke(holder.enrollmentUid, reason);
        insert.run(claims.cardId, holder.enrollmentUid, key.keyId, token, template, claims.issuedOn, claims.expiresOn);
      })();
      return { cardId: claims.cardId, token, claims };
    },
    cardFor(holder, template) {
      const row = live.get(holder.enrollmentUid) as { card_id: string; token: string; template: string; expires_on: string } | undefined;
      if (row) {
        const decoded = decodeToken(row.token, () => false);
        const wanted = { mpiId: holder.mpiId, initials: initialsOf(holder.firstName, holder.lastName), birthYear: birthYearOf(holder.dateOfBirth), programmeUid: holder.programmeUid };
        const same = !('problem' in decoded) && decoded.keyId === keys.active().keyId
          && decoded.claims.mpiId === wanted.mpiId && decoded.claims.initials === wanted.initials
          && decoded.claims.birthYear === wanted.birthYear && decoded.claims.programmeUid === wanted.programmeUid;
        // A card close to its expiry is printed anew rather than handed out for a few weeks.
        const fresh = row.expires_on > new Date(clock.now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
        if (same && fresh && row.template === template && !('problem' in decoded)) return { cardId: row.card_id, token: row.token, claims: decoded.claims };
        return issuer.issue(holder, !same ? 'corrected data' : row.template !== template ? 'new template' : 'near expiry', template);
      }
      return issuer.issue(holder, 'first card', template);
    },
    revoke,
  };
  return issuer;
}

const birthYearOf = (dateOfBirth: string | null): number | null => {
  const year = dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 1800 && year < 10000 ? year : null;
};
