import { inflateSync } from 'node:zlib';

// Reads which code points a WOFF (1.0) font maps to glyphs, from its cmap table. Used to prove that every
// character a card draws is covered by a bundled font (Skia would otherwise fall back to whatever the
// machine has, or draw a box).

export function woffCodePoints(woff: Uint8Array): Set<number> {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file');
  const numTables = view.getUint16(12);
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    if (view.getUint32(entry) !== 0x636d6170) continue; // 'cmap'
    const offset = view.getUint32(entry + 4);
    const compLength = view.getUint32(entry + 8);
    const origLength = view.getUint32(entry + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const table = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    return cmapCodePoints(new DataView(table.buffer, table.byteOffset, table.byteLength));
  }
  throw new Error('font has no cmap table');
}

function cmapCodePoints(cmap: DataView): Set<number> {
  const count = cmap.getUint16(2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < count; i++) {
    const platform = cmap.getUint16(4 + i * 8);
    const offset = cmap.getUint32(4 + i * 8 + 4);
    const format = cmap.getUint16(offset);
    if ((platform === 3 || platform === 0) && (format === 12 || (format === 4 && best?.format !== 12))) best = { offset, format };
  }
  if (!best) throw new Error('font has no Unicode cmap subtable');
  const points = new Set<number>();
  const at = best.offset;
  if (best.format === 12) {
    const groups = cmap.getUint32(at + 12);
    for (let g = 0; g < groups; g++) {
      const start = cmap.getUint32(at + 16 + g * 12);
      const end = cmap.getUint32(at + 16 + g * 12 + 4);
      const glyph = cmap.getUint32(at + 16 + g * 12 + 8);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.add(c);
    }
    return points;
  }
  const segCount = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = cmap.getUint16(ends + s * 2);
    const start = cmap.getUint16(starts + s * 2);
    const delta = cmap.getInt16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const glyphAt = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = cmap.getUint16(glyphAt);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) points.add(c);
    }
  }
  return points;
}
