import { errorInfo, type ErrorInfo } from '../../api-error';
import type { ApiErrorBody, ApiResponse } from '../../transport/transport';

// POST /dhis2/test-connection answers in the reference's own shape: 200 {status: "connected", …},
// 401 {status: "auth_failed", error} and 503 {status: "unreachable" | "unsupported_version", error}.
// Bad input (400) and "nothing stored" (409) use the app's usual {error: {code, message}}.

export interface Connected {
  status: 'connected';
  dhis2_version: string;
  server_date: string;
  programmes_available: number;
  organisation_units: number;
}

export type TestOutcome =
  | { kind: 'connected'; result: Connected }
  | { kind: 'refused'; status: 'auth_failed' | 'unreachable' | 'unsupported_version' | 'other'; message: string }
  | { kind: 'error'; error: ErrorInfo };

const refusals = ['auth_failed', 'unreachable', 'unsupported_version'] as const;

export function readTestOutcome(res: ApiResponse<unknown>): TestOutcome {
  const body = (res.body ?? {}) as Record<string, unknown>;
  if (res.status === 200 && body.status === 'connected') return { kind: 'connected', result: body as unknown as Connected };
  if (typeof body.status === 'string' && typeof body.error === 'string') {
    const known = refusals.find((s) => s === body.status);
    return { kind: 'refused', status: known ?? 'other', message: body.error };
  }
  const err = (body as Partial<ApiErrorBody>).error;
  return {
    kind: 'error',
    error: { status: res.status, code: err?.code ?? 'http_error', message: err?.message ?? `HTTP ${res.status}`, details: err?.details ?? [] },
  };
}

export const outcomeOfFailure = (err: unknown): TestOutcome => ({ kind: 'error', error: errorInfo(err) });
