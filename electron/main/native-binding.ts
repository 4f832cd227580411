import { existsSync } from 'node:fs';
import { join } from 'node:path';

// better-sqlite3 is compiled twice: node_modules holds the build for Node (tests, CLI), and
// electron/build/electron-native.mjs builds one for Electron's ABI into .electron-native/, which the
// packaged app carries as resources/native/. The core is told which one to load.
export function electronSqliteBinding(opts: {
  isPackaged: boolean;
  resourcesPath: string;
  appRoot: string;
  electronVersion: string;
}): string {
  const file = opts.isPackaged
    ? join(opts.resourcesPath, 'native', 'better_sqlite3.node')
    : join(opts.appRoot, '.electron-native', `${process.platform}-${process.arch}-electron-${opts.electronVersion}`, 'better_sqlite3.node');
  if (!existsSync(file)) {
    throw new Error(`The SQLite module for Electron is missing (${file}). Run \`npm start\`, which builds it, or \`node electron/build/electron-native.mjs\`.`);
  }
  return file;
}
