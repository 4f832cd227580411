// The card space: ISO/IEC 7810 ID-1 (CR80), in millimetres. Templates lay out in millimetres only.

export const cardWidthMm = 85.6;
export const cardHeightMm = 53.98;
export const cornerRadiusMm = 3.18;
/** Text and the QR stay this far inside the edge; backgrounds bleed to it. */
export const safeMarginMm = 3;
export const minQrMm = 18;

export const supportedDpis = [300, 450, 600] as const;
export type Dpi = (typeof supportedDpis)[number];

export const mmPerPt = 25.4 / 72;
export const ptToMm = (pt: number): number => pt * mmPerPt;

/** Pixel size of a card at a DPI: 1011 × 638 at 300, 1517 × 956 at 450, 2022 × 1275 at 600. */
export function cardPixels(dpi: number): { width: number; height: number } {
  return { width: Math.round((cardWidthMm / 25.4) * dpi), height: Math.round((cardHeightMm / 25.4) * dpi) };
}

export interface Box { x: number; y: number; w: number; h: number }

export const cardBox: Box = { x: 0, y: 0, w: cardWidthMm, h: cardHeightMm };
export const safeBox: Box = { x: safeMarginMm, y: safeMarginMm, w: cardWidthMm - 2 * safeMarginMm, h: cardHeightMm - 2 * safeMarginMm };

export function inset(box: Box, by: number, byY = by): Box {
  return { x: box.x + by, y: box.y + byY, w: box.w - 2 * by, h: box.h - 2 * byY };
}

export function contains(outer: Box, inner: Box, tolerance = 0.01): boolean {
  return inner.x >= outer.x - tolerance && inner.y >= outer.y - tolerance
    && inner.x + inner.w <= outer.x + outer.w + tolerance && inner.y + inner.h <= outer.y + outer.h + tolerance;
}

export function overlaps(a: Box, b: Box, tolerance = 0.01): boolean {
  return a.x + a.w > b.x + tolerance && b.x + b.w > a.x + tolerance && a.y + a.h > b.y + tolerance && b.y + b.h > a.y + tolerance;
}
