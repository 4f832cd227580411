// The shell's rules as plain functions, so Node tests hold them without Electron: which frame may use the
// IPC bridge, which links may leave for the system browser, which permission a page may have, where a
// window reopens, and what quitting waits for.

import { appOrigin } from './origin';

/** The frame an IPC message came from, as Electron's WebFrameMain shows it. */
export interface SenderFrame {
  url: string;
  /** null for a window's main frame; an iframe has its parent here. */
  parent: unknown;
}

/** Only the app's own page, in its window's main frame (never an iframe, never another origin). */
export function isAppMainFrame(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && frame.url.startsWith(`${appOrigin}/`);
}

/** Google Wallet's "save" links: the one Google address the app hands out. */
const walletSave = 'https://pay.google.com/gp/v/save/';

/** A link opens in the system browser only when it is a Google Wallet save link or a page of the office's
 * own DHIS2 server; anything else (a link in synced data, a typo) stays closed. */
export function externalUrlAllowed(url: string, dhis2Url: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (url.startsWith(walletSave) && parsed.origin === 'https://pay.google.com') return true;
  if (!dhis2Url) return false;
  try {
    const dhis2 = new URL(dhis2Url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === dhis2.origin;
  } catch {
    return false;
  }
}

/** What a permission request says of itself: the page asking, and for `media` the kinds wanted. */
export interface PermissionAsk {
  url?: string | undefined;
  mediaTypes?: readonly string[];
}

/** The app's own Vérifier screen (`<origin>/index.html#/verify`), the one page that may use the camera. */
export function isVerifyScreen(url: string | undefined, origin: string): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.origin === new URL(origin).origin && /^#\/verify(\?|$)/.test(parsed.hash);
  } catch {
    return false;
  }
}

/**
 * The copy buttons write to the clipboard; the Vérifier screen reads QR codes from the camera, video only
 * (no sound is ever taken); no page gets any other permission (location, notifications…).
 */
export function permissionAllowed(permission: string, ask: PermissionAsk = {}, origin = ''): boolean {
  if (permission === 'clipboard-sanitized-write') return true;
  const types = ask.mediaTypes ?? [];
  return permission === 'media' && isVerifyScreen(ask.url, origin) && types.length > 0 && types.every((t) => t === 'video');
}

export interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const defaultWindow: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };
const minimum = { width: 900, height: 600 };

/** Where the window reopens: where it was, if that is still on a screen (a projector unplugged since, a
 * smaller screen); centred with the saved size otherwise, never smaller than the minimum nor larger than
 * the screen it lands on. */
export function restoredWindow(saved: Partial<WindowState> | undefined, screens: Required<Bounds>[]): WindowState {
  const b = saved?.bounds;
  const valid = b && Number.isFinite(b.width) && Number.isFinite(b.height) ? b : defaultWindow.bounds;
  const primary = screens[0] ?? { x: 0, y: 0, width: 1366, height: 768 };
  const fit = (area: Required<Bounds>): Bounds => ({
    width: Math.max(minimum.width, Math.min(valid.width, area.width)),
    height: Math.max(minimum.height, Math.min(valid.height, area.height)),
  });
  const maximized = saved?.maximized === true;
  if (valid.x !== undefined && valid.y !== undefined) {
    const { x, y } = valid;
    // At least its top-left corner area (the title bar) must be on a screen to be grabbed.
    const home = screens.find((s) => x + 100 > s.x && x < s.x + s.width - 100 && y >= s.y && y < s.y + s.height - 50);
    if (home) return { bounds: { ...fit(home), x, y }, maximized };
  }
  return { bounds: fit(primary), maximized };
}

/** What is still going on when someone quits: each is lost work or a doubt if cut off. */
export interface Busy {
  syncs: number;
  generations: number;
  sending: number;
}

export const isBusy = (b: Busy): boolean => b.syncs + b.generations + b.sending > 0;

/** Waits for the engine to close, but never longer than the limit: the app must not hang without a window.
 * Resolves with whether it closed in time. */
export async function closeWithin(close: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([close().then(() => true as const, () => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
