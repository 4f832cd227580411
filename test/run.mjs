// Runs every *.test.ts under test/ with Node's own test runner (TypeScript through tsx).
// Usage: node test/run.mjs [filter]   e.g. node test/run.mjs integration
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const filter = process.argv[2];
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
    else if (entry.name.endsWith('.test.ts') && (!filter || path.includes(filter))) files.push(relative(process.cwd(), path));
  }
};
walk(root);
files.sort();
if (files.length === 0) {
  console.error(`No test files${filter ? ` matching "${filter}"` : ''}.`);
  process.exit(1);
}
// Every answer the tests see is held to the API contract (see electron/core/api/answer-check.ts).
const env = { ...process.env, OOMUS_CONTRACT_CHECK: '1' };
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
