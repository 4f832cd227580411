import { tokenStorageKey } from './transport';

// Signing a browser in: the token travels in the one-time address `serve` prints (…/#token=…) or is pasted
// on the sign-in screen; it is kept in this browser only and cleared from the address bar at once.

/** Takes a token from the address (#token=…), keeps it, and leaves the address without it. */
export function takeTokenFromAddress(): void {
  const m = /^#token=([A-Za-z0-9._~+/=-]{8,512})$/.exec(window.location.hash);
  if (!m?.[1]) return;
  localStorage.setItem(tokenStorageKey, m[1]);
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
}

export const saveToken = (token: string): void => localStorage.setItem(tokenStorageKey, token.trim());
