// The office's link in front of the sandbox: gzip when the client asks for it (as the nginx in front of most
// DHIS2 servers does), and one shared pipe of a set bandwidth that every answer's body crosses in turn.
import type { ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Reply } from './web';

const gzip = promisify(gzipCallback);

/** nginx's usual settings: gzip_comp_level 6, gzip_min_length (here 256 bytes), JSON and text only. */
const gzipLevel = 6;
const gzipMinLength = 256;
/** Bytes sent at a time: small enough that answers in flight together share the pipe. */
const chunkBytes = 8 * 1024;

export interface LinkSettings {
  /** Bandwidth of the pipe in kbit/s (1000 bit per kbit), shared by every answer; null: unlimited. */
  bandwidthKbit: number | null;
  /** Gzip JSON and text answers for clients whose Accept-Encoding asks for gzip. */
  gzip: boolean;
}

/** The pipe: answers reserve its time chunk by chunk, so concurrent answers share it instead of adding up. */
export class Link {
  /** Body bytes sent through the link (compressed when gzipped): what crossed the wire. */
  bytesSent = 0;
  private freeAt = 0;

  /**
   * Sends a reply the way the link carries it. `cutAfterHalf`: headers and half the body, then the connection is
   * destroyed (the client sees a cut answer). `delay` waits on the sandbox's own timers (cleared on close).
   */
  async send(res: ServerResponse, reply: Reply, acceptEncoding: string, settings: LinkSettings,
    delay: (ms: number) => Promise<void>, cutAfterHalf = false): Promise<void> {
    let body = reply.body;
    const headers: Record<string, string> = { ...reply.headers };
    if (settings.gzip && body.length >= gzipMinLength && /\bgzip\b/i.test(acceptEncoding) && /json|text/i.test(headers['content-type'] ?? '')) {
      body = await gzip(body, { level: gzipLevel });
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    const length = cutAfterHalf ? Math.floor(body.length / 2) : body.length;
    if (res.destroyed) return;
    res.writeHead(reply.status, { ...headers, 'content-length': String(body.length) });
    const rate = settings.bandwidthKbit === null ? null : settings.bandwidthKbit / 8; // bytes per ms
    for (let at = 0; at < length; at += rate === null ? length : chunkBytes) {
      const chunk = body.subarray(at, rate === null ? length : Math.min(length, at + chunkBytes));
      if (rate !== null) {
        const now = performance.now();
        this.freeAt = Math.max(now, this.freeAt) + chunk.length / rate;
        if (this.freeAt - now >= 1) await delay(this.freeAt - now);
      }
      if (res.destroyed) return;
      this.bytesSent += chunk.length;
      if (cutAfterHalf && at + chunk.length >= length) {
        // The half that is sent must reach the client before the cut.
        await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
      } else if (!res.write(chunk)) {
        await drained(res);
      }
    }
    if (cutAfterHalf) res.socket?.destroy();
    else res.end();
  }
}

/** Resolves when the socket takes more, or is gone (a cut connection never drains). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
