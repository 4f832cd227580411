import type { ApiResponse, HttpMethod, Transport } from '@contract';

/** fetch() against the serving origin; the API token (for /dhis2 routes) comes from Settings. */
export function createHttpTransport(getToken: () => string | undefined, base = ''): Transport {
  return {
    kind: 'http',
    async request(method: HttpMethod, path: string, body?: unknown): Promise<ApiResponse> {
      const headers: Record<string, string> = {};
      const token = getToken();
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const contentType = res.headers.get('content-type') ?? '';
      const parsed: unknown = contentType.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer());
      return { status: res.status, contentType, body: parsed };
    },
  };
}
