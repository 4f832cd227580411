import { after } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from './temp';

export const testToken = 'test-token-for-integration';

/** A real app (real SQLite in a temp dir) listening on a free loopback port; closed after the file. */
export async function startApp(options: { bodyLimit?: number; rendererDir?: string } = {}): Promise<{ app: App; url: string; dataDir: string }> {
  const dataDir = tempDir();
  const app = await createApp({ dataDir, env: { OOMUS_TOKEN: testToken }, logger: silentLogger, ...options });
  const { url } = await app.listen('127.0.0.1', 0);
  after(() => app.close());
  return { app, url, dataDir };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function http(url: string, init: { method?: string; token?: string | null; body?: unknown; raw?: string | Buffer; type?: string } = {}): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? testToken : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | Buffer | undefined;
  if (init.raw !== undefined) payload = init.raw;
  else if (init.body !== undefined) payload = JSON.stringify(init.body);
  if (payload !== undefined) headers['content-type'] = init.type ?? 'application/json';
  const res = await fetch(url, { method: init.method ?? (payload === undefined ? 'GET' : 'POST'), headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}
