import { BrowserWindow, type WebContents } from 'electron';
import type { DesktopCommands, PrinterChoice } from '../core/api/contract/desktop';
import type { PrintLayoutId } from '../core/api/contract/printing';
import type { App } from '../core/app';
import { appOrigin } from './origin';
import { choosePrinter, waitUntilReady } from './print-policy';
import { printCards } from './print-sequence';

// Printing straight to a printer: the print page is loaded in a hidden window (the same page a browser
// prints), and once every card is decoded it goes to the printer at true size without a dialog. The order
// (check, print, then record) is print-sequence.ts, tested in Node.

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

    print: (input) =>
      printCards({
        dispatch: deps.core.dispatch,
        printPage: async (route, options) => {
          const win = new BrowserWindow({
            show: false,
            webPreferences: { preload: deps.preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, spellcheck: false },
          });
          try {
            await win.loadURL(`${appOrigin}/index.html#${route}`);
            await waitUntilReady(() => win.webContents.executeJavaScript('document.body.dataset.printReady') as Promise<string | undefined>);
            await new Promise<void>((resolve, reject) => {
              win.webContents.print(options, (success, failureReason) => (success ? resolve() : reject(new Error(failureReason))));
            });
          } finally {
            win.destroy();
          }
        },
        remember: (layout, printer) => deps.prefs.set('print', { ...deps.prefs.get('print'), [layout]: printer }),
      }, input),
  };
}
