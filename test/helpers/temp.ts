import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Removed when the test process exits, not by a node:test hook: an after() registered inside a before()
// hook runs as soon as that hook ends, which deleted data directories a running `serve` still used.
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed when the test file's process ends. */
export function tempDir(label = 'oomus'): string {
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}
