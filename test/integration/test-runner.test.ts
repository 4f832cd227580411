import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { projectRoot } from '../helpers/cli';

// On a machine without Chromium the runner says so in one line, with how to install it, before it runs
// any test (instead of a long trace from inside the browser tests).
test('without Chromium, the browser tier stops at once with one line saying how to install it', () => {
  const res = spawnSync(process.execPath, ['test/run.mjs', 'e2e'], {
    cwd: projectRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
  });
  assert.equal(res.status, 1);
  const lines = res.stderr.trim().split('\n');
  assert.equal(lines.length, 1, res.stderr);
  assert.match(lines[0] ?? '', /^Missing: The browser tests need Chromium at \/nonexistent\/chromium: install it with `sudo apt-get install chromium`/);
  assert.doesNotMatch(res.stdout, /✔|ℹ tests/, 'no test ran');
});

test('the fast tier needs no browser: it runs with Chromium missing', () => {
  const res = spawnSync(process.execPath, ['test/prerequisites.mjs'], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } });
  assert.equal(res.status, 0, res.stderr);
  const browser = spawnSync(process.execPath, ['test/prerequisites.mjs', '--browser'], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } });
  assert.equal(browser.status, 1);
});
