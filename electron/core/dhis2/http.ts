import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { acceptEncoding, decodeBody } from './content-encoding';
import { Dhis2Error } from './dhis2-error';

export type Dhis2Auth = { kind: 'basic'; username: string; password: string } | { kind: 'token'; token: string };

export interface Dhis2HttpOptions {
  baseUrl: string;
  auth: Dhis2Auth;
  /** Upper bound for one request, connection to last byte. */
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface Dhis2Bytes {
  bytes: Buffer;
  /** The media type the server declared, without parameters ("image/jpeg"). */
  contentType: string;
}

export interface BytesOptions {
  /** Larger answers are refused (Dhis2Error too_large) without being read to the end. */
  maxBytes: number;
  /** The Accept header; the error bodies DHIS2 sends are JSON, so keep application/json in it. */
  accept: string;
}

/** A JSON answer's bytes, checked (status, not a web page) but not parsed yet. */
export interface Dhis2JsonBytes {
  /** The JSON text as UTF-8 bytes (decompressed). */
  body: Buffer;
  /** host/api/path, for messages. */
  where: string;
}

export interface RequestOptions {
  /** Withdraws the request (a sync that stopped no longer wants the pages it asked ahead for). */
  signal?: AbortSignal;
}

export interface Dhis2Http {
  readonly baseUrl: string;
  /** Body bytes received by this client so far, as they crossed the wire (compressed ones as compressed). */
  readonly bytesReceived: number;
  getJson(path: string, query?: Query, options?: RequestOptions): Promise<unknown>;
  /** Like getJson without the parse: a sync page is parsed where it is written, off the thread that answers the API. */
  getJsonBytes(path: string, query?: Query, options?: RequestOptions): Promise<Dhis2JsonBytes>;
  /** A binary answer (a photo): same authentication, timeout, no redirects and error classes as getJson. */
  getBytes(path: string, query: Query, options: BytesOptions): Promise<Dhis2Bytes>;
  /**
   * A write with a JSON body: its status and parsed answer for 2xx and 409 (DHIS2 answers an import it
   * refused with 409 and its report); every other answer throws as getJson's do.
   */
  sendJson(method: 'POST' | 'PUT', path: string, query: Query, body: unknown): Promise<{ status: number; body: unknown }>;
}

/** A JSON answer decompresses to at most this (a page of 10,000 tracked entities is about 11 MB). */
const maxJsonBytes = 256 * 1024 * 1024;

const tlsCodes = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO$|ERR_OSSL)/;
/** OpenSSL's words when the "TLS" answer was plain HTTP ("HTTP/1.1 400…" read as a TLS record). */
const plainHttpAnswer = /wrong version number|packet length too long|http request|record layer failure/i;
const loginPage = /login\.action|dhis-web-login|login\.html|dhis-web-commons-security|\/login\b|sso|oauth|saml/i;

function authHeader(auth: Dhis2Auth): string {
  return auth.kind === 'basic'
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`
    : `ApiToken ${auth.token}`;
}

/** DHIS2's WebMessage "message", when the body is one. */
function webMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

export function createDhis2Http(options: Dhis2HttpOptions): Dhis2Http {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = new URL(options.baseUrl).host;
  const client: AxiosInstance = axios.create({
    baseURL: `${options.baseUrl}/api/`,
    timeout: timeoutMs,
    maxRedirects: 0,
    // Bytes as they arrive: decompressed here (content-encoding.ts), after counting them.
    responseType: 'arraybuffer',
    decompress: false,
    validateStatus: () => true,
    headers: {
      Accept: 'application/json',
      'Accept-Encoding': acceptEncoding,
      // Makes DHIS2 answer a JSON 401 instead of redirecting to its login page (dhis2-api.md §1.4).
      'X-Requested-With': 'XMLHttpRequest',
      Authorization: authHeader(options.auth),
    },
  });
  let bytesReceived = 0;

  /** An answer's body, counted as it crossed the wire, then decompressed. */
  function bodyOf(res: AxiosResponse<ArrayBuffer>, maxBytes: number, where: string): Promise<Buffer> {
    const raw = Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? new ArrayBuffer(0));
    bytesReceived += raw.length;
    return decodeBody(raw, String(res.headers['content-encoding'] ?? ''), maxBytes, where);
  }

  /** One GET: the answer's status, headers and decompressed body; network failures as Dhis2Errors. */
  async function receive(path: string, query: Query, where: string, maxBytes: number, signal: AbortSignal | undefined,
    extra: { accept?: string; maxContentLength?: number } = {}): Promise<{ res: AxiosResponse<ArrayBuffer>; body: Buffer }> {
    const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: AxiosResponse<ArrayBuffer>;
    try {
      res = await client.get<ArrayBuffer>(path, {
        params, signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        ...(extra.accept ? { headers: { Accept: extra.accept } } : {}),
        ...(extra.maxContentLength ? { maxContentLength: extra.maxContentLength } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw new Dhis2Error('network', `The request for ${where} was withdrawn.`);
      if (extra.maxContentLength && /maxContentLength/.test((err as Error).message)) throw tooLarge(where, extra.maxContentLength);
      throw networkError(err as AxiosError, where, timeoutMs);
    }
    return { res, body: await bodyOf(res, maxBytes, where) };
  }

  async function jsonBytes(path: string, query: Query, signal: AbortSignal | undefined): Promise<Dhis2JsonBytes & { status: number }> {
    const where = `${host}/api/${path}`;
    const { res, body } = await receive(path, query, where, maxJsonBytes, signal);
    const status = res.status;
    throwForStatus(status, res.headers, status >= 300 ? body.subarray(0, 64 * 1024).toString('utf8') : '', where);
    if (/text\/html/i.test(String(res.headers['content-type'] ?? '')) || /^\s*</.test(body.subarray(0, 64).toString('latin1'))) {
      throw new Dhis2Error('not_dhis2', `${where} answered with a web page, not DHIS2 data: the address is not a DHIS2 server, or a login portal stands in front of it.`, status);
    }
    return { body, where, status };
  }

  return {
    baseUrl: options.baseUrl,
    get bytesReceived() {
      return bytesReceived;
    },
    async getJson(path, query = {}, requestOptions = {}) {
      const { body, where, status } = await jsonBytes(path, query, requestOptions.signal);
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        throw new Dhis2Error('not_dhis2', `${where} did not answer JSON: this does not look like a DHIS2 server.`, status);
      }
    },
    async getJsonBytes(path, query = {}, requestOptions = {}) {
      const { body, where } = await jsonBytes(path, query, requestOptions.signal);
      return { body, where };
    },
    async getBytes(path, query, { maxBytes, accept }) {
      const where = `${host}/api/${path}`;
      const { res, body: bytes } = await receive(path, query, where, maxBytes, undefined, { accept, maxContentLength: maxBytes });
      const status = res.status;
      const type = String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      // Error bodies are small JSON (or a login page): read as text only to quote DHIS2's message.
      throwForStatus(status, res.headers, status >= 300 ? bytes.subarray(0, 64 * 1024).toString('utf8') : '', where);
      if (bytes.length > maxBytes) throw tooLarge(where, maxBytes);
      if (type === 'text/html' || /^\s*<(!doctype|html)/i.test(bytes.subarray(0, 64).toString('latin1'))) {
        throw new Dhis2Error('not_dhis2', `${where} answered with a web page, not the file: a login portal stands in front of DHIS2, or the session is no longer valid.`, status);
      }
      return { bytes, contentType: type };
    },
    async sendJson(method, path, query, payload) {
      const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      const where = `${host}/api/${path}`;
      let res: AxiosResponse<ArrayBuffer>;
      try {
        res = await client.request<ArrayBuffer>({
          method, url: path, params, data: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs),
          headers: { 'Content-Type': 'application/json' },
        });
      } catch (err) {
        throw networkError(err as AxiosError, where, timeoutMs);
      }
      // Answers come as bytes, compressed when DHIS2 (or nginx) compressed them, like every other answer here.
      const body = (await bodyOf(res, maxJsonBytes, where)).toString('utf8');
      if (res.status !== 409) throwForStatus(res.status, res.headers, body, where);
      try {
        return { status: res.status, body: body.trim() ? (JSON.parse(body) as unknown) : null };
      } catch {
        throw new Dhis2Error('not_dhis2', `${where} did not answer JSON: this does not look like a DHIS2 server.`, res.status);
      }
    },
  };
}

const tooLarge = (where: string, maxBytes: number): Dhis2Error =>
  new Dhis2Error('too_large', `${where} sent more than ${Math.round(maxBytes / 1_048_576)} MB: the file is refused.`);

/** Throws the Dhis2Error every non-2xx answer maps to (redirects included: they are never followed). */
function throwForStatus(status: number, headers: Record<string, unknown>, body: string, where: string): void {
  if (status >= 300 && status < 400) {
    const location = String(headers.location ?? '');
    if (loginPage.test(location)) {
      throw new Dhis2Error('not_dhis2', `${where} redirected to a login page (${location}): this address is a login portal, not the DHIS2 API. Check the URL.`, status);
    }
    throw new Dhis2Error('not_dhis2', `${where} redirected to ${location || 'another address'}: use the address it points to.`, status);
  }
  if (status === 401) {
    throw new Dhis2Error('auth', `DHIS2 answered 401 for ${where}: check the user name and password (or the personal access token) in Connection.`, 401);
  }
  if (status === 403) throw new Dhis2Error('forbidden', `DHIS2 refused access to ${where} (403): ${webMessage(body) ?? 'the user lacks the authority'}.`, 403);
  if (status === 404) throw new Dhis2Error('not_found', `${where} does not exist on this server (404)${webMessage(body) ? `: ${webMessage(body)}` : ''}.`, 404);
  if (status === 429) {
    const retry = Number(headers['retry-after']);
    throw new Dhis2Error('rate_limited', `DHIS2 asked to slow down (429) on ${where}.`, 429, Number.isFinite(retry) ? retry * 1000 : 2000);
  }
  if (status >= 500) throw new Dhis2Error('server', `DHIS2 had an internal error (${status}) on ${where}${webMessage(body) ? `: ${webMessage(body)}` : ''}.`, status);
  if (status >= 400) throw new Dhis2Error('bad_request', `DHIS2 rejected ${where} (${status}): ${webMessage(body) ?? 'bad request'}.`, status);
}

/** "15 s", or "400 ms" below a second (rounding would say "0 s"). */
export const spokenDuration = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`);

function networkError(err: AxiosError, where: string, timeoutMs: number): Dhis2Error {
  const code = err.code ?? (err.cause as { code?: string } | undefined)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new Dhis2Error('dns', `The name of the server in ${where} could not be found (DNS): check the address, or the internet connection.`);
  }
  if (code === 'ECONNREFUSED') return new Dhis2Error('refused', `${where} refused the connection: the server is down or the port is wrong.`);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || err.name === 'CanceledError' || /timeout/i.test(err.message)) {
    return new Dhis2Error('timeout', `${where} did not answer within ${spokenDuration(timeoutMs)}.`);
  }
  if (code === 'EPROTO' && plainHttpAnswer.test(err.message)) {
    return new Dhis2Error('plain_http', `${where} answers in plain HTTP, not HTTPS (${code}): if this server has no HTTPS, give its address with http:// in front.`);
  }
  if (tlsCodes.test(code)) {
    return new Dhis2Error('tls', `The secure connection to ${where} failed (${code}): the server's certificate is not valid for this address or not trusted.`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted|hang up/i.test(err.message)) {
    return new Dhis2Error('dropped', `The connection to ${where} was cut before the answer was complete.`);
  }
  return new Dhis2Error('network', `Could not reach ${where} (${code || err.message}).`);
}
