// The app's areas, in the order of a district officer's day: connect, sync, check, map, make, print, send,
// and check a card someone shows.
export const areas = ['connection', 'sync', 'enrollments', 'mapping', 'cards', 'print', 'send', 'wallet', 'verify', 'settings'] as const;
export type Area = (typeof areas)[number];
