import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, safeStorage, session } from 'electron';
import Store from 'electron-store';
import { createApp, type App } from '../core/app';
import { registerIpcBridge } from './ipc-bridge';
import { electronSqliteBinding } from './native-binding';
import { registerAppScheme, serveRenderer } from './protocol';
import { chooseSecretBox } from './secrets';
import { appOrigin } from './origin';
import { createMainWindow, lockDownSession } from './window';

// The Electron shell: window, IPC bridge, keychain. The engine is the core, created here exactly as the
// headless CLI creates it.

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/electron/
const appRoot = join(here, '..', '..');
const prefs = new Store<{ window: { width: number; height: number } }>({
  defaults: { window: { width: 1280, height: 820 } },
});

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let core: App | undefined;

async function start(): Promise<void> {
  const dataDir = process.env.OOMUS_DATA_DIR ?? join(app.getPath('userData'), 'data');
  core = await createApp({
    dataDir,
    secrets: chooseSecretBox(safeStorage, dataDir, (msg) => console.warn(msg)),
    nativeBinding: electronSqliteBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appRoot,
      electronVersion: process.versions.electron,
    }),
  });
  registerIpcBridge(ipcMain, core.dispatch);
  lockDownSession(session.defaultSession);
  serveRenderer(join(appRoot, 'dist', 'renderer'));

  const win = createMainWindow(join(here, 'preload.cjs'), prefs.get('window'));
  win.on('close', () => {
    const [width = 1280, height = 820] = win.getSize();
    prefs.set('window', { width, height });
  });
  await win.loadURL(`${appOrigin}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('second-instance', () => {
  // The first instance stays the only one that holds the database.
});

app.whenReady().then(start).catch((err: unknown) => {
  dialog.showErrorBox('Oomus CampaignID cannot start', (err as Error).message);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());

let closing = false;
app.on('will-quit', (event) => {
  if (!core || closing) return;
  closing = true;
  event.preventDefault();
  void core.close().finally(() => app.exit(0));
});
