import { Type } from 'typebox';

// Shapes shared by several routes.

/** IDs in paths: letters, digits, _ and - only, so "../" and encoded tricks never reach a handler. */
export const PathId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const TaskId = Type.String({ pattern: '^task_[A-Za-z0-9_]{1,60}$' });

export const Empty = Type.Object({}, { additionalProperties: false });

/** A DHIS2 UID as people and clients must type it: 11 characters, a letter first. */
export const Uid = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{10}$' });
export const IsoDate = Type.String({ format: 'date' });
