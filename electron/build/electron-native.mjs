// Builds better-sqlite3 for Electron's ABI into .electron-native/<platform>-<arch>-electron-<version>/,
// leaving node_modules' Node build untouched (tests and the CLI keep working). It tries the project's
// prebuilt binary for that Electron first, then compiles from source against Electron's headers.
// Both need the internet once; the result is cached, so later starts skip this. The build is also copied
// to .electron-native/package/<platform>-<arch>/, the path electron-builder.yml ships (electron-builder has
// no macro for Electron's version).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runNodeTool } from './node-tool.mjs';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const target = join('.electron-native', `${process.platform}-${process.arch}-electron-${electronVersion}`);
const output = join(target, 'better_sqlite3.node');
const packaged = join('.electron-native', 'package', `${process.platform}-${process.arch}`, 'better_sqlite3.node');

/** The copy electron-builder ships: always the build for the Electron installed now. */
function copyForPackaging() {
  mkdirSync(dirname(packaged), { recursive: true });
  cpSync(output, packaged);
}

if (existsSync(output)) {
  copyForPackaging();
  process.exit(0);
}

const work = join('.electron-native', 'work', 'better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(dirname(work), { recursive: true });
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${join(sqliteDir, 'build')}`) });

// npm's own node-gyp settings (e.g. nodedir pointing at Node's headers) must not leak into an Electron build.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)));
const electronFlags = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];

const run = (script, args) => runNodeTool(process.execPath, script, args, { cwd: work, env });

console.log(`Building better-sqlite3 for Electron ${electronVersion} (${process.platform}-${process.arch})...`);
const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
let result = run(prebuild, electronFlags);
if (result.status !== 0) {
  console.log('No prebuilt binary available; compiling from source.');
  const nodeGyp = process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js');
  result = run(nodeGyp, ['rebuild', '--release', ...electronFlags, '--dist-url=https://electronjs.org/headers']);
}
if (result.status !== 0) {
  console.error('Could not build better-sqlite3 for Electron: see the output above (it needs the internet once).');
  process.exit(1);
}
mkdirSync(target, { recursive: true });
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), output);
copyForPackaging();
rmSync(dirname(work), { recursive: true, force: true });
console.log(`Electron build of better-sqlite3: ${output}`);
