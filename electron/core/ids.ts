import { randomBytes } from 'node:crypto';

// Crockford base32 (no I, L, O, U): time-sortable, URL-safe, readable IDs like task_01JD3K8Q4M2X7P9R5T6V8W0Y1Z.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += alphabet[(rand[i] ?? 0) % 32];
  return `${prefix}_${time}${tail}`;
}
