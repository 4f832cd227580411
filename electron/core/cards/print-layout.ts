import { cardHeightMm, cardWidthMm } from '../../../templates/kit/units';

// Where cards go on print pages, in millimetres from the page's top-left corner. Pure geometry, so tests
// can hold the PDFs to it.

export type PrintLayout = 'a4-sheet' | 'cr80';

export interface Slot { x: number; y: number; w: number; h: number }
export interface Line { x1: number; y1: number; x2: number; y2: number }

export const a4 = { w: 210, h: 297 } as const;
export const cardsPerSheet = 10;
const columns = 2;
const rows = 5;
/** Gaps between cards: room for the guillotine and for crop marks. */
const gapX = 6;
const gapY = 3;
const markLength = 3;
/** Marks stop short of the card so a slightly-off cut never shows them. */
const markOffset = 1;

const gridW = columns * cardWidthMm + (columns - 1) * gapX;
const gridH = rows * cardHeightMm + (rows - 1) * gapY;
const originX = (a4.w - gridW) / 2;
const originY = (a4.h - gridH) / 2;

/** The ten card positions on an A4 sheet (2 × 5), left to right then top to bottom. */
export const a4Slots: readonly Slot[] = Array.from({ length: cardsPerSheet }, (_, i) => ({
  x: originX + (i % columns) * (cardWidthMm + gapX),
  y: originY + Math.floor(i / columns) * (cardHeightMm + gapY),
  w: cardWidthMm,
  h: cardHeightMm,
}));

/** Crop marks for the cards in the first `count` slots: short lines extending each card edge outwards. */
export function cropMarks(count: number): Line[] {
  const lines: Line[] = [];
  const room = Math.min(markLength, gapY - markOffset, gapX / 2 - markOffset);
  for (const s of a4Slots.slice(0, count)) {
    for (const x of [s.x, s.x + s.w]) {
      lines.push({ x1: x, y1: s.y - markOffset, x2: x, y2: s.y - markOffset - room });
      lines.push({ x1: x, y1: s.y + s.h + markOffset, x2: x, y2: s.y + s.h + markOffset + room });
    }
    for (const y of [s.y, s.y + s.h]) {
      lines.push({ x1: s.x - markOffset, y1: y, x2: s.x - markOffset - room, y2: y });
      lines.push({ x1: s.x + s.w + markOffset, y1: y, x2: s.x + s.w + markOffset + room, y2: y });
    }
  }
  return lines;
}

export const cr80Page = { w: cardWidthMm, h: cardHeightMm } as const;
