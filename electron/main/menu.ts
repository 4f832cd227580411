import { app, Menu, type MenuItemConstructorOptions } from 'electron';

// The application menu. A packaged app has no View menu (no reload, no DevTools), only what an office needs:
// About with the version, editing (copy and paste in forms), and the window. `npm start` keeps Electron's
// default menu with its developer tools.
export function installMenu(isPackaged: boolean): void {
  app.setAboutPanelOptions({ applicationName: 'Oomus CampaignID', applicationVersion: app.getVersion(), version: `Electron ${process.versions.electron}` });
  if (!isPackaged) return;
  const template: MenuItemConstructorOptions[] = [
    { label: 'Oomus CampaignID', submenu: [{ role: 'about', label: 'À propos' }, { type: 'separator' }, { role: 'quit', label: 'Quitter' }] },
    { label: 'Édition', submenu: [{ role: 'undo', label: 'Annuler' }, { role: 'redo', label: 'Rétablir' }, { type: 'separator' }, { role: 'cut', label: 'Couper' }, { role: 'copy', label: 'Copier' }, { role: 'paste', label: 'Coller' }, { role: 'selectAll', label: 'Tout sélectionner' }] },
    { label: 'Fenêtre', submenu: [{ role: 'minimize', label: 'Réduire' }, { role: 'close', label: 'Fermer' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
