// How an SMS text travels: GSM-7 (3GPP TS 23.038 default alphabet, 7-bit septets) when every character is
// in the basic table or its extension table, UCS-2 otherwise (one accent outside GSM-7, such as ê or ç,
// switches the whole message). Single messages hold 160 septets or 70 UTF-16 units; concatenated ones
// lose room to the 6-byte user data header: 153 septets or 67 units per segment. An extension character
// (escape + code, two septets) and a surrogate pair (two units) are never split across segments.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Characters as people count them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies. */
  units: number;
  segments: number;
  /** Units one segment holds at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
  /** Units still free in the last segment. */
  remaining: number;
  /** The characters that forced UCS-2 (each once, in order of appearance); empty for GSM-7. */
  nonGsmCharacters: string[];
}

// Basic table, in code order 0x00–0x7F (0x1B, the escape to the extension table, is not a character).
const basic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const extension = '\f^{}\\[~]|€';

const basicSet = new Set([...basic].filter((c) => c !== '\u001b'));
const extensionSet = new Set([...extension]);

export const gsm7 = { single: 160, multi: 153 } as const;
export const ucs2 = { single: 70, multi: 67 } as const;

/** Septets a character takes in GSM-7 (1 or 2), or 0 when it has no GSM-7 form. */
export function gsmSeptets(char: string): 0 | 1 | 2 {
  if (basicSet.has(char)) return 1;
  if (extensionSet.has(char)) return 2;
  return 0;
}

/** Segments for a sequence of indivisible unit sizes, never splitting one across two segments. */
function segmentsOf(sizes: number[], limits: { single: number; multi: number }): { segments: number; units: number; remaining: number; perSegment: number } {
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units <= limits.single) return { segments: 1, units, remaining: limits.single - units, perSegment: limits.single };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.multi) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { segments, units, remaining: limits.multi - used, perSegment: limits.multi };
}

export function countSms(text: string): SmsCount {
  const chars = [...text];
  const nonGsm = [...new Set(chars.filter((c) => gsmSeptets(c) === 0))];
  if (nonGsm.length === 0) {
    return { encoding: 'GSM-7', characters: chars.length, ...segmentsOf(chars.map((c) => gsmSeptets(c)), gsm7), nonGsmCharacters: [] };
  }
  return { encoding: 'UCS-2', characters: chars.length, ...segmentsOf(chars.map((c) => c.length), ucs2), nonGsmCharacters: nonGsm };
}
