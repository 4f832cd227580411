import { Type, type Static } from 'typebox';
import { Answer, Nullable } from './common';

// The DHIS2 connection: saving it (the password or token is write-only), reading it back, testing it.

const credentialFields = {
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
};
const Url = Type.String({ minLength: 1, maxLength: 2048 });
export const Credentials = Type.Object({ url: Url, ...credentialFields }, { additionalProperties: false });
export type Credentials = Static<typeof Credentials>;
/** The same fields, all optional: an empty body tests the stored connection. */
export const TestConnectionBody = Type.Object({ url: Type.Optional(Url), ...credentialFields }, { additionalProperties: false });
export type TestConnectionBody = Static<typeof TestConnectionBody>;

const configFields = {
  config_id: Type.String(),
  url: Type.String(),
  username: Nullable(Type.String()),
  auth_type: Type.Enum(['basic', 'token']),
  status: Type.Literal('configured'),
  created_at: Type.String(),
};
export const ConfigSaved = Answer(configFields);
export type ConfigSaved = Static<typeof ConfigSaved>;
export const ConfigView = Answer({ ...configFields, updated_at: Type.String() });
export type ConfigView = Static<typeof ConfigView>;

/** The reference's three answers: 200 connected, 401 auth_failed, 503 unreachable or unsupported_version. */
export const Connected = Answer({
  status: Type.Literal('connected'),
  dhis2_version: Type.String(),
  server_date: Type.String(),
  programmes_available: Type.Integer(),
  organisation_units: Type.Integer(),
});
export type Connected = Static<typeof Connected>;
/**
 * Beyond the reference, optional: why an unreachable server failed, so a client can say it in its own
 * language (error stays the English sentence). plain_http: an https:// address whose server speaks only http.
 */
export const connectionFailureReasons = [
  'dns', 'refused', 'timeout', 'tls', 'plain_http', 'dropped', 'network', 'not_dhis2',
  'forbidden', 'not_found', 'bad_request', 'rate_limited', 'server', 'not_image', 'too_large',
] as const;
export type ConnectionFailureReason = (typeof connectionFailureReasons)[number];
export const ConnectionFailed = Answer({
  status: Type.Enum(['auth_failed', 'unreachable', 'unsupported_version']),
  error: Type.String(),
  reason: Type.Optional(Type.Enum(connectionFailureReasons)),
});
export type ConnectionFailed = Static<typeof ConnectionFailed>;
export const TestConnectionAnswer = Type.Union([Connected, ConnectionFailed]);
export type TestConnectionAnswer = Static<typeof TestConnectionAnswer>;
