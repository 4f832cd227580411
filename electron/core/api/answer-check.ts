import type { RouteKey } from './contract/route-catalog';
import { ErrorBody } from './contract/schemas/common';
import { routeSchemas, type RouteSchemas } from './contract/schemas/routes';
import { answerCheck } from './validation';

// The contract check: every answer the server gives is held to what the contract says the route answers
// (its answer on success, its failure or the error body otherwise, the right file type for PNG and PDF).
// Off in production; the test runner turns it on (OOMUS_CONTRACT_CHECK=1), so every test also proves that
// the answers it sees are the ones the UI is typed against.

const binaryTypes = { png: 'image/png', pdf: 'application/pdf' } as const;
const errorCheck = answerCheck(ErrorBody);
const checks = new Map<string, { success: ((value: unknown) => string[]) | null; failure: ((value: unknown) => string[]) | null; spec: RouteSchemas }>();
for (const [key, spec] of Object.entries(routeSchemas) as [RouteKey, RouteSchemas][]) {
  checks.set(key, {
    spec,
    success: typeof spec.answer === 'string' ? null : answerCheck(spec.answer),
    failure: spec.failure ? answerCheck(spec.failure) : null,
  });
}

/** An answer about to leave: for which request, and what it is. */
export interface Outgoing {
  method: string;
  /** The path asked for, and the route's pattern when one matched ("/dhis2/tasks/:task_id"). */
  path: string;
  route: string | undefined;
  status: number;
  contentType: string;
  /** The serialized body (a string for JSON; a stream or bytes for files). */
  payload: unknown;
}

/** The problems of an answer, empty when it is what the contract says. */
export function contractProblems(answer: Outgoing): string[] {
  const { path, method, status, contentType: type, payload } = answer;
  if ((!path.startsWith('/dhis2') && path !== '/health') || method === 'HEAD') return [];
  const route = checks.get(`${method} ${answer.route ?? ''}`);
  const ok = status >= 200 && status < 300;
  if (ok && route && typeof route.spec.answer === 'string') {
    const wanted = binaryTypes[route.spec.answer as keyof typeof binaryTypes];
    return type.startsWith(wanted) ? [] : [`answers ${type || 'no content type'} instead of ${wanted}`];
  }
  if (!type.includes('json') || typeof payload !== 'string') return [`answers ${type || 'no content type'}, not JSON`];
  let body: unknown;
  try { body = JSON.parse(payload); } catch { return ['answers text that is not JSON']; }
  if (ok) return route?.success ? route.success(body) : ['is not a route of the contract'];
  const asError = errorCheck(body);
  if (asError.length === 0 || !route?.failure) return asError;
  const asFailure = route.failure(body);
  return asFailure.length === 0 ? [] : asError;
}
