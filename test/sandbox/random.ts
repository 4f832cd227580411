// Seeded randomness for the sandbox: the same seed must give the same server, byte for byte.

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (not for secrets). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent stream per purpose, so adding draws to one part never shifts the others. */
export function stream(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return mulberry32(h);
}

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letterCodes = [...letters].map((c) => c.charCodeAt(0));
const alphanumericCodes = [...`${letters}0123456789`].map((c) => c.charCodeAt(0));

/** DHIS2 UIDs: 11 characters, a letter first, then letters and digits. */
export const uidPattern = /^[A-Za-z][A-Za-z0-9]{10}$/;

/**
 * Hands out UIDs that are not among those reserved up front. With `track`, also never the same twice; without
 * (100 000s of data UIDs, where the Set costs ~100 ms), the caller's index must detect the ~1e-9 chance.
 */
export function createUidFactory(rng: Rng, reserved: Iterable<string> = [], track = true): (fixed?: string) => string {
  const used = new Set<string>(reserved);
  const next = (): number => alphanumericCodes[Math.floor(rng() * 62)] ?? 65;
  return (fixed) => {
    if (fixed !== undefined) {
      if (track) used.add(fixed);
      return fixed;
    }
    for (;;) {
      // fromCharCode gives a flat string (no per-character concatenation garbage).
      const uid = String.fromCharCode(letterCodes[Math.floor(rng() * 52)] ?? 65, next(), next(), next(), next(), next(), next(), next(), next(), next(), next());
      if (!used.has(uid)) {
        if (track) used.add(uid);
        return uid;
      }
    }
  };
}

const crcTable = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE), as DHIS2 uses for the checksum of personal access tokens. zlib.crc32 needs Node 20.15. */
export function crc32(text: string): number {
  let crc = -1;
  for (const byte of Buffer.from(text, 'utf8')) crc = (crc >>> 8) ^ (crcTable[(crc ^ byte) & 0xff] ?? 0);
  return (crc ^ -1) >>> 0;
}
