import type { Transport } from '@contract';
import { createHttpTransport } from './http';
import { createIpcTransport } from './ipc';

export const tokenStorageKey = 'oomus.apiToken';

export function createTransport(): Transport {
  if (window.oomus) return createIpcTransport(window.oomus);
  return createHttpTransport(() => localStorage.getItem(tokenStorageKey) ?? undefined);
}
