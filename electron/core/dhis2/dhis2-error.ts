// Every way a DHIS2 call can fail, told apart so the message says what to do next. Messages never contain
// the credentials (they are not in the URL: normaliseBaseUrl refuses that).

export type Dhis2Problem =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'tls'
  /** An https:// address whose server speaks only plain HTTP (the TLS handshake read an HTTP answer). */
  | 'plain_http'
  | 'dropped'
  | 'network'
  | 'not_dhis2'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'unsupported_version'
  /** A 200 answer that is not the image asked for (a photo endpoint sending JSON, text, an unknown format). */
  | 'not_image'
  /** A file over the size the app accepts. */
  | 'too_large';

export class Dhis2Error extends Error {
  override name = 'Dhis2Error';
  constructor(
    readonly problem: Dhis2Problem,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Worth trying the same request again after a pause. */
  get transient(): boolean {
    return ['timeout', 'dropped', 'network', 'rate_limited', 'server'].includes(this.problem);
  }

  /** The server could not be reached at all (as opposed to answering badly). */
  get unreachable(): boolean {
    return ['dns', 'refused', 'timeout', 'tls', 'plain_http', 'dropped', 'network', 'not_dhis2'].includes(this.problem);
  }
}
