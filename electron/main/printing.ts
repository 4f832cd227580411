import { BrowserWindow, type WebContents, type WebContentsPrintOptions } from 'electron';
import type { DesktopCommands, PrinterChoice } from '../core/api/contract/desktop';
import { printSheetRoute, type PrintLayoutId } from '../core/api/contract/printing';
import type { PrintJob, PrintSheet } from '../core/api/contract/schemas/printing';
import type { App } from '../core/app';
import { appOrigin } from './origin';
import { choosePrinter, printOptions, waitUntilReady } from './print-policy';

// Printing straight to a printer: the print page is loaded in a hidden window (the same page a browser
// prints), and once every card is decoded it goes to the printer at true size without a dialog. The cards
// are recorded as printed only when the printer accepted the job.

export interface PrintPrefs { print: Partial<Record<PrintLayoutId, string>> }

/** Where the printer last used for each format is kept (electron-store's get and set). */
export interface PrintPrefStore {
  get(key: 'print'): PrintPrefs['print'];
  set(key: 'print', value: PrintPrefs['print']): void;
}

export function createDesktopPrinting(deps: {
  core: App;
  preloadPath: string;
  prefs: PrintPrefStore;
  /** The app window, whose webContents lists the printers. */
  window: () => WebContents | undefined;
}): { printers(): Promise<DesktopCommands['printers']['answer']>; print(input: DesktopCommands['print']['input']): Promise<DesktopCommands['print']['answer']> } {
  const remembered = (layout: PrintLayoutId): string | undefined => deps.prefs.get('print')?.[layout];

  return {
    async printers() {
      const contents = deps.window();
      const found = contents ? await contents.getPrintersAsync() : [];
      const printers: PrinterChoice[] = found.map((p) => ({ name: p.name, displayName: p.displayName || p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) }));
      return { printers, chosen: { a4: choosePrinter(printers, remembered('a4'), 'a4'), cr80: choosePrinter(printers, remembered('cr80'), 'cr80') } };
    },

    async print({ address, printer, copies }) {
      const options: WebContentsPrintOptions = printOptions(address.layout, printer, copies);
      // The same selection the page will show, checked first so a refusal is said before a window opens.
      const query = new URLSearchParams(printSheetRoute(address).split('?')[1] ?? '');
      const sheet = await deps.core.dispatch('GET', `/dhis2/print-sheet?${query.toString()}`);
      if (sheet.status !== 200) throw new Error((sheet.body as { error?: { message?: string } }).error?.message ?? `HTTP ${sheet.status}`);
      const cards = (sheet.body as PrintSheet).pages.flatMap((p) => p.cards).map((c) => ({ enrollment_id: c.enrollment_id, task_id: c.task_id }));

      const win = new BrowserWindow({
        show: false,
        webPreferences: { preload: deps.preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, spellcheck: false },
      });
      try {
        await win.loadURL(`${appOrigin}/index.html#${printSheetRoute(address)}`);
        await waitUntilReady(() => win.webContents.executeJavaScript('document.body.dataset.printReady') as Promise<string | undefined>);
        await new Promise<void>((resolve, reject) => {
          win.webContents.print(options, (success, failureReason) => (success ? resolve() : reject(new Error(`The printer ${printer} did not take the job: ${failureReason || 'no reason given'}. Nothing was marked printed.`))));
        });
      } finally {
        win.destroy();
      }
      const recorded = await deps.core.dispatch('POST', '/dhis2/print-jobs', { layout: address.layout, printer, copies, cards });
      if (recorded.status !== 201) throw new Error(`Printed, but not recorded: ${(recorded.body as { error?: { message?: string } }).error?.message ?? recorded.status}`);
      deps.prefs.set('print', { ...deps.prefs.get('print'), [address.layout]: printer });
      return { job: recorded.body as PrintJob };
    },
  };
}
