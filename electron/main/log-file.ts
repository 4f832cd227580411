import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger';

// The desktop app's log: a packaged Windows app has no console, so lines go to oomus.log in the user data
// folder (and to the console too, for `npm start`). At 5 MB it moves to oomus.1.log, the older ones shift
// up, and the fifth is dropped: a few weeks of an office's days, never a full disk.

export interface LogFileOptions {
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
  echo?: boolean;
}

export const logFileName = 'oomus.log';

export function createFileLogger(dir: string, options: LogFileOptions = {}): Logger & { file: string } {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 4;
  const now = options.now ?? (() => new Date());
  const file = join(dir, logFileName);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const rotated = (n: number): string => join(dir, `oomus.${n}.log`);
  const rotate = (): void => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
    renameSync(file, rotated(1));
  };
  const write = (level: 'INFO' | 'WARN' | 'ERROR', msg: string): void => {
    const line = `${now().toISOString()} ${level} ${msg.replace(/\r?\n/g, '\n    ')}\n`;
    try {
      if (existsSync(file) && statSync(file).size + Buffer.byteLength(line) > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written (disk full, folder removed) must never stop the app.
    }
    if (options.echo) (level === 'ERROR' ? console.error : level === 'WARN' ? console.warn : console.log)(msg);
  };
  return {
    file,
    info: (msg) => write('INFO', msg),
    warn: (msg) => write('WARN', msg),
    error: (msg) => write('ERROR', msg),
  };
}
