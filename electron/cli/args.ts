import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir } from '../core/data-dir';

export class CliError extends Error {
  override name = 'CliError';
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export const dataDirOf = (value: string | boolean | undefined): string =>
  typeof value === 'string' && value ? value : defaultDataDir();

export function portOf(value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) {
    throw new CliError(`--port must be a number from 0 to 65535, got "${String(value)}".`);
  }
  return port;
}
