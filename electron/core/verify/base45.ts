// Base45 (RFC 9285): bytes as characters of the QR code's alphanumeric mode, which packs 2 characters in
// 11 bits, so 2 bytes cost 16.5 bits in the QR against 16 as raw bytes but the code stays in the denser
// mode (byte mode would pay 8 bits a character for Base64 text).

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const valueOf = new Map([...alphabet].map((c, i) => [c, i]));

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i]! << 8) + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += alphabet[c]! + alphabet[d]! + alphabet[e]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45)]!;
  }
  return out;
}

/** The bytes, or null when the text is not Base45 (a character outside the alphabet, a bad length or value). */
export function base45Decode(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const chunk = text.slice(i, i + 3);
    const v = [...chunk].map((ch) => valueOf.get(ch));
    if (v.some((x) => x === undefined)) return null;
    const [c, d, e] = v as number[];
    if (chunk.length === 3) {
      const n = c! + d! * 45 + e! * 45 * 45;
      if (n > 0xffff) return null;
      out.push(n >> 8, n & 0xff);
    } else {
      const n = c! + d! * 45;
      if (n > 0xff) return null;
      out.push(n);
    }
  }
  return Uint8Array.from(out);
}
