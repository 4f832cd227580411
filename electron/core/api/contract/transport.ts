import type { ErrorBody, ErrorDetail } from './errors';
import type { HttpMethod } from './route-catalog';

// How a client reaches the route table: inside Electron the preload's invoke() over IPC, in a browser
// fetch() to the same paths over HTTP. Both implement this; the typed client works over either.

export interface ApiResponse {
  status: number;
  contentType: string;
  /** Parsed JSON for JSON answers, the bytes otherwise (PNG, PDF). */
  body: unknown;
}

export interface Transport {
  readonly kind: 'ipc' | 'http';
  request(method: HttpMethod, path: string, body?: unknown): Promise<ApiResponse>;
}

/** A failed call: the API's own status, code, message (written to be shown) and per-field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field problems of a 400 (`[{field, problem}]`), empty otherwise. */
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
