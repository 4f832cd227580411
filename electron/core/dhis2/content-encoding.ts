import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { Dhis2Error } from './dhis2-error';

// Answers arrive compressed when the server (or the nginx in front of it) gzips them: the app decompresses them
// itself, so it can count the bytes that crossed the wire, and on libuv's thread pool, so a large page does not
// hold up the thread that answers the API.

/** What the app asks for: gzip (nginx), deflate, br (a Brotli module). */
export const acceptEncoding = 'gzip, deflate, br';

const decoders: Record<string, (buf: Buffer, options: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip) as (buf: Buffer, options: ZlibOptions) => Promise<Buffer>,
  'x-gzip': promisify(gunzip) as (buf: Buffer, options: ZlibOptions) => Promise<Buffer>,
  deflate: promisify(inflate) as (buf: Buffer, options: ZlibOptions) => Promise<Buffer>,
  br: promisify(brotliDecompress) as (buf: Buffer, options: ZlibOptions) => Promise<Buffer>,
};

/**
 * The body as the server meant it. `maxBytes` bounds what it may decompress to (a small answer that inflates to
 * gigabytes is refused as too_large); a body that does not decompress was damaged on the way (dropped, worth a retry).
 */
export async function decodeBody(raw: Buffer, contentEncoding: string, maxBytes: number, where: string): Promise<Buffer> {
  const encoding = contentEncoding.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || raw.length === 0) return raw;
  const decode = decoders[encoding];
  if (!decode) throw new Dhis2Error('not_dhis2', `${where} answered in an encoding the app does not read (${encoding}).`);
  try {
    return await decode(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test((err as Error).message)) {
      throw new Dhis2Error('too_large', `${where} sent an answer that decompresses to more than ${Math.round(maxBytes / 1_048_576)} MB: it is refused.`);
    }
    throw new Dhis2Error('dropped', `${where} sent a ${encoding} answer that does not decompress: it was cut or damaged on the way.`);
  }
}
