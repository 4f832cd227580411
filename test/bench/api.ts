import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';

// Requests per second through the one route table: over loopback HTTP (keep-alive, 8 in flight) and
// through the in-process IPC dispatch, with latency percentiles.

const token = 'bench-token';

function get(agent: Agent, url: string, auth: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: auth ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(count: number, concurrency: number, one: () => Promise<unknown>): Promise<{ per_s: number; p50_ms: number; p99_ms: number }> {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t = performance.now();
        await one();
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number): number => Number((times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0).toFixed(3));
  return { per_s: Math.round(count / seconds), p50_ms: pct(0.5), p99_ms: pct(0.99) };
}

export async function benchApi(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-'));
  const app = await createApp({ dataDir, env: { OOMUS_TOKEN: token }, logger: silentLogger });
  const { url } = await app.listen('127.0.0.1', 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const n = 5000;
    await measure(500, 8, () => get(agent, `${url}/health`, false)); // warm-up
    const health = await measure(n, 8, () => get(agent, `${url}/health`, false));
    const authed = await measure(n, 8, () => get(agent, `${url}/dhis2/settings`, true));
    const invalid = await measure(n, 8, () => get(agent, `${url}/dhis2/tasks?limit=oops`, true));
    const ipc = await measure(n, 8, () => app.dispatch('GET', '/dhis2/settings'));
    return {
      benchmark: 'api',
      requests: n,
      http_health_per_s: health.per_s,
      http_health_p99_ms: health.p99_ms,
      http_authed_per_s: authed.per_s,
      http_authed_p50_ms: authed.p50_ms,
      http_authed_p99_ms: authed.p99_ms,
      http_validation_error_per_s: invalid.per_s,
      ipc_dispatch_per_s: ipc.per_s,
      ipc_dispatch_p99_ms: ipc.p99_ms,
    };
  } finally {
    agent.destroy();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
