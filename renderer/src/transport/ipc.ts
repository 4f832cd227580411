import type { ApiResponse, DesktopBridge, HttpMethod, Transport } from '@contract';

/** What the preload exposes as window.oomus: one invoke, checked against the route catalogue, and the
 * desktop commands (the desktop app only). */
export interface OomusBridge {
  invoke(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  desktop?: DesktopBridge;
}

export function createIpcTransport(bridge: OomusBridge): Transport {
  return {
    kind: 'ipc',
    request: (method: HttpMethod, path: string, body?: unknown): Promise<ApiResponse> => bridge.invoke(method, path, body),
  };
}
