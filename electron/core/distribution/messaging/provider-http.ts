import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

// Outgoing HTTP to the messaging providers. Written on node:http rather than axios because the outbox
// needs one fact axios hides: whether a failed request could have reached the provider. A failure before
// the connection was established (no network, name not found, refused, TLS handshake, connect timeout)
// means nothing left this machine, so retrying is safe. A failure after it (no answer in time, connection
// cut) leaves the outcome unknown: the provider may have acted on the request. Callers decide what that
// means for their step (see exchange() in providers/provider.ts).

export type TransportProblem = 'dns' | 'refused' | 'unreachable' | 'tls' | 'connect_timeout' | 'timeout' | 'dropped' | 'network';

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly problem: TransportProblem,
    /** False when nothing can have reached the provider. */
    readonly maybeDelivered: boolean,
    message: string,
  ) {
    super(message);
  }
}

export interface ProviderRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface ProviderResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Retry-After in milliseconds, when the provider sent one. */
  retryAfterMs?: number;
}

export interface ProviderHttpOptions {
  /** Bound for the whole request, connection to last byte. */
  timeoutMs: number;
  /** Bound for establishing the connection (TCP, and TLS for https). */
  connectTimeoutMs: number;
  maxResponseBytes?: number;
}

export type ProviderHttp = (request: ProviderRequest) => Promise<ProviderResponse>;

const tlsCodes = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO$|ERR_OSSL)/;

const seconds = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  return (req) =>
    new Promise<ProviderResponse>((resolve, reject) => {
      const url = new URL(req.url);
      const where = `${url.host}${url.pathname}`;
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      if (body) headers['content-length'] = String(body.length);
      let connected = false;
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(totalTimer);
        fn();
      };
      const fail = (problem: TransportProblem, maybeDelivered: boolean, message: string): void =>
        finish(() => reject(new TransportError(problem, maybeDelivered, message)));

      // A fresh connection per request (agent: false), so "connected" is this request's own.
      const request = (secure ? https : http).request(url, { method: req.method, headers, agent: false });
      const connectTimer = setTimeout(() => {
        if (connected) return;
        fail('connect_timeout', false, `${url.host} could not be reached within ${seconds(options.connectTimeoutMs)} (no network, or the address is wrong).`);
        request.destroy();
      }, options.connectTimeoutMs);
      const totalTimer = setTimeout(() => {
        if (connected) fail('timeout', true, `${where} did not answer within ${seconds(options.timeoutMs)}.`);
        else fail('connect_timeout', false, `${url.host} could not be reached within ${seconds(options.timeoutMs)}.`);
        request.destroy();
      }, options.timeoutMs);

      request.on('socket', (socket: Socket) => {
        socket.once(secure ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        if (!connected) {
          if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('dns', false, `The name ${url.hostname} could not be found (DNS): no internet connection, or the address is wrong.`);
          if (code === 'ECONNREFUSED') return fail('refused', false, `${url.host} refused the connection.`);
          if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') return fail('unreachable', false, `${url.host} cannot be reached from this computer (${code}).`);
          if (tlsCodes.test(code)) return fail('tls', false, `The secure connection to ${url.host} failed (${code}).`);
          return fail('network', false, `Could not connect to ${url.host} (${code || err.message}).`);
        }
        return fail('dropped', true, `The connection to ${where} was cut before the answer was complete (${code || err.message}).`);
      });
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
        });
        res.on('error', () => fail('dropped', true, `The answer from ${where} was cut off.`));
        res.on('aborted', () => fail('dropped', true, `The answer from ${where} was cut off.`));
        res.on('end', () => {
          if (!res.complete) return fail('dropped', true, `The answer from ${where} was cut off.`);
          const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
          finish(() => resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          }));
        });
      });
      request.end(body);
    });
}

/** The JSON of an answer, or undefined when it is not JSON. */
export function jsonOf(res: ProviderResponse): unknown {
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Removes secrets that a provider (or a proxy) might echo back, before a text is stored or logged. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
