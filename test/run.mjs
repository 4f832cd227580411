// Runs the tests with Node's own test runner (TypeScript through tsx), after checking what they need.
// Usage: node test/run.mjs [unit | integration | e2e | filter]
//   unit, integration, e2e: the files of that tier (test/unit/ is the fast one, under a minute);
//   anything else: the files whose path contains it (node test/run.mjs mpi); nothing: every test.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { missingPrerequisites } from './prerequisites.mjs';

const root = new URL('.', import.meta.url).pathname;
const tiers = new Set(['unit', 'integration', 'e2e']);
const arg = process.argv[2];
const wanted = (path) => !arg || (tiers.has(arg) ? path.startsWith(join(root, arg) + '/') : path.includes(arg));
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
    else if (entry.name.endsWith('.test.ts') && wanted(path)) files.push(relative(process.cwd(), path));
  }
};
walk(root);
files.sort();
if (files.length === 0) {
  console.error(`No test files${arg ? ` matching "${arg}"` : ''}.`);
  process.exit(1);
}

const browser = files.some((f) => f.includes(`${join('test', 'e2e')}`));
const missing = missingPrerequisites({ browser, ui: browser });
if (missing.length) {
  for (const line of missing) console.error(`Missing: ${line}`);
  process.exit(1);
}

// Every answer the tests see is held to the API contract (see electron/core/api/answer-check.ts).
const env = { ...process.env, OOMUS_CONTRACT_CHECK: '1' };
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
