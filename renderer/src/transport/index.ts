import type { Transport } from '@contract';
import { createHttpTransport } from './http';
import { createIpcTransport } from './ipc';

export const tokenStorageKey = 'oomus.apiToken';

/** Called when the API says this browser is not signed in. */
let unauthorized: () => void = () => undefined;
export const onUnauthorized = (listener: () => void): void => { unauthorized = listener; };

export function createTransport(): Transport {
  if (window.oomus) return createIpcTransport(window.oomus);
  return createHttpTransport(() => localStorage.getItem(tokenStorageKey) ?? undefined, '', () => unauthorized());
}
