import { app, BrowserWindow, shell, type Session } from 'electron';
import { appOrigin } from './origin';
import { externalUrlAllowed, permissionAllowed, type WindowState } from './shell-policy';

// Electron's security checklist, stated once: isolated, sandboxed renderer without Node; the app's own
// origin only; no navigation, no new windows, no webviews, no permission but the clipboard write of the
// copy buttons and the camera of the Vérifier screen; links to the system browser only for Google Wallet save pages and the office's DHIS2;
// DevTools only when not packaged.

export function createMainWindow(preloadPath: string, state: WindowState, dhis2Url: () => string | null): BrowserWindow {
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Oomus CampaignID',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url, dhis2Url())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  return win;
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, { url: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes ?? [] : [] }, appOrigin)));
  session.setPermissionCheckHandler((_wc, permission, _origin, details) =>
    permissionAllowed(permission, { url: details.requestingUrl, mediaTypes: 'mediaType' in details && details.mediaType ? [details.mediaType] : [] }, appOrigin));
}
