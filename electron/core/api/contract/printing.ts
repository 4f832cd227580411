// Printing cards: the two formats (A4 sheets of 2 × 5 with crop marks, or one CR80 card a page for a card
// printer), and how many copies a job may ask for.

export const printLayouts = ['a4', 'cr80'] as const;
export type PrintLayoutId = (typeof printLayouts)[number];
export const maxCopies = 20;
/** Cards one print page or job may hold (100 A4 sheets): a larger run prints in page ranges. */
export const maxPrintCards = 1000;

/** What a print page shows, as its address carries it (the UI's #/print-sheet route). */
export interface PrintSheetAddress {
  layout: PrintLayoutId;
  task_id?: string;
  from_page?: number;
  to_page?: number;
  enrollment_ids?: string;
}

/** The UI's route of a print page: the Print screen opens it in a browser tab, the desktop app in the hidden
 * window it prints from. */
export function printSheetRoute(address: PrintSheetAddress, options: { auto?: boolean } = {}): string {
  const query = new URLSearchParams({ layout: address.layout });
  if (address.task_id) query.set('task_id', address.task_id);
  if (address.from_page !== undefined) query.set('from_page', String(address.from_page));
  if (address.to_page !== undefined) query.set('to_page', String(address.to_page));
  if (address.enrollment_ids) query.set('enrollment_ids', address.enrollment_ids);
  if (options.auto) query.set('auto', '1');
  return `/print-sheet?${query.toString()}`;
}
