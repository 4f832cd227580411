import type { DesktopCommands } from '../core/api/contract/desktop';
import { printSheetRoute, type PrintLayoutId } from '../core/api/contract/printing';
import type { PrintJob, PrintSheet } from '../core/api/contract/schemas/printing';
import type { App } from '../core/app';
import { printOptions, type TrueSizePrint } from './print-policy';

// What "Imprimer" does, in order, without Electron: check the selection, print the page, and only then
// record the cards as printed and remember the printer for the format. The hidden window that prints is
// passed in (printing.ts), so the sequence is tested in Node with a printer that refuses and one that takes.

export interface PrintSequenceDeps {
  dispatch: App['dispatch'];
  /** Loads the print page at that address in a hidden window and prints it; rejects when the printer refuses. */
  printPage(route: string, options: TrueSizePrint): Promise<void>;
  remember(layout: PrintLayoutId, printer: string): void;
}

const messageOf = (body: unknown, status: number): string =>
  (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${status}`;

export async function printCards(deps: PrintSequenceDeps, input: DesktopCommands['print']['input']): Promise<DesktopCommands['print']['answer']> {
  const { address, printer, copies } = input;
  const options = printOptions(address.layout, printer, copies);
  // The same selection the page will show, asked first so a refusal is said before a window opens.
  const route = printSheetRoute(address);
  const sheet = await deps.dispatch('GET', `/dhis2/print-sheet?${route.split('?')[1] ?? ''}`);
  if (sheet.status !== 200) throw new Error(messageOf(sheet.body, sheet.status));
  const cards = (sheet.body as PrintSheet).pages.flatMap((p) => p.cards).map((c) => ({ enrollment_id: c.enrollment_id, task_id: c.task_id }));
  try {
    await deps.printPage(route, options);
  } catch (err) {
    throw new Error(`The printer ${printer} did not take the job: ${(err as Error).message || 'no reason given'}. Nothing was marked printed.`);
  }
  const recorded = await deps.dispatch('POST', '/dhis2/print-jobs', { layout: address.layout, printer, copies, cards });
  if (recorded.status !== 201) throw new Error(`Printed, but not recorded: ${messageOf(recorded.body, recorded.status)}`);
  deps.remember(address.layout, printer);
  return { job: recorded.body as PrintJob };
}
