import type { Transport } from '@contract';
import { createTransport } from './index';

let current: Transport | undefined;

/** The app's one transport, chosen once: IPC inside Electron, HTTP in a browser. */
export function useTransport(): Transport {
  current ??= createTransport();
  return current;
}
