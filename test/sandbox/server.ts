// The DHIS2 sandbox: a Web API emulator on plain node:http (raw sockets are needed to cut or hold answers).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authenticate, loginPage, type SandboxUserInfo } from './auth';
import { buildCatalog } from './catalog';
import { FaultState, type Faults } from './faults';
import { systemName } from './metadata-routes';
import { photoBytes } from './photos';
import { generatePopulation, type ChangeSpec, type ChangeSummary, type Population } from './population';
import { route } from './routes';
import type { RouteContext } from './tracker-routes';
import { versionTraits } from './versions';
import { ApiError, errorReply, htmlType, jsonReply, Params, send, webMessage, type Reply } from './web';
import { adminRoute } from './admin';
import { generateHardPopulation } from './hard-population';
import { Link } from './link';

export { sandboxPat, sandboxReadOnlyUser, sandboxUser } from './auth';
export type { Faults } from './faults';
export type { ActiveEnrollment, ChangeSpec, ChangeSummary, DuplicateKind, FileResource, Population, TrackedEntity } from './population';

export interface SandboxOptions {
  /** DHIS2 version, default '2.41.2'; 2.36.x to 2.42.x, anything else throws. */
  version?: string;
  /** Live enrollments in P3jJH5Tu5VC, default 200 (the kind population). */
  enrollments?: number;
  /**
   * kind (default): the sandbox's own population, one slip per planted duplicate. hard: the hard register
   * (common names, twins, siblings, namesakes, records without phone or date, a civil register), `persons` of it.
   */
  population?: 'kind' | 'hard';
  persons?: number;
  seed?: number;
  /** Default 0: a free port. */
  port?: number;
  host?: string;
  faults?: Partial<Faults>;
  /** Server clock (serverDate, advance() timestamps), default () => new Date(). */
  clock?: () => Date;
}

export interface RequestLogEntry {
  method: string;
  /** Path without query string, as requested (e.g. /api/tracker/trackedEntities). */
  path: string;
  /** Query parameters; a repeated one has its values joined with ','. */
  query: Record<string, string>;
  /** Status sent (also for dropped answers); 0 while unanswered or when held forever. */
  status: number;
}

export interface Sandbox {
  url: string;
  version: string;
  population: Population;
  /** Current fault settings. */
  readonly faults: Faults;
  setFaults(f: Partial<Faults>): void;
  clearFaults(): void;
  advance(changes: ChangeSpec): ChangeSummary;
  /** The bytes the sandbox serves for a file resource (a photo), or undefined for an unknown UID. */
  photoBytes(fileResourceUid: string): Buffer | undefined;
  /** /api requests, oldest first (the last 10 000). */
  requests: RequestLogEntry[];
  /** Body bytes of /api answers that crossed the link (gzipped ones as sent), since the start. */
  readonly bytesSent: number;
  close(): Promise<void>;
}

const maxLog = 10_000;

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const traits = versionTraits(options.version ?? '2.41.2');
  const clock = options.clock ?? ((): Date => new Date());
  const seed = options.seed ?? 1;
  const pop = options.population === 'hard'
    ? generateHardPopulation({ persons: options.persons ?? 2000, seed, now: clock() })
    : generatePopulation({ enrollments: options.enrollments ?? 200, seed, now: clock() });
  const faults = new FaultState(seed);
  if (options.faults) faults.set(options.faults);
  const link = new Link();
  const requests: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let ctx: RouteContext | undefined;
  let catalog: ReturnType<typeof buildCatalog> | undefined;

  const server = http.createServer((req, res) => {
    if (!ctx || !catalog) return send(res, jsonReply(503, webMessage(500, 'Starting')));
    handle(req, res, ctx, catalog).catch((err: unknown) => {
      if (!res.headersSent) send(res, jsonReply(500, webMessage(500, err instanceof Error ? err.message : String(err))));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse, c: RouteContext, cat: NonNullable<typeof catalog>): Promise<void> {
    const url = new URL(req.url ?? '/', c.baseUrl);
    if (url.pathname.startsWith('/__sandbox/')) {
      return send(res, await adminRoute(req, url, { pop, traits: c.traits, faults, clock, baseUrl: c.baseUrl, requests, link }));
    }
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return send(res, outsideApi(url.pathname, c));
    const params = new Params(url);
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: params.record(), status: 0 };
    requests.push(entry);
    if (requests.length > maxLog) requests.splice(0, requests.length - maxLog);
    const f = faults.faults;
    if (f.latencyMs > 0) await delay(f.latencyMs);
    if (closed || res.destroyed) return;
    // Every /api answer crosses the link: gzipped when asked for, paced at its bandwidth, or cut halfway.
    const reply = (r: Reply, action: 'send' | 'drop' = 'send'): Promise<void> => {
      entry.status = r.status;
      return link.send(res, r, String(req.headers['accept-encoding'] ?? ''), faults.faults, delay, action === 'drop');
    };
    if (f.htmlLogin) return reply({ status: 200, headers: { 'content-type': htmlType }, body: Buffer.from(loginPage(systemName)) });
    if (faults.rateLimited(Date.now())) {
      return reply(jsonReply(429, webMessage(429, 'Too many requests, slow down and retry after 1 second'), { 'retry-after': '1' }));
    }
    const target = route(c, cat, req.method ?? 'GET', url, params, req.headers['user-agent'] ?? '');
    let user: SandboxUserInfo = { username: 'admin', canWrite: true };
    if (!target.public) {
      const auth = authenticate(req.headers, c.traits);
      if (auth.ok) user = auth.user;
      if (!auth.ok && auth.kind === 'login302') return reply({ status: 302, headers: { location: `${c.baseUrl}${c.traits.loginPath}` }, body: Buffer.alloc(0) });
      if (!auth.ok && auth.kind === 'token401') {
        return reply(jsonReply(401, webMessage(401, 'The API token does not exist'), { 'www-authenticate': 'ApiToken' }));
      }
      if (!auth.ok || faults.sessionExpired()) return reply(jsonReply(401, webMessage(401, 'Unauthorized')));
    }
    const action = faults.decide(target.dataPage, target.image ?? false);
    if (action === 'hang') return; // held open: close() or the client ends it
    if (action === 'error') return reply(jsonReply(500, webMessage(500, 'Sandbox fault: a wild internal server error appeared (injected)')));
    let r: Reply;
    try {
      r = target.write ? target.write(await readBody(req), user) : target.handler();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      r = errorReply(err);
    }
    if (target.dataPage && r.status === 200 && action !== 'drop') faults.dataPagesServed++;
    reply(r, action === 'drop' ? 'drop' : 'send');
  }

  function outsideApi(path: string, c: RouteContext): Reply {
    if (path === c.traits.loginPath || path === c.traits.loginPath.replace(/\/$/, '')) {
      return { status: 200, headers: { 'content-type': htmlType }, body: Buffer.from(loginPage(systemName)) };
    }
    if (path === '/') return { status: 302, headers: { location: `${c.baseUrl}${c.traits.loginPath}` }, body: Buffer.alloc(0) };
    return { status: 404, headers: { 'content-type': htmlType }, body: Buffer.from('<!DOCTYPE html><title>404</title><h1>HTTP Status 404 – Not Found</h1>\n') };
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}`;
  ctx = { pop, traits, baseUrl, now: clock, attributeMeta: new Map(pop.attributes.map((a) => [a.id, a])) };
  catalog = buildCatalog(pop, baseUrl, traits);

  return {
    url: baseUrl,
    version: traits.version,
    population: pop,
    get faults() {
      return { ...faults.faults };
    },
    setFaults: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    advance: (changes) => pop.advance(changes, clock()),
    photoBytes: (uid) => photoBytes(pop, uid),
    requests,
    get bytesSent() {
      return link.bytesSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}

/** A write's JSON body (at most 10 MiB); a body that is not JSON is DHIS2's 400. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10 * 1_048_576) throw new ApiError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (err) {
    throw new ApiError(400, `JSON parse error: ${(err as Error).message}`);
  }
}
