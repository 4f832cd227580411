import type { EncodedImage } from '../cards/png-encoder';

// Reads back a card PNG we wrote (8-bit RGB, one or more IDAT chunks) as the encoder's output, so print
// files embed its compressed rows without decoding them.

export function readCardPng(png: Uint8Array): EncodedImage {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG file');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2 || data[12] !== 0) throw new Error('card PNGs are 8-bit RGB, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!width || idat.length === 0) throw new Error('PNG without IHDR or IDAT');
  return { width, height, idat: idat.length === 1 ? idat[0]! : Buffer.concat(idat) };
}
