// Why a scanned card does not verify, as POST /dhis2/verify names it.
export const verifyReasons = ['malformed', 'unsigned', 'unknown_issuer', 'bad_signature', 'revoked', 'expired'] as const;
export type VerifyReason = (typeof verifyReasons)[number];
