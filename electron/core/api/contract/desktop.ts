import type { PrintLayoutId, PrintSheetAddress } from './printing';
import type { PrintJob } from './schemas/printing';

// What only the desktop app can do for its own window, beside the route table: things of the machine it
// runs on (its folders, its printers). They travel on their own IPC channel, checked against this list,
// and never over HTTP: a laptop on the office network cannot open a folder on this one.

export interface PrinterChoice {
  name: string;
  displayName: string;
  isDefault: boolean;
}

export interface DesktopCommands {
  /** Opens the folder of the log files in the system's file manager; answers its path. */
  'open-log-folder': { input: undefined; answer: { path: string } };
  /** The machine's printers, and the one last used (or the likely one) for each format. */
  printers: { input: undefined; answer: { printers: PrinterChoice[]; chosen: Record<PrintLayoutId, string | null> } };
  /** Prints a print page on a printer, at true size; the cards are recorded as printed once the job succeeded. */
  print: { input: { address: PrintSheetAddress; printer: string; copies: number }; answer: { job: PrintJob } };
}

export type DesktopCommand = keyof DesktopCommands;
export const desktopCommands: readonly DesktopCommand[] = ['open-log-folder', 'printers', 'print'];
export const isDesktopCommand = (value: unknown): value is DesktopCommand => (desktopCommands as readonly unknown[]).includes(value);

/** What the preload exposes as window.oomus.desktop, in the desktop app only. */
export interface DesktopBridge {
  run<C extends DesktopCommand>(command: C, input?: DesktopCommands[C]['input']): Promise<{ ok: true; answer: DesktopCommands[C]['answer'] } | { ok: false; message: string }>;
}
