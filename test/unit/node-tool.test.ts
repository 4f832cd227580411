import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runNodeTool } from '../../electron/build/node-tool.mjs';
import { tempDir } from '../helpers/temp';

// The build of better-sqlite3 for Electron runs prebuild-install and node-gyp with the Node that runs npm.
// On Windows that Node is usually C:\Program Files\nodejs\node.exe: through a shell, the path splits at
// its space and the build fails. Here a Node under a folder with a space stands in for it.
test('a Node installed under a path with a space runs the build tools', { skip: process.platform === 'win32' }, () => {
  const dir = join(tempDir(), 'Program Files', 'nodejs');
  mkdirSync(dir, { recursive: true });
  const node = join(dir, 'node');
  symlinkSync(process.execPath, node);
  const script = join(dir, 'tool.js');
  writeFileSync(script, 'console.log(JSON.stringify(process.argv.slice(2)));');

  const res = runNodeTool(node, script, ['--runtime=electron', '--target=45.5.0'], { stdio: 'pipe', encoding: 'utf8' });
  assert.equal(res.status, 0, String(res.stderr));
  assert.deepEqual(JSON.parse(String(res.stdout)), ['--runtime=electron', '--target=45.5.0']);

  // What shell: true did to the same command.
  const viaShell = spawnSync(node, [script], { shell: true, encoding: 'utf8' });
  assert.notEqual(viaShell.status, 0, 'a shell splits the path at its space');
});
