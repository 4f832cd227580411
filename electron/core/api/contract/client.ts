import { routeCatalog, type HttpMethod, type RouteKey } from './route-catalog';
import type { AnswerOf, FailureOf, RequestArgs, RequestOf } from './route-types';
import { ApiError, isErrorBody, type Transport } from './transport';

// The typed client: a route by its catalogue key, its input typed by the route's schemas, its answer
// typed too. The path is built here, once: parameters encoded, the query from the defined values.

export interface ApiClient {
  /** The answer of a success (2xx); anything else throws an ApiError with the API's code and message. */
  call<K extends RouteKey>(key: K, ...request: RequestArgs<K>): Promise<AnswerOf<K>>;
  /** Status and body whatever the status (for routes whose failures carry their own answer). */
  send<K extends RouteKey>(key: K, ...request: RequestArgs<K>): Promise<{ status: number; body: AnswerOf<K> | FailureOf<K> }>;
  /** The path a request of the route goes to ("/dhis2/tasks/task_1/pdf?layout=a4"). */
  path<K extends RouteKey>(key: K, ...request: RequestArgs<K>): string;
}

const known = new Set<string>(routeCatalog.map((r) => `${r.method} ${r.url}`));

interface AnyRequest {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** "/dhis2/tasks/:task_id" with { task_id: "task_1" } → "/dhis2/tasks/task_1". */
export function routePath(key: RouteKey, request: AnyRequest = {}): { method: HttpMethod; path: string } {
  if (!known.has(key)) throw new Error(`No route ${key}`);
  const [method, url] = key.split(' ') as [HttpMethod, string];
  const path = url.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined || value === '') throw new Error(`${key}: the path parameter ${name} is missing`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(name, String(value));
  const text = query.toString();
  return { method, path: text ? `${path}?${text}` : path };
}

export function createApiClient(transport: Transport): ApiClient {
  const send = async (key: RouteKey, request?: AnyRequest): Promise<{ status: number; body: unknown }> => {
    const { method, path } = routePath(key, request);
    const res = await transport.request(method, path, request?.body);
    return { status: res.status, body: res.body };
  };
  return {
    async call(key, ...request) {
      const res = await send(key, request[0] as AnyRequest | undefined);
      if (res.status >= 200 && res.status < 300) return res.body as never;
      const error = isErrorBody(res.body) ? res.body.error : undefined;
      throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`, error?.details ?? []);
    },
    send: (key, ...request) => send(key, request[0] as AnyRequest | undefined) as never,
    path: (key, ...request) => routePath(key, request[0] as AnyRequest | undefined).path,
  };
}

export type { RequestOf };
