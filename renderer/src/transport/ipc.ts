import type { ApiResponse, Transport } from './transport';

export function createIpcTransport(bridge: OomusBridge): Transport {
  return {
    kind: 'ipc',
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse<T>> {
      return (await bridge.invoke(method, path, body)) as ApiResponse<T>;
    },
  };
}
