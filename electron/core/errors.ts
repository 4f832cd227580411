import { errorStatus, type ErrorBody, type ErrorCode, type ErrorDetail } from './api/contract/errors';

// One error model for the whole core: a stable code, its HTTP status, a message that says what to do next.
// The API edge turns these into {"error": {code, message, details}}; nothing else reaches a client.

export { errorStatus, type ErrorBody, type ErrorCode, type ErrorDetail };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = details;
  }
}

export function errorBody(err: AppError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details.length > 0 ? { details: err.details } : {}),
    },
  };
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const invalid = (field: string, problem: string): AppError =>
  new AppError('validation_failed', `${field} ${problem}`, [{ field, problem }]);
