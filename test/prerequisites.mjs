// What the tests need from the machine, checked before anything runs, each missing piece said in one line
// with the way to get it. Usage: node test/prerequisites.mjs [--browser]   (exit 1 when something is missing)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Chromium for the browser tests: Debian's, or the one CHROMIUM_PATH names (Playwright's download is not used). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @param {{ browser?: boolean, ui?: boolean }} needs  @returns {string[]} one line per missing piece */
export function missingPrerequisites(needs = {}) {
  const missing = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 11)) missing.push(`Node.js ${process.versions.node} is too old: install Node.js 20.11 or newer.`);
  if (!existsSync(`${root}node_modules`)) {
    missing.push('The dependencies are not installed: run `npm install`.');
    return missing;
  }
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch (err) {
    const why = String(err?.message ?? err).split('\n')[0];
    missing.push(`better-sqlite3 does not load in Node ${process.versions.node} (${why}): run \`npm rebuild better-sqlite3\` (needs g++, make and python3).`);
  }
  if (needs.browser && !existsSync(chromiumPath)) {
    missing.push(`The browser tests need Chromium at ${chromiumPath}: install it with \`sudo apt-get install chromium\` (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome.`);
  }
  if (needs.ui && !existsSync(`${root}dist/renderer/index.html`)) {
    missing.push('The browser tests need the built UI: run `npx vite build` first (`npm test` does it).');
  }
  return missing;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = missingPrerequisites({ browser: process.argv.includes('--browser') });
  for (const line of missing) console.error(`Missing: ${line}`);
  process.exit(missing.length ? 1 : 0);
}
