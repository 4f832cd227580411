import { homedir } from 'node:os';
import { join } from 'node:path';
import { productName } from './version';

/**
 * Where the app keeps its database and key file when none is given: the same folder the desktop app uses
 * (Electron's userData + "/data"), so the headless CLI and the desktop app share one cache.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OOMUS_DATA_DIR) return env.OOMUS_DATA_DIR;
  const home = homedir();
  let appData: string;
  if (platform === 'win32') appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') appData = join(home, 'Library', 'Application Support');
  else appData = env.XDG_CONFIG_HOME ?? join(home, '.config');
  return join(appData, productName, 'data');
}
