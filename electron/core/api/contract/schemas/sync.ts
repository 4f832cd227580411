import { Type, type Static } from 'typebox';
import { scheduleIntervals } from '../sync';
import { taskStatuses } from '../tasks';
import { Answer, Nullable, Uid } from './common';

// Syncing the cache with DHIS2: now, on a schedule, and how each programme stands.

export const SyncBody = Type.Object({ programme_uid: Type.Optional(Uid), full: Type.Boolean({ default: false }) }, { additionalProperties: false });
export type SyncBody = Static<typeof SyncBody>;
export const SyncStarted = Answer({
  task_id: Type.String(),
  programme_uid: Nullable(Type.String()),
  status: Type.Enum([...taskStatuses]),
  full: Type.Boolean(),
  created_at: Type.String(),
});
export type SyncStarted = Static<typeof SyncStarted>;

const Interval = Type.Enum([...scheduleIntervals]);
export const ScheduleBody = Type.Object(
  { programme_uid: Uid, interval_minutes: Interval, enabled: Type.Boolean(), auto_generate_cards: Type.Boolean({ default: false }) },
  { additionalProperties: false },
);
export type ScheduleBody = Static<typeof ScheduleBody>;
export const Schedule = Answer({
  programme_uid: Type.String(),
  interval_minutes: Interval,
  enabled: Type.Boolean(),
  /** null when the schedule is off. */
  next_sync: Nullable(Type.String()),
  auto_generate_cards: Type.Boolean(),
});
export type Schedule = Static<typeof Schedule>;

export const ProgrammeSyncStatus = Answer({
  programme_uid: Type.String(),
  programme_name: Nullable(Type.String()),
  cached_enrollments: Type.Integer(),
  last_attempt_at: Nullable(Type.String()),
  last_success_at: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  resumable: Type.Boolean(),
  /** null when the schedule is off. */
  next_sync: Nullable(Type.String()),
  running_task_id: Nullable(Type.String()),
  /** The saved schedule: a null interval when none was ever saved. */
  interval_minutes: Nullable(Interval),
  enabled: Type.Boolean(),
  auto_generate_cards: Type.Boolean(),
});
export type ProgrammeSyncStatus = Static<typeof ProgrammeSyncStatus>;
export const SyncStatus = Answer({ programmes: Type.Array(ProgrammeSyncStatus) });
