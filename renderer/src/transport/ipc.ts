import type { ApiResponse, HttpMethod, Transport } from '@contract';

/** What the preload exposes as window.oomus: one invoke, checked against the route catalogue. */
export interface OomusBridge {
  invoke(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

export function createIpcTransport(bridge: OomusBridge): Transport {
  return {
    kind: 'ipc',
    request: (method: HttpMethod, path: string, body?: unknown): Promise<ApiResponse> => bridge.invoke(method, path, body),
  };
}
