// The API's error codes with their HTTP status, and the body every error answer has:
// {"error": {code, message, details?}}, details naming each field a 400 refuses.

export const errorStatus = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  wrong_host: 421,
  internal_error: 500,
  not_implemented: 501,
  dhis2_unreachable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as ErrorCode[];

export interface ErrorDetail {
  field: string;
  problem: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}
