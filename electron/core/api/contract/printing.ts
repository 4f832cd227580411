// Printing cards: the two formats (A4 sheets of 2 × 5 with crop marks, or one CR80 card a page for a card
// printer), and how many copies a job may ask for.

export const printLayouts = ['a4', 'cr80'] as const;
export type PrintLayoutId = (typeof printLayouts)[number];
export const maxCopies = 20;
/** Cards one print page or job may hold (100 A4 sheets): a larger run prints in page ranges. */
export const maxPrintCards = 1000;
