import { contextBridge, ipcRenderer } from 'electron';
import { isDesktopCommand } from '../core/api/contract/desktop';
import { matchRoute } from '../core/api/contract/route-catalog';

// The single bridge: invoke(method, path, body) for routes of the catalogue, and desktop.run(command) for
// the listed desktop commands; nothing else. Sandboxed preloads cannot load files, so this is bundled with
// the lists it checks against.
contextBridge.exposeInMainWorld('oomus', {
  invoke(method: string, path: string, body?: unknown): Promise<unknown> {
    if (typeof method !== 'string' || typeof path !== 'string' || !matchRoute(method, path)) {
      return Promise.reject(new Error(`No route ${String(method)} ${String(path)}`));
    }
    return ipcRenderer.invoke('oomus:invoke', { method, path, body });
  },
  desktop: {
    run(command: string, input?: unknown): Promise<unknown> {
      if (!isDesktopCommand(command)) return Promise.reject(new Error(`No desktop command ${String(command)}`));
      return ipcRenderer.invoke('oomus:desktop', { command, input });
    },
  },
});
