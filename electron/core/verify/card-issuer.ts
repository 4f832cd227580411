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
  /** The enrollment's live card when it says what the holder's data says (whatever its template), else
   * null: what a preview shows, never issuing (browsing templates must not revoke a printed card). */
  live(holder: CardHolder): IssuedCard | null;
  /** The card with this id when it is still the enrollment's live, unexpired card and says what the holder's
   * data says: a card file made earlier may be sent again. */
  stillTrue(cardId: string, holder: CardHolder): IssuedCard | null;
  /** The live card when it matches, else a new one with no template of its own (a Google Wallet pass):
   * the next printed card adopts it rather than revoke it. */
  current(holder: CardHolder): IssuedCard;
  /** Why a card issued here was revoked; null when it is live (or was not issued here). */
  revokedReason(cardId: string): string | null;
  /** Revokes every live card of the enrollment (e.g. its MPI ID was split off). */
  revoke(enrollmentUid: string, reason: string): number;
}

/** Cards are valid this many years from their issue date. */
export const validityYears = 5;

export function createCardIssuer(db: Database, keys: SigningKeys, clock: Clock): CardIssuer {
  const revokeLive = db.prepare('UPDATE issued_cards SET revoked_at = ?, revoked_reason = ? WHERE enrollment_uid = ? AND revoked_at IS NULL');
  const insert = db.prepare('INSERT INTO issued_cards (card_id, enrollment_uid, key_id, token, template, issued_on, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const live = db.prepare('SELECT card_id, token, template, expires_on FROM issued_cards WHERE enrollment_uid = ? AND revoked_at IS NULL');
  const liveById = db.prepare('SELECT card_id, token, template, expires_on FROM issued_cards WHERE card_id = ? AND enrollment_uid = ? AND revoked_at IS NULL');
  const revokedWhy = db.prepare('SELECT revoked_reason FROM issued_cards WHERE card_id = ? AND revoked_at IS NOT NULL').pluck();
  const adopt = db.prepare('UPDATE issued_cards SET template = ? WHERE card_id = ?');
  type LiveRow = { card_id: string; token: string; template: string; expires_on: string };
  /** The live card as issued, when it was signed by the active key and says what the holder's data says.
   * Leniently, a card that carries no MPI ID (printed with include_mpi_id false) says nothing false about it. */
  const matches = (row: LiveRow, holder: CardHolder, lenient = false): IssuedCard | null => {
    const decoded = decodeToken(row.token, () => false);
    if ('problem' in decoded || decoded.keyId !== keys.active().keyId) return null;
    const c = decoded.claims;
    const same = (c.mpiId === holder.mpiId || (lenient && c.mpiId === null)) && c.initials === initialsOf(holder.firstName, holder.lastName)
      && c.birthYear === birthYearOf(holder.dateOfBirth) && c.programmeUid === holder.programmeUid;
    return same ? { cardId: row.card_id, token: row.token, claims: c } : null;
  };
  const expired = (row: LiveRow): boolean => row.expires_on < clock.now().toISOString().slice(0, 10);
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
      const row = live.get(holder.enrollmentUid) as LiveRow | undefined;
      const matching = row ? matches(row, holder) : null;
      // A card close to its expiry is printed anew rather than handed out for a few weeks.
      const fresh = row ? row.expires_on > new Date(clock.now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10) : false;
      if (row && matching && fresh && (row.template === template || row.template === '')) {
        if (row.template === '') adopt.run(template, row.card_id);
        return matching;
      }
      if (!row) return issuer.issue(holder, 'first card', template);
      return issuer.issue(holder, !matching ? 'corrected data' : !fresh ? 'near expiry' : 'new template', template);
    },
    live(holder) {
      const row = live.get(holder.enrollmentUid) as LiveRow | undefined;
      return row && !expired(row) ? matches(row, holder, true) : null;
    },
    stillTrue(cardId, holder) {
      const row = liveById.get(cardId, holder.enrollmentUid) as LiveRow | undefined;
      return row && !expired(row) ? matches(row, holder, true) : null;
    },
    current(holder) {
      return issuer.live(holder) ?? issuer.issue(holder, live.get(holder.enrollmentUid) ? 'corrected data' : 'first card', '');
    },
    revokedReason: (cardId) => (revokedWhy.get(cardId) as string | null | undefined) ?? null,
    revoke,
  };
  return issuer;
}

const birthYearOf = (dateOfBirth: string | null): number | null => {
  const year = dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 1800 && year < 10000 ? year : null;
};
