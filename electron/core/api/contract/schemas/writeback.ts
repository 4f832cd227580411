import { Type, type Static } from 'typebox';
import { writeStatuses } from '../writeback';
import { Answer, Nullable, PathId, Uid } from './common';

// One MPI ID across offices: the DHIS2 attribute that holds it per programme, whether this office writes
// it, and the queue of writes (see electron/core/writeback/).

const WriteStatus = Type.Enum([...writeStatuses]);
export type WriteStatus = Static<typeof WriteStatus>;

/** DHIS2 refused this user's writes: writing went off, with DHIS2's own code and words. */
export const Refusal = Answer({ code: Nullable(Type.String()), message: Type.String(), at: Type.String() });

export const WritebackConfig = Answer({
  programme_uid: Type.String(),
  attribute_uid: Type.String(),
  write: Type.Boolean(),
  refused: Nullable(Refusal),
  updated_at: Type.String(),
});
export type WritebackConfig = Static<typeof WritebackConfig>;

const Counts = Answer({ pending: Type.Integer(), sending: Type.Integer(), delivered: Type.Integer(), rejected: Type.Integer(), conflict: Type.Integer() });
/** An attribute that may hold the MPI ID: unique (DHIS2 refuses a value another entity holds), TEXT. */
const Eligible = Answer({ uid: Type.String(), display_name: Nullable(Type.String()), code: Nullable(Type.String()), generated: Type.Boolean() });

export const WritebackProgramme = Answer({
  programme_uid: Type.String(),
  programme_name: Type.String(),
  /** The attribute holding the MPI ID in DHIS2 (IDs found there are adopted on sync); null: none chosen. */
  attribute_uid: Nullable(Type.String()),
  attribute_name: Nullable(Type.String()),
  /** Whether this office writes its MPI IDs there. */
  write: Type.Boolean(),
  refused: Nullable(Refusal),
  queue: Counts,
  eligible: Type.Array(Eligible),
});
export type WritebackProgramme = Static<typeof WritebackProgramme>;

export const WritebackView = Answer({
  programmes: Type.Array(WritebackProgramme),
  /** Where new MPI IDs come from: this installation's generator (see the README's collision arithmetic). */
  id_source: Type.Literal('local'),
});
export type WritebackView = Static<typeof WritebackView>;

export const WritebackBody = Type.Object({
  programme_uid: Uid,
  /** null: no attribute (nothing adopted, nothing written, the waiting writes dropped). */
  attribute_uid: Nullable(Uid),
  write: Type.Boolean(),
}, { additionalProperties: false });
export type WritebackBody = Static<typeof WritebackBody>;

export const WriteItem = Answer({
  tracked_entity_uid: Type.String(),
  attribute_uid: Type.String(),
  programme_uid: Type.String(),
  /** The MPI ID this office holds for the entity (the latest). */
  value: Type.String(),
  status: WriteStatus,
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  /** DHIS2's validation code and message when it refused the value (E1064: another entity holds it …). */
  dhis2_code: Nullable(Type.String()),
  dhis2_message: Nullable(Type.String()),
  /** The value DHIS2 holds instead, set by another office (status conflict). */
  server_value: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  delivered_at: Nullable(Type.String()),
});
export type WriteItem = Static<typeof WriteItem>;

export const WriteQueueQuery = Type.Object({
  programme_uid: Type.Optional(Uid),
  status: Type.Optional(WriteStatus),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });
export const WriteQueue = Answer({ items: Type.Array(WriteItem), next: Nullable(Type.String()) });
export type WriteQueue = Static<typeof WriteQueue>;

export const WriteParams = Type.Object({ tracked_entity_id: PathId });
export const Retried = Answer({ retried: Type.Integer() });

/** One delivery round: what was tried and how it ended. */
export const WriteRun = Answer({
  attempted: Type.Integer(),
  delivered: Type.Integer(),
  rejected: Type.Integer(),
  conflicts: Type.Integer(),
  /** Still waiting (offline, or DHIS2 unreachable). */
  waiting: Type.Integer(),
  /** Programmes whose writing DHIS2 refused this round (writing went off for them). */
  refused: Type.Array(Type.String()),
});
export type WriteRun = Static<typeof WriteRun>;
