import { Type, type Static } from 'typebox';
import { verifyReasons } from '../verify';
import { Answer, Nullable } from './common';

/** One Ed25519 key as a JWK (RFC 8037). */
export const Jwk = Answer({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
});
export const Jwks = Answer({ keys: Type.Array(Jwk) });
export type Jwks = Static<typeof Jwks>;

export const VerifyBody = Type.Object({ qr: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type VerifyBody = Static<typeof VerifyBody>;

export const VerifiedCard = Answer({
  card_id: Type.String(),
  mpi_id: Nullable(Type.String()),
  initials: Type.String(),
  birth_year: Nullable(Type.Integer()),
  programme_uid: Type.String(),
  issued_on: Type.String(),
  expires_on: Type.String(),
});
/** What the local cache knows of the holder. */
export const CardHolder = Answer({
  enrollment_id: Type.String(),
  name: Nullable(Type.String()),
  programme_name: Nullable(Type.String()),
  health_center: Nullable(Type.String()),
  /** The MPI ID the enrollment has now: another than the card's after a merge (the card's answers as its alias) or a split. */
  mpi_id: Nullable(Type.String()),
});
export const Verification = Answer({
  status: Type.Enum(['valid', 'invalid']),
  reason: Nullable(Type.Enum([...verifyReasons])),
  key_id: Nullable(Type.String()),
  /** The card was signed by this installation. */
  own: Type.Boolean(),
  /** The trusted office that signed it (null for this office's own cards, or an unknown issuer). */
  office: Nullable(Type.String()),
  /** What the token says; null when it could not be read. */
  card: Nullable(VerifiedCard),
  holder: Nullable(CardHolder),
});
export type Verification = Static<typeof Verification>;

/** What an office gives another so that its cards verify there: its keys and the cards it revoked. */
export const TrustFile = Answer({
  format: Type.Literal('oomus-trust/1'),
  office: Type.String(),
  exported_at: Type.String(),
  keys: Type.Array(Jwk),
  revocations: Type.Array(Answer({ key_id: Type.String(), card_id: Type.String(), revoked_at: Type.String() })),
});
export type TrustFile = Static<typeof TrustFile>;
export const TrustExportQuery = Type.Object({ office: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
/** The file is checked field by field by the trust list, which names every problem. */
export const TrustImportBody = Type.Object({ file: Type.Unknown() }, { additionalProperties: false, required: ['file'] });
export const TrustedOffice = Answer({ key_id: Type.String(), office: Type.String(), added_at: Type.String(), revocations: Type.Integer({ minimum: 0 }) });
export type TrustedOffice = Static<typeof TrustedOffice>;
export const TrustedOffices = Answer({ offices: Type.Array(TrustedOffice) });
export type TrustedOffices = Static<typeof TrustedOffices>;
export const TrustKeyParams = Type.Object({ key_id: Type.String({ pattern: '^[0-9a-f]{8}$' }) });
