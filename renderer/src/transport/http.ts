import { isErrorBody, type ApiResponse, type HttpMethod, type Transport } from '@contract';

/** fetch() against the serving origin; the API token (for /dhis2 routes) comes from the sign-in. A 401 of
 * the API's own (no token, a revoked one) is also told to `onUnauthorized`, which sends the browser to sign in. */
export function createHttpTransport(getToken: () => string | undefined, base = '', onUnauthorized?: () => void): Transport {
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
      if (res.status === 401 && isErrorBody(parsed) && parsed.error.code === 'unauthorized') onUnauthorized?.();
      return { status: res.status, contentType, body: parsed };
    },
  };
}
