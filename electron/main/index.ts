import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, powerSaveBlocker, safeStorage, screen, session, shell, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { createApp, type App } from '../core/app';
import { busyWork } from './busy-work';
import { registerDesktopCommands } from './desktop-commands';
import { registerIpcBridge } from './ipc-bridge';
import { createFileLogger } from './log-file';
import { createDesktopPrinting, type PrintPrefs } from './printing';
import { installMenu } from './menu';
import { electronSqliteBinding } from './native-binding';
import { appOrigin } from './origin';
import { registerAppScheme, serveRenderer } from './protocol';
import { chooseSecretBox } from './secrets';
import { closeWithin, defaultWindow, isBusy, restoredWindow, type WindowState } from './shell-policy';
import { createMainWindow, lockDownSession } from './window';

// The Electron shell: one instance, one window, the IPC bridges, the keychain, the log file, and a quit
// that never loses work silently nor hangs. The engine is the core, created exactly as the CLI creates it.

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/electron/
const appRoot = join(here, '..', '..');
const prefs = new Store<{ window: WindowState } & PrintPrefs>({ defaults: { window: defaultWindow, print: {} } });
const logsDir = join(app.getPath('userData'), 'logs');
const logger = createFileLogger(logsDir, { echo: !app.isPackaged });
/** How long quitting waits for the engine to stop its syncs and close SQLite. */
const closeLimitMs = 10_000;

registerAppScheme();
const firstInstance = app.requestSingleInstanceLock();
let core: App | undefined;
let win: BrowserWindow | undefined;

async function start(): Promise<void> {
  const dataDir = process.env.OOMUS_DATA_DIR ?? join(app.getPath('userData'), 'data');
  logger.info(`Oomus CampaignID ${app.getVersion()} starting; data in ${dataDir}`);
  core = await createApp({
    dataDir,
    logger,
    // Laptops on the office network get the same screens from the network listener.
    rendererDir: join(appRoot, 'dist', 'renderer'),
    secrets: chooseSecretBox(safeStorage, dataDir, (msg) => logger.warn(msg)),
    nativeBinding: electronSqliteBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appRoot,
      electronVersion: process.versions.electron,
    }),
  });
  const engine = core;
  registerIpcBridge(ipcMain, engine.dispatch);
  const preloadPath = join(here, 'preload.cjs');
  const printing = createDesktopPrinting({ core: engine, preloadPath, prefs, window: () => win?.webContents });
  registerDesktopCommands(ipcMain, {
    printers: () => printing.printers(),
    print: (input) => printing.print(input),
    'open-log-folder': async () => {
      const problem = await shell.openPath(logsDir);
      if (problem) throw new Error(`The log folder ${logsDir} could not be opened: ${problem}`);
      return { path: logsDir };
    },
  });
  lockDownSession(session.defaultSession);
  serveRenderer(join(appRoot, 'dist', 'renderer'));
  installMenu(app.isPackaged);
  keepAwakeWhileBusy(engine);

  const state = restoredWindow(prefs.get('window'), screen.getAllDisplays().map((d) => d.workArea));
  const window = createMainWindow(preloadPath, state, () => engine.dhis2.config.view()?.url ?? null);
  win = window;
  window.on('close', () => prefs.set('window', { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
  await window.loadURL(`${appOrigin}/index.html`);
}

/** A sync or a generation keeps the laptop from sleeping; nothing else does. */
function keepAwakeWhileBusy(engine: App): void {
  let blocker: number | undefined;
  const check = (): void => {
    const busy = busyWork(engine);
    const wanted = busy.syncs + busy.generations > 0;
    if (wanted && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!wanted && blocker !== undefined) {
      powerSaveBlocker.stop(blocker);
      blocker = undefined;
    }
  };
  setInterval(check, 5_000).unref();
}

if (!firstInstance) {
  // Another instance holds the database: it is brought forward, and this one ends here.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(start).catch((err: unknown) => {
    logger.error(`Start failed: ${(err as Error).stack ?? String(err)}`);
    dialog.showErrorBox('Oomus CampaignID cannot start', (err as Error).message);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (!core || quitting) return;
    const busy = busyWork(core);
    if (isBusy(busy)) {
      const choice = dialog.showMessageBoxSync({
        type: 'warning',
        buttons: ['Quitter quand même', 'Annuler'],
        defaultId: 1,
        cancelId: 1,
        title: 'Oomus CampaignID',
        message: 'Un travail est en cours.',
        detail: `${busy.syncs} synchronisation(s), ${busy.generations} génération(s) de cartes et ${busy.sending} envoi(s) en cours. ` +
          'Les synchronisations et les générations reprendront au prochain démarrage ; un message en cours d’envoi sera marqué « inconnu ».',
      });
      if (choice === 1) {
        event.preventDefault();
        return;
      }
    }
    quitting = true;
  });

  let closing = false;
  app.on('will-quit', (event) => {
    if (!core || closing) return;
    closing = true;
    event.preventDefault();
    const engine = core;
    void closeWithin(() => engine.close(), closeLimitMs).then((closed) => {
      if (!closed) logger.warn(`The engine did not close within ${closeLimitMs / 1000} s; quitting anyway (interrupted work resumes at the next start).`);
      app.exit(0);
    });
  });
}
