import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// A loopback HTTP server for provider fakes: records every request, parses its body (JSON, form,
// multipart), and fails on demand per route: an HTTP status, a hang (no answer until healed), or a dropped
// connection. What a route does when it is healthy is the fake's own handler.

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json?: any;
  form?: Record<string, string>;
  multipart?: { fields: Record<string, string>; files: { name: string; filename: string; type: string; data: Buffer }[] };
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'drop' };

export interface Reply { status: number; body: unknown; headers?: Record<string, string> }

export interface FakeServer {
  url: string;
  /** Every request received, faulted ones included. */
  requests: Recorded[];
  /** Requests on a route (as routeOf names it). */
  on(route: string): Recorded[];
  /** The next `times` requests on the route (all of them by default) meet the fault. */
  fail(route: string, fault: Fault, times?: number): void;
  /** Clears every fault and cuts the requests left hanging. */
  heal(): void;
  close(): Promise<void>;
}

function parseBody(r: Recorded): void {
  const type = String(r.headers['content-type'] ?? '');
  const text = r.raw.toString('utf8');
  if (type.startsWith('application/json')) {
    try { r.json = JSON.parse(text); } catch { /* left unparsed: the handler refuses it */ }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    r.form = Object.fromEntries(new URLSearchParams(text));
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(.+)$/.exec(type)?.[1];
    if (!boundary) return;
    const fields: Record<string, string> = {};
    const files: NonNullable<Recorded['multipart']>['files'] = [];
    const delimiter = Buffer.from(`--${boundary}`);
    let at = r.raw.indexOf(delimiter);
    while (at >= 0) {
      const start = at + delimiter.length;
      if (r.raw.subarray(start, start + 2).toString() === '--') break;
      const next = r.raw.indexOf(delimiter, start);
      if (next < 0) break;
      const part = r.raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
      const split = part.indexOf('\r\n\r\n');
      const head = part.subarray(0, split).toString('utf8');
      const data = part.subarray(split + 4);
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
      const filename = /filename="([^"]*)"/.exec(head)?.[1];
      if (filename !== undefined) files.push({ name, filename, type: /Content-Type: (\S+)/i.exec(head)?.[1] ?? '', data: Buffer.from(data) });
      else fields[name] = data.toString('utf8');
      at = next;
    }
    r.multipart = { fields, files };
  }
}

export async function createFakeServer(
  routeOf: (r: Recorded) => string,
  handle: (r: Recorded, route: string) => Reply,
): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const faults = new Map<string, { fault: Fault; left: number }>();
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const send = (res: ServerResponse, reply: Reply): void => {
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers });
    res.end(body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const r: Recorded = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks) };
      parseBody(r);
      requests.push(r);
      const route = routeOf(r);
      const f = faults.get(route);
      if (f && f.left > 0) {
        f.left--;
        if (f.fault.kind === 'hang') { hanging.add(res); return; }
        if (f.fault.kind === 'drop') { req.socket.destroy(); return; }
        send(res, { status: f.fault.status, body: f.fault.body ?? { error: 'injected' }, ...(f.fault.headers ? { headers: f.fault.headers } : {}) });
        return;
      }
      send(res, handle(r, route));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route) => requests.filter((r) => routeOf(r) === route),
    fail(route, fault, times = Number.POSITIVE_INFINITY) {
      faults.set(route, { fault, left: times });
    },
    heal() {
      faults.clear();
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
