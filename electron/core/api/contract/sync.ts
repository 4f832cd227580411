// How often a programme may be synced automatically, in minutes.
export const scheduleIntervals = [10, 15, 30, 60, 180] as const;
export type ScheduleInterval = (typeof scheduleIntervals)[number];
