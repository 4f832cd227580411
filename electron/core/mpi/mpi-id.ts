import { randomInt } from 'node:crypto';

// MPI IDs: "MPI-" + 8 random characters + 1 check character, e.g. MPI-7K3QH9TXW.
// The 31-character alphabet leaves out 0/O, 1/I/L, which people misread on a worn card. The check
// character makes the weighted sum of all nine values (weights 1…9) divisible by 31: because 31 is prime
// and the weights are distinct and non-zero, every single-character error and every swap of two adjacent
// characters changes that sum, so it is always caught.

export const mpiAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const base = mpiAlphabet.length; // 31, prime
const payloadLength = 8;
export const mpiPrefix = 'MPI-';

const valueOf = (ch: string): number => mpiAlphabet.indexOf(ch);

function checkValue(payload: number[]): number {
  let sum = 0;
  payload.forEach((v, i) => { sum += (i + 1) * v; });
  // Find c with sum + 9c ≡ 0 (mod 31): 9 × 7 = 63 ≡ 1, so 7 is 9's inverse.
  return (((-sum * 7) % base) + base) % base;
}

export function newMpiId(random: (max: number) => number = randomInt): string {
  const payload = Array.from({ length: payloadLength }, () => random(base));
  return mpiPrefix + [...payload, checkValue(payload)].map((v) => mpiAlphabet[v]).join('');
}

/** The canonical ID, or null when it is malformed or its check character does not match. Accepts
 *  lower case, spaces and hyphens as people type them ("mpi 7k3q-h9txw"). */
export function parseMpiId(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('MPI') ? compact.slice(3) : compact;
  if (body.length !== payloadLength + 1) return null;
  const values = [...body].map(valueOf);
  if (values.some((v) => v < 0)) return null;
  const sum = values.reduce((acc, v, i) => acc + (i + 1) * v, 0);
  return sum % base === 0 ? mpiPrefix + body : null;
}

export const isMpiId = (input: string): boolean => parseMpiId(input) === input;
