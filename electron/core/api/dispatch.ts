import { ipcHeader, type Api } from './server';

// The IPC path into the route table: the same Fastify instance as HTTP, through inject(), so validation,
// errors and behaviour are identical. Only the in-process secret header stands in for the Bearer token.

export interface DispatchResult {
  status: number;
  contentType: string;
  /** Parsed JSON for JSON responses, raw bytes otherwise (PNG, PDF). */
  body: unknown;
}

export type Dispatch = (method: string, path: string, body?: unknown) => Promise<DispatchResult>;

const methods = new Set(['GET', 'POST']);

export function createDispatch(api: Api, ipcSecret: string): Dispatch {
  return async (method, path, body) => {
    if (!methods.has(method) || typeof path !== 'string' || !path.startsWith('/') || path.length > 4096) {
      return {
        status: 400,
        contentType: 'application/json',
        body: { error: { code: 'validation_failed', message: `Invalid IPC request ${String(method)} ${String(path).slice(0, 100)}` } },
      };
    }
    const res = await api.inject({
      method: method as 'GET' | 'POST',
      url: path,
      headers: { [ipcHeader]: ipcSecret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const contentType = String(res.headers['content-type'] ?? '');
    const parsed = contentType.includes('json') ? (JSON.parse(res.payload) as unknown) : new Uint8Array(res.rawPayload);
    return { status: res.statusCode, contentType, body: parsed };
  };
}
