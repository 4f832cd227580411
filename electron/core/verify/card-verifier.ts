import type { Database } from 'better-sqlite3';
import { verify } from 'node:crypto';
import type { VerifyReason } from '../api/contract/verify';
import type { Clock } from '../clock';
import { parseQrPayload } from '../cards/qr-payload';
import { decodeToken, type CardClaims } from './card-token';
import { ed25519PublicKey } from './signing-keys';

// Checking a scanned card, offline: the token's signature against this office's keys or an office it
// trusts, then revocation, then expiry. The first failure is the reason given.


export interface Verdict {
  status: 'valid' | 'invalid';
  reason: VerifyReason | null;
  keyId: string | null;
  /** The issuing office: 'this office' is null with `own` true. */
  office: string | null;
  own: boolean;
  claims: CardClaims | null;
  /** The enrollment the card was issued for, when it was issued here. */
  enrollmentUid: string | null;
}

export interface CardVerifier {
  verify(qr: string): Verdict;
}

export function createCardVerifier(db: Database, clock: Clock): CardVerifier {
  const ownKey = db.prepare('SELECT public_key FROM signing_keys WHERE key_id = ?').pluck();
  const trusted = db.prepare('SELECT public_key, office FROM trusted_keys WHERE key_id = ?');
  const issued = db.prepare('SELECT enrollment_uid, revoked_at FROM issued_cards WHERE card_id = ? AND key_id = ?');
  const foreignRevoked = db.prepare('SELECT 1 FROM foreign_revocations WHERE key_id = ? AND card_id = ?').pluck();
  const isLegacy = (text: string): boolean => parseQrPayload(text) !== null;

  return {
    verify(qr) {
      const decoded = decodeToken(qr, isLegacy);
      const verdict = (reason: VerifyReason | null, extra: Partial<Verdict> = {}): Verdict => ({
        status: reason ? 'invalid' : 'valid', reason, keyId: null, office: null, own: false, claims: null, enrollmentUid: null, ...extra,
      });
      if ('problem' in decoded) return verdict(decoded.problem);
      const { keyId, claims } = decoded;
      const own = ownKey.get(keyId) as Buffer | undefined;
      const other = own ? undefined : (trusted.get(keyId) as { public_key: Buffer; office: string } | undefined);
      const known = { keyId, claims, own: Boolean(own), office: other?.office ?? null };
      const publicKey = own ?? other?.public_key;
      if (!publicKey) return verdict('unknown_issuer', { keyId, claims });
      if (!verify(null, decoded.signed, ed25519PublicKey(publicKey), decoded.signature)) return verdict('bad_signature', { keyId, office: known.office, own: known.own });
      const here = own ? (issued.get(claims.cardId, keyId) as { enrollment_uid: string; revoked_at: string | null } | undefined) : undefined;
      const withCard = { ...known, enrollmentUid: here?.enrollment_uid ?? null };
      if (here?.revoked_at || foreignRevoked.get(keyId, claims.cardId)) return verdict('revoked', withCard);
      const today = clock.now().toISOString().slice(0, 10);
      if (claims.expiresOn < today) return verdict('expired', withCard);
      return verdict(null, withCard);
    },
  };
}
