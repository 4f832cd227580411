// The renderer reaches the core only through the route table. Inside Electron that is the preload's
// invoke() over IPC; in a browser (headless `serve`) it is fetch() to the same paths over HTTP.

export interface ApiResponse<T = unknown> {
  status: number;
  contentType: string;
  body: T;
}

export interface Transport {
  readonly kind: 'ipc' | 'http';
  request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: ApiErrorDetail[] };
}

export interface ApiErrorDetail {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field problems of a 400 (`[{field, problem}]`), empty otherwise. */
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** The body of a 2xx answer, or an ApiError carrying the API's own code and message. */
export async function call<T>(transport: Transport, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await transport.request<T | ApiErrorBody>(method, path, body);
  if (res.status >= 200 && res.status < 300) return res.body as T;
  const err = (res.body as ApiErrorBody | undefined)?.error;
  throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`, err?.details ?? []);
}
