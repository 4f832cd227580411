import type { PrinterChoice } from '../core/api/contract/desktop';
import type { PrintLayoutId } from '../core/api/contract/printing';
import { maxCopies } from '../core/api/contract/printing';

// How the desktop app prints, as plain functions: the options handed to webContents.print (true size: the
// page is the format's own size in microns, no margins, no scaling, backgrounds printed, no dialog), and
// which printer a format goes to when the person has not chosen one yet.

/** The page size of each format in microns, as the print page's CSS pages are (A4; ISO CR80). */
export const pageMicrons: Record<PrintLayoutId, { width: number; height: number }> = {
  a4: { width: 210_000, height: 297_000 },
  cr80: { width: 85_600, height: 53_980 },
};

export interface TrueSizePrint {
  silent: true;
  deviceName: string;
  copies: number;
  printBackground: true;
  color: true;
  landscape: false;
  scaleFactor: 100;
  margins: { marginType: 'none' };
  pageSize: { width: number; height: number };
}

export function printOptions(layout: PrintLayoutId, printer: string, copies: number): TrueSizePrint {
  if (!printer.trim()) throw new Error('Choose a printer first.');
  if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies) throw new Error(`Copies must be a whole number from 1 to ${maxCopies}.`);
  return {
    silent: true, deviceName: printer, copies, printBackground: true, color: true, landscape: false, scaleFactor: 100,
    margins: { marginType: 'none' },
    pageSize: { ...pageMicrons[layout] },
  };
}

/** Card printers by the names their drivers give them (Evolis, Zebra, Fargo, Magicard, Datacard, Matica, IDP). */
const cardPrinter = /evolis|zebra|fargo|magicard|datacard|entrust|matica|idp|smart-?\d|primacy|zenius|badgy|cr80|card/i;

/** The printer a format goes to: the one last used for it if it is still there; for CR80 a card printer;
 * otherwise the system's default printer; null when there is none. */
export function choosePrinter(printers: PrinterChoice[], remembered: string | null | undefined, layout: PrintLayoutId): string | null {
  if (remembered && printers.some((p) => p.name === remembered)) return remembered;
  if (layout === 'cr80') {
    const card = printers.find((p) => cardPrinter.test(`${p.name} ${p.displayName}`));
    if (card) return card.name;
  }
  const sheetPrinters = layout === 'a4' ? printers.filter((p) => !cardPrinter.test(`${p.name} ${p.displayName}`)) : printers;
  return (sheetPrinters.find((p) => p.isDefault) ?? sheetPrinters[0] ?? printers.find((p) => p.isDefault) ?? null)?.name ?? null;
}

/** Waits until the print page says it is ready (every card decoded): 'true'; 'failed' or no answer in time
 * is an error in words, so a print job never goes out with blank cards. */
export async function waitUntilReady(read: () => Promise<string | undefined>, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<void> {
  const until = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const state = await read();
    if (state === 'true') return;
    if (state === 'failed') throw new Error('The print page could not load its cards (see the Print screen for the reason); nothing was printed.');
    if (Date.now() > until) throw new Error('The print page did not finish loading its cards in time; nothing was printed.');
    await new Promise((r) => setTimeout(r, options.everyMs ?? 200));
  }
}
