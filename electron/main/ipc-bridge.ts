import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { matchRoute } from '../core/api/contract/route-catalog';
import type { Dispatch } from '../core/api/dispatch';
import { isAppMainFrame } from './shell-policy';

export const invokeChannel = 'oomus:invoke';

// The renderer's only way into the core: one channel, from the app page's main frame, for routes in the
// catalogue, dispatched into the same route table the HTTP listener uses.
export function registerIpcBridge(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch): void {
  ipcMain.handle(invokeChannel, async (event: IpcMainInvokeEvent, request: unknown) => {
    if (!isAppMainFrame(event.senderFrame)) {
      return { status: 403, contentType: 'application/json', body: { error: { code: 'unauthorized', message: 'IPC from an unknown page' } } };
    }
    const { method, path, body } = (request ?? {}) as { method?: unknown; path?: unknown; body?: unknown };
    if (typeof method !== 'string' || typeof path !== 'string' || !matchRoute(method, path)) {
      return {
        status: 404,
        contentType: 'application/json',
        body: { error: { code: 'not_found', message: `No route ${String(method)} ${String(path).slice(0, 100)}` } },
      };
    }
    return dispatch(method, path, body);
  });
}
