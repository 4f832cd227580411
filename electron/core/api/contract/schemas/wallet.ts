import { Type, type Static } from 'typebox';
import { errorCodes } from '../errors';
import { maxBulk } from '../wallet';
import { Answer, PathId, Uid } from './common';

// Google Wallet: the issuer's configuration (the service-account key is write-only) and save links.

/** Checked by the configuration itself, which names each field it refuses (issuer_id, service_account.private_key…). */
export const WalletConfigBody = Type.Object(
  { issuer_id: Type.Unknown(), service_account: Type.Unknown(), origins: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
export const WalletConfigView = Answer({
  config_id: Type.String(),
  issuer_id: Type.String(),
  client_email: Type.String(),
  origins: Type.Array(Type.String()),
  status: Type.Literal('configured'),
  configured_at: Type.String(),
});
export type WalletConfigView = Static<typeof WalletConfigView>;

export const WalletLinkParams = Type.Object({ enrollment_id: PathId });
export const WalletLink = Answer({ enrollment_id: Type.String(), wallet_url: Type.String(), jwt_token: Type.String(), valid_until: Type.String() });
export type WalletLink = Static<typeof WalletLink>;

export const WalletBulkBody = Type.Object(
  { enrollment_ids: Type.Array(PathId, { minItems: 1, maxItems: maxBulk, uniqueItems: true }), programme_uid: Type.Optional(Uid) },
  { additionalProperties: false },
);
export const WalletBulkItem = Type.Union([
  Answer({ enrollment_id: Type.String(), wallet_url: Type.String(), valid_until: Type.String() }),
  Answer({ enrollment_id: Type.String(), wallet_url: Type.Null(), error: Answer({ code: Type.Enum(errorCodes), message: Type.String() }) }),
]);
export type WalletBulkItem = Static<typeof WalletBulkItem>;
export const WalletBulk = Answer({
  batch_id: Type.String(),
  total: Type.Integer(),
  processed: Type.Integer(),
  failed: Type.Integer(),
  wallet_links: Type.Array(WalletBulkItem),
});
export type WalletBulk = Static<typeof WalletBulk>;
