import { mpiAlphabet, parseMpiId } from '../mpi/mpi-id';
import { base45Decode, base45Encode } from './base45';

// The signed token a card's QR carries, version 1: 38 bytes of claims and a 64-byte Ed25519 signature,
// in Base45 behind "OC1:" (157 characters: a version 7 QR at error correction M, in alphanumeric mode).
// The layout is written out in the README for verifiers that do not use this code.
//
//   offset size  field
//        0    1  version, 1
//        1    4  key id: the first 4 bytes of SHA-256 of the signer's 32-byte Ed25519 public key
//        5    8  card id (random, one per card issued)
//       13    6  MPI ID: its 9 characters as 5-bit indices in 23456789ABCDEFGHJKMNPQRSTUVWXYZ, most
//                significant first, in the low 45 bits of a 48-bit big-endian number; all 0xFF: none
//       19    2  initials: first and last name's first letters, A–Z, '-' when unknown
//       21    2  birth year, big-endian; 0 when unknown
//       23   11  programme UID, ASCII
//       34    2  issue date, days since 1970-01-01, big-endian
//       36    2  expiry date, days since 1970-01-01, big-endian
//       38   64  Ed25519 signature of bytes 0–37

export const tokenPrefix = 'OC1:';
export const tokenVersion = 1;
const claimsLength = 38;
const signatureLength = 64;
export const tokenLength = claimsLength + signatureLength;

export interface CardClaims {
  /** 16 hex digits. */
  cardId: string;
  mpiId: string | null;
  /** Two characters, A–Z or '-'. */
  initials: string;
  birthYear: number | null;
  programmeUid: string;
  /** yyyy-mm-dd */
  issuedOn: string;
  /** yyyy-mm-dd */
  expiresOn: string;
}

export interface DecodedToken {
  /** 8 hex digits. */
  keyId: string;
  claims: CardClaims;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signature: Uint8Array;
}

export type TokenProblem = 'malformed' | 'unsigned';

const dayMs = 86_400_000;
const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
const isoOf = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Initials as the token holds them: the first letter of each name, accents folded, '-' when there is none. */
export function initialsOf(firstName: string | null, lastName: string | null): string {
  const first = (name: string | null): string => {
    const letter = (name ?? '').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().match(/[A-Z]/)?.[0];
    return letter ?? '-';
  };
  return first(firstName) + first(lastName);
}

function packMpi(mpiId: string | null, into: Uint8Array, at: number): void {
  if (!mpiId) {
    into.fill(0xff, at, at + 6);
    return;
  }
  const canonical = parseMpiId(mpiId);
  if (!canonical) throw new Error(`${mpiId} is not an MPI ID (its check character does not match)`);
  let n = 0n;
  for (const ch of canonical.slice(4)) n = (n << 5n) | BigInt(mpiAlphabet.indexOf(ch));
  for (let i = 5; i >= 0; i--) {
    into[at + i] = Number(n & 0xffn);
    n >>= 8n;
  }
}

function unpackMpi(bytes: Uint8Array, at: number): string | null | undefined {
  if (bytes.subarray(at, at + 6).every((b) => b === 0xff)) return null;
  let n = 0n;
  for (let i = 0; i < 6; i++) n = (n << 8n) | BigInt(bytes[at + i]!);
  if (n >> 45n) return undefined;
  let body = '';
  for (let i = 8; i >= 0; i--) {
    const v = Number((n >> BigInt(i * 5)) & 31n);
    if (v >= mpiAlphabet.length) return undefined;
    body += mpiAlphabet[v];
  }
  return parseMpiId(body) ?? undefined;
}

/** The claims as the 38 bytes a signature covers. Throws on claims that cannot be written (a programming error). */
export function claimsBytes(keyId: string, claims: CardClaims): Uint8Array {
  const out = new Uint8Array(claimsLength);
  const view = new DataView(out.buffer);
  if (!/^[0-9a-f]{8}$/.test(keyId) || !/^[0-9a-f]{16}$/.test(claims.cardId)) throw new Error('key id or card id is not hex of the right length');
  if (!/^[A-Z-]{2}$/.test(claims.initials) || !/^[A-Za-z0-9]{11}$/.test(claims.programmeUid)) throw new Error('initials or programme UID cannot be written');
  out[0] = tokenVersion;
  out.set(Buffer.from(keyId, 'hex'), 1);
  out.set(Buffer.from(claims.cardId, 'hex'), 5);
  packMpi(claims.mpiId, out, 13);
  out[19] = claims.initials.charCodeAt(0);
  out[20] = claims.initials.charCodeAt(1);
  view.setUint16(21, claims.birthYear ?? 0);
  out.set(Buffer.from(claims.programmeUid, 'ascii'), 23);
  view.setUint16(34, dayOf(claims.issuedOn));
  view.setUint16(36, dayOf(claims.expiresOn));
  return out;
}

/** The QR text of claims signed by `sign` (64 bytes of Ed25519 over the claims' bytes). */
export function encodeToken(keyId: string, claims: CardClaims, sign: (bytes: Uint8Array) => Uint8Array): string {
  const signed = claimsBytes(keyId, claims);
  const signature = sign(signed);
  if (signature.length !== signatureLength) throw new Error(`an Ed25519 signature has ${signatureLength} bytes, not ${signature.length}`);
  const all = new Uint8Array(tokenLength);
  all.set(signed, 0);
  all.set(signature, claimsLength);
  return tokenPrefix + base45Encode(all);
}

/** What a scanned QR holds: a token to verify, or why it is none ("unsigned": a card from before signing). */
export function decodeToken(text: string, isLegacy: (text: string) => boolean): DecodedToken | { problem: TokenProblem } {
  // Line ends around pasted text go; spaces stay (a space is one of Base45's characters, even the last).
  const qr = text.replace(/^[\r\n\t]+|[\r\n\t]+$/g, '');
  if (!qr.startsWith(tokenPrefix)) return { problem: isLegacy(qr) ? 'unsigned' : 'malformed' };
  const bytes = base45Decode(qr.slice(tokenPrefix.length));
  if (!bytes || bytes.length !== tokenLength || bytes[0] !== tokenVersion) return { problem: 'malformed' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mpiId = unpackMpi(bytes, 13);
  const initials = String.fromCharCode(bytes[19]!, bytes[20]!);
  const programmeUid = Buffer.from(bytes.subarray(23, 34)).toString('ascii');
  if (mpiId === undefined || !/^[A-Z-]{2}$/.test(initials) || !/^[A-Za-z0-9]{11}$/.test(programmeUid)) return { problem: 'malformed' };
  const year = view.getUint16(21);
  return {
    keyId: hex(bytes.subarray(1, 5)),
    claims: {
      cardId: hex(bytes.subarray(5, 13)),
      mpiId,
      initials,
      birthYear: year === 0 ? null : year,
      programmeUid,
      issuedOn: isoOf(view.getUint16(34)),
      expiresOn: isoOf(view.getUint16(36)),
    },
    signed: bytes.slice(0, claimsLength),
    signature: bytes.slice(claimsLength),
  };
}
