import { Type, type Static } from 'typebox';
import { languages } from '../settings';
import { Answer, Nullable, PathId } from './common';

// The app's own routes: health, settings, API tokens.

export const Health = Answer({ status: Type.Literal('ok'), version: Type.String() });

export const Settings = Answer({ language: Type.Enum([...languages]) });
export type Settings = Static<typeof Settings>;
export const SettingsPatch = Type.Object(
  { language: Type.Optional(Type.Enum([...languages])) },
  { additionalProperties: false, minProperties: 1 },
);

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  hint: Type.String(),
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
  revoked_at: Nullable(Type.String()),
};
/** A token as listed: never the token itself nor its hash. */
export const TokenInfo = Answer(tokenFields);
export type TokenInfo = Static<typeof TokenInfo>;
/** The answer to a creation: the token, shown this once. */
export const CreatedToken = Answer({ ...tokenFields, token: Type.String() });
export type CreatedToken = Static<typeof CreatedToken>;
export const TokenList = Answer({ tokens: Type.Array(TokenInfo) });
export const TokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const TokenParams = Type.Object({ token_id: PathId });
