import { ApiError, type ErrorDetail } from '@contract';

// What a screen needs to show a failed call: the API's own message (written to be shown), its code, and
// per-field problems. Network failures (service stopped, IPC gone) become a message too, never silence.

export interface ErrorInfo {
  status: number | null;
  code: string;
  message: string;
  details: ErrorDetail[];
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message, details: err.details };
  const message = err instanceof Error ? err.message : String(err);
  return { status: null, code: 'network_error', message, details: [] };
}

/** How a field's problem is said: set by the language store (plain functions here stay free of the DOM). */
let wordProblem: (problem: string) => string = (problem) => problem;
export function wordFieldProblemsWith(words: (problem: string) => string): void {
  wordProblem = words;
}

/** Problems of one field ("from_date", "mappings[3]"…): the detail names it or a path under it; each in the
 * user's language, with the engine's sentence as the detail. */
export function problemsOf(info: ErrorInfo | null, field: string): string[] {
  if (!info) return [];
  return info.details.filter((d) => d.field === field || d.field.startsWith(`${field}.`)).map((d) => wordProblem(d.problem));
}

/** A 404: the thing asked for is not there (nothing configured yet, nothing saved yet). */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;
