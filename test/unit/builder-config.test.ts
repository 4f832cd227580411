import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/cli';

// electron-builder.yml checked by electron-builder's own code, without building or downloading anything:
// the configuration schema, the package metadata, every macro of every pattern (as a build expands them),
// the .deb's maintainer and homepage, and the icon. A configuration that `npm run dist` would refuse fails here.

const require = createRequire(import.meta.url);
const lib = (path: string): any => require(`app-builder-lib/out/${path}`);
const { getConfig, validateConfiguration } = lib('util/config/config');
const { checkMetadata } = lib('util/packageMetadata');
const { AppInfo } = lib('appInfo');
const { expandMacro } = lib('util/macroExpander');
const FpmTarget = lib('targets/FpmTarget').default;
const { DebugLogger } = require('builder-util/out/DebugLogger');
// electron-builder logs to stdout, which the test runner reads as its own channel: its lines go to stderr.
require('builder-util/out/log').log.stream = process.stderr;

const metadata = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const load = async (): Promise<any> => getConfig(projectRoot, join(projectRoot, 'electron-builder.yml'), null);
const appInfoOf = (config: any): any => new AppInfo({ metadata, devMetadata: metadata, config, repositoryInfo: Promise.resolve(null) });

test('the configuration passes electron-builder\'s schema, and the package metadata its checks', async () => {
  const config = await load();
  await validateConfiguration(config, new DebugLogger(false));
  assert.doesNotThrow(() => checkMetadata(metadata, metadata, 'package.json', 'package.json'));
  assert.equal(config.appId, 'health.oomus.campaignid');
  assert.deepEqual(config.win.target, ['nsis', 'portable']);
});

test('the schema check itself refuses what electron-builder does not know', async () => {
  const config = { ...(await load()), electronFuse: { runAsNode: false } };
  await assert.rejects(validateConfiguration(config, new DebugLogger(false)), /electronFuse/);
});

test('every pattern expands with electron-builder\'s macros, for every platform and arch', async () => {
  const config = await load();
  const appInfo = appInfoOf(config);
  const patterns = [
    config.artifactName, config.copyright, config.portable.artifactName,
    ...config.extraResources.flatMap((r: { from: string; to: string }) => [r.from, r.to]),
  ];
  for (const os of ['linux', 'win', 'mac']) {
    for (const arch of ['x64', 'arm64']) {
      for (const pattern of patterns) {
        const expanded: string = expandMacro(pattern, arch, appInfo, { os, ext: 'bin' });
        assert.doesNotMatch(expanded, /\$\{/, `${pattern} → ${expanded}`);
      }
    }
  }
  assert.equal(expandMacro(config.artifactName, 'x64', appInfo, { os: 'win', ext: 'exe' }), `Oomus-CampaignID-${metadata.version}-win-x64.exe`.replace('Oomus-CampaignID', appInfo.sanitizedProductName));
  // A macro electron-builder does not have (as ${electronVersion} was) fails the way npm run dist would.
  assert.throws(() => expandMacro('native-${electronVersion}', 'x64', appInfo, { os: 'linux' }), /macro electronVersion is not defined/);
});

test('the .deb has its homepage and a maintainer with an e-mail, as electron-builder\'s deb target requires', async () => {
  const config = await load();
  const target = { packager: { appInfo: appInfoOf(config), info: { metadata } }, options: config.deb ?? {} };
  const meta = await FpmTarget.prototype.computeFpmMetaInfoOptions.call(target);
  assert.equal(meta.url, metadata.homepage);
  assert.match(meta.maintainer, /^.+ <[^@\s]+@[^@\s]+>$/);
  const without = { ...target, packager: { ...target.packager, info: { metadata: { ...metadata, author: { name: 'x' } } } } };
  await assert.rejects(FpmTarget.prototype.computeFpmMetaInfoOptions.call(without), /email/i);
});

test('the icon electron-builder turns into .ico and .icns is a PNG of at least 512 × 512', async () => {
  const config = await load();
  const png = readFileSync(join(projectRoot, config.directories.buildResources, 'icon.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width >= 512 && width === height, `${width} × ${height}`);
});

test('the native module ships from where electron-native.mjs leaves it for packaging', async () => {
  const config = await load();
  const from: string = expandMacro(config.extraResources[0].from, process.arch, appInfoOf(config), {});
  const script = readFileSync(join(projectRoot, 'electron/build/electron-native.mjs'), 'utf8');
  assert.equal(from, `.electron-native/package/${process.platform}-${process.arch}/better_sqlite3.node`);
  assert.match(script, /join\('\.electron-native', 'package', `\$\{process\.platform\}-\$\{process\.arch\}`, 'better_sqlite3\.node'\)/);
});
