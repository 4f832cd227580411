import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/cli';

// The core must run in plain Node: only the Electron shell (electron/main, electron/preload) may import
// 'electron'. Type-only imports count too, so the rule stays simple to read.
const importsElectron = /(?:from\s*['"]electron(?:\/[\w/]*)?['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mts|cts|js|mjs|cjs|vue)$/.test(e.name) ? [path] : [];
  });
}

test("only electron/main and electron/preload import 'electron'", () => {
  const files = ['electron', 'renderer', 'templates', 'test'].flatMap((d) => sources(join(projectRoot, d)));
  const offenders = files
    .map((f) => relative(projectRoot, f).split('\\').join('/'))
    .filter((f) => !/^electron\/(main|preload)\//.test(f) && f !== 'test/unit/electron-boundary.test.ts')
    .filter((f) => importsElectron.test(readFileSync(join(projectRoot, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the check recognises the shell files that do import electron', () => {
  const shell = sources(join(projectRoot, 'electron', 'main')).concat(sources(join(projectRoot, 'electron', 'preload')));
  const hits = shell.filter((f) => importsElectron.test(readFileSync(f, 'utf8')));
  assert.ok(hits.length >= 3, `found ${hits.length}`);
  assert.ok(importsElectron.test(`import type { SafeStorage } from 'electron';`));
  assert.ok(importsElectron.test(`const { app } = require('electron')`));
  assert.ok(!importsElectron.test(`import x from 'electron-store';`));
});
