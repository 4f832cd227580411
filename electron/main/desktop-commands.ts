import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { isDesktopCommand, type DesktopCommand, type DesktopCommands } from '../core/api/contract/desktop';
import { isAppMainFrame } from './shell-policy';

export const desktopChannel = 'oomus:desktop';

export type DesktopHandlers = { [C in DesktopCommand]: (input: DesktopCommands[C]['input']) => Promise<DesktopCommands[C]['answer']> };

// The desktop commands' one channel: from the app page's main frame, a command of the list, its handler's
// answer or its error in words; never a throw across IPC.
export function registerDesktopCommands(ipcMain: Pick<IpcMain, 'handle'>, handlers: DesktopHandlers): void {
  ipcMain.handle(desktopChannel, async (event: IpcMainInvokeEvent, request: unknown) => {
    if (!isAppMainFrame(event.senderFrame)) return { ok: false, message: 'Desktop command from an unknown page' };
    const { command, input } = (request ?? {}) as { command?: unknown; input?: unknown };
    if (!isDesktopCommand(command)) return { ok: false, message: `No desktop command ${String(command).slice(0, 60)}` };
    try {
      return { ok: true, answer: await (handlers[command] as (i: unknown) => Promise<unknown>)(input) };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  });
}
