import { isErrorBody, type TestConnectionAnswer } from '@contract';
import { errorInfo, type ErrorInfo } from '../../api-error';
import type { Dhis2Reason } from '../../error-words';

// POST /dhis2/test-connection answers in the reference's own shape: 200 {status: "connected", …},
// 401 {status: "auth_failed", error} and 503 {status: "unreachable" | "unsupported_version", error}.
// Bad input (400) and "nothing stored" (409) use the app's usual {error: {code, message}}.

export type Connected = Extract<TestConnectionAnswer, { status: 'connected' }>;

export type TestOutcome =
  | { kind: 'connected'; result: Connected }
  | { kind: 'refused'; status: Refusal | 'other'; message: string; reason: Dhis2Reason | undefined }
  | { kind: 'error'; error: ErrorInfo };

type Refusal = Exclude<TestConnectionAnswer['status'], 'connected'>;
const refusals: readonly Refusal[] = ['auth_failed', 'unreachable', 'unsupported_version'];

export function readTestOutcome(res: { status: number; body: unknown }): TestOutcome {
  const body = (res.body ?? {}) as Record<string, unknown>;
  if (res.status === 200 && body.status === 'connected') return { kind: 'connected', result: body as Connected };
  if (typeof body.status === 'string' && typeof body.error === 'string') {
    const known = refusals.find((s) => s === body.status);
    // The engine's reason when unreachable; a refused sign-in or an old server is its own reason.
    const given = typeof body.reason === 'string' ? (body.reason as Dhis2Reason) : undefined;
    const reason = known === 'auth_failed' ? 'auth' : known === 'unsupported_version' ? 'unsupported_version' : given;
    return { kind: 'refused', status: known ?? 'other', message: body.error, reason };
  }
  const err = isErrorBody(body) ? body.error : undefined;
  return {
    kind: 'error',
    error: { status: res.status, code: err?.code ?? 'http_error', message: err?.message ?? `HTTP ${res.status}`, details: err?.details ?? [] },
  };
}

export const outcomeOfFailure = (err: unknown): TestOutcome => ({ kind: 'error', error: errorInfo(err) });
