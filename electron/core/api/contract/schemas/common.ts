import { Type, type TSchema } from 'typebox';
import { errorCodes } from '../errors';

// Shapes shared by several routes.

/** IDs in paths: letters, digits, _ and - only, so "../" and encoded tricks never reach a handler. */
export const PathId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const TaskId = Type.String({ pattern: '^task_[A-Za-z0-9_]{1,60}$' });

/** No query parameters at all. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** A DHIS2 UID as people and clients must type it: 11 characters, a letter first. */
export const Uid = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{10}$' });
export const IsoDate = Type.String({ format: 'date' });

/** What answers carry: a value, or null when there is none. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** An answer object lists every field it has. */
export const Answer = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });

export const ErrorDetail = Answer({ field: Type.String(), problem: Type.String() });
export const ErrorBody = Answer({
  error: Answer({
    code: Type.Enum(errorCodes),
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail)),
  }),
});
