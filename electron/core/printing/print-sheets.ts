import { a4, a4Slots, cardsPerSheet, cr80Page, cropMarks } from '../cards/print-layout';
import type { PlacedCard, PrintPage, PrintSheet } from '../api/contract/schemas/printing';
import type { PrintLayoutId } from '../api/contract/printing';

// The print page's content: cards placed in millimetres exactly as the print PDFs place them (the same
// slots and crop marks), so a sheet printed from the app and cards-a4.pdf are one geometry.

export interface SheetCard {
  enrollment_id: string;
  mpi_id: string | null;
  name: string | null;
  task_id: string | null;
  seq: number | null;
}

export const cardsPerPage = (layout: PrintLayoutId): number => (layout === 'a4' ? cardsPerSheet : 1);

/** Pages numbered from `firstPage`, holding `cards` in order. */
export function layOut(layout: PrintLayoutId, cards: SheetCard[], firstPage: number, totals: { pages: number; cards: number }): PrintSheet {
  const perPage = cardsPerPage(layout);
  const pages: PrintPage[] = [];
  for (let i = 0; i < cards.length; i += perPage) {
    const onPage = cards.slice(i, i + perPage);
    const placed: PlacedCard[] = onPage.map((card, k) => {
      const slot = layout === 'a4' ? a4Slots[k]! : { x: 0, y: 0, w: cr80Page.w, h: cr80Page.h };
      return { ...card, x: slot.x, y: slot.y, w: slot.w, h: slot.h };
    });
    pages.push({ number: firstPage + i / perPage, cards: placed, marks: layout === 'a4' ? cropMarks(onPage.length) : [] });
  }
  return { layout, page: layout === 'a4' ? { w: a4.w, h: a4.h } : { w: cr80Page.w, h: cr80Page.h }, total_pages: totals.pages, total_cards: totals.cards, pages };
}
