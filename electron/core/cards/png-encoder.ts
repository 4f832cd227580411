import { crc32, deflateSync } from 'node:zlib';

// Lossless PNG from raw canvas pixels. Skia's own encoder spends ~100 ms on a 300-DPI card (it tries
// every row filter at a high deflate level); cards are flat colour and text, which the "Up" filter and a
// fast deflate level compress well in a fraction of that. The same filtered, deflated stream is what a
// PDF image with /Predictor 15 expects, so print files reuse it without re-encoding (see EncodedImage).

export interface EncodedImage {
  width: number;
  height: number;
  /** zlib stream of the filtered RGB rows: PNG IDAT data, and a PDF FlateDecode stream with Predictor 15. */
  idat: Buffer;
}

const rowFilterUp = 2;
// The filtered rows are scratch space (deflate copies what it needs): one buffer per image size, reused,
// instead of 2–8 MB of garbage per card.
const scratch = new Map<number, Buffer>();

/** Drops alpha (cards are opaque; premultiplied pixels equal straight ones there) and filters each row with "Up". */
export function encodeRgb(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, level = 2): EncodedImage {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  const stride = width * 3;
  const size = (stride + 1) * height;
  let out = scratch.get(size);
  if (!out) { out = Buffer.allocUnsafe(size); scratch.set(size, out); }
  const row = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  let o = 0;
  for (let y = 0; y < height; y++) {
    let i = y * width * 4;
    for (let x = 0; x < stride; x += 3, i += 4) {
      row[x] = rgba[i]!;
      row[x + 1] = rgba[i + 1]!;
      row[x + 2] = rgba[i + 2]!;
    }
    out[o++] = rowFilterUp;
    for (let x = 0; x < stride; x++) out[o++] = (row[x]! - prev[x]!) & 0xff;
    prev.set(row);
  }
  return { width, height, idat: deflateSync(out, { level, memLevel: 9 }) };
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG file (8-bit RGB) whose pHYs chunk carries the DPI, so printers print the card at true size. */
export function pngFile(image: EncodedImage, dpi: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const phys = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys[8] = 1; // unit: metre
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('pHYs', phys), chunk('IDAT', image.idat), chunk('IEND', Buffer.alloc(0))]);
}
