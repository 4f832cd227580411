import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../electron/core/app';
import type { Dhis2Options } from '../../electron/core/dhis2/dhis2-options';
import { silentLogger } from '../../electron/core/logger';
import { defaultPageSize, defaultPagesInFlight } from '../../electron/core/sync/sync-programme';
import { referenceMapping } from '../helpers/reference-mapping';
import { startSandboxProcess } from './sandbox-process';

// The sync through a simulated office link (the sandbox's latency, bandwidth and gzip), and on the local sandbox.
// Each figure beside its baseline, measured in the same run: for a link, the ideal (compressed bytes ÷ bandwidth
// + 3 round trips, the bytes counted by the sandbox) and the same sync one page request at a time with the former
// page size; locally, the former settings again. During the local syncs, /health, the enrollment preview and a
// card preview are asked over loopback HTTP every 25 ms: their slowest answers say whether the API stayed responsive.

const programme = 'P3jJH5Tu5VC';
const token = 'bench';
const former: Dhis2Options = { pagesInFlight: 1, pageSize: 500 };
/** The settings measured: the app's defaults, or BENCH_PAGE_SIZE / BENCH_PAGES_IN_FLIGHT to compare others. */
const current: Dhis2Options = {
  ...(process.env.BENCH_PAGE_SIZE ? { pageSize: Number(process.env.BENCH_PAGE_SIZE) } : {}),
  ...(process.env.BENCH_PAGES_IN_FLIGHT ? { pagesInFlight: Number(process.env.BENCH_PAGES_IN_FLIGHT) } : {}),
};

interface Link { latencyMs: number; kbit: number }
const office: Link = { latencyMs: 300, kbit: 4000 };
const rural: Link = { latencyMs: 600, kbit: 1000 };

async function admin(url: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/__sandbox/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}

async function waitTask(app: App, id: string): Promise<any> {
  for (;;) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${id}`)).body as any;
    if (!['pending', 'running'].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function newApp(dhis2Url: string, dhis2: Dhis2Options): Promise<{ app: App; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-link-'));
  const app = await createApp({ dataDir, env: { OOMUS_TOKEN: token }, logger: silentLogger, background: false, dhis2 });
  await app.dispatch('POST', '/dhis2/config', { url: dhis2Url, username: 'admin', password: 'district' });
  return { app, dataDir };
}

/** Syncs and times it; `during` runs while the sync does and is told when it has ended. */
async function timedSync(app: App, body: Record<string, unknown> = { programme_uid: programme },
  during?: (running: () => boolean) => Promise<void>): Promise<{ seconds: number; task: any }> {
  const started = performance.now();
  const task = (await app.dispatch('POST', '/dhis2/sync', body)).body as { task_id: string };
  let running = true;
  const probe = during?.(() => running);
  probe?.catch(() => undefined); // its error is thrown below, after the sync (and the sandbox process still stops)
  const done = await waitTask(app, task.task_id);
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await probe;
  if (done.status !== 'completed') throw new Error(`sync ${done.status}: ${done.errors.join('; ')}`);
  return { seconds, task: done };
}

async function close(run: { app: App; dataDir: string }): Promise<void> {
  await run.app.close();
  rmSync(run.dataDir, { recursive: true, force: true });
}

async function throughLink(url: string, link: Link, dhis2: Dhis2Options): Promise<{ seconds: number; ideal: number; bytes: number; requests: number }> {
  await admin(url, 'faults', { latencyMs: link.latencyMs, bandwidthKbit: link.kbit, gzip: true });
  const fresh = await newApp(url, dhis2);
  const before = await admin(url, 'state');
  const run = await timedSync(fresh.app);
  const after = await admin(url, 'state');
  await close(fresh);
  const bytes = after.bytesSent - before.bytesSent;
  const ideal = (bytes * 8) / (link.kbit * 1000) + (3 * link.latencyMs) / 1000;
  return { seconds: run.seconds, ideal, bytes, requests: after.requestsLogged - before.requestsLogged };
}

/** Asks each path a few times first (idle; the listener's and the render pool's first answers are not the sync's
 *  doing), then in turn, one every 25 ms, while the sync runs: every answer's time, per route. */
const listening = new WeakMap<App, string>();
async function probing(app: App, paths: () => string[], times: Map<string, number[]>): Promise<(running: () => boolean) => Promise<void>> {
  const url = listening.get(app) ?? (await app.listen('127.0.0.1', 0)).url;
  listening.set(app, url);
  const ask = async (path: string): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    // Before the metadata step the programme is unknown: a 404 is an answer too.
    if (res.status !== 200 && res.status !== 404) throw new Error(`${path} answered ${res.status} during the sync`);
    return performance.now() - t0;
  };
  const record = (key: string, ms: number): void => void times.set(key, [...(times.get(key) ?? []), ms]);
  for (let k = 0; k < 6; k++) for (const path of paths()) record(`idle ${path.split('?')[0]}`, await ask(path));
  return async (running) => {
    while (running()) {
      for (const path of paths()) record(path.split('?')[0] ?? path, await ask(path));
      await new Promise((r) => setTimeout(r, 25));
    }
  };
}

const s2 = (n: number): number => Number(n.toFixed(2));
const median = (v: number[] = []): number => Math.round([...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0);
const max = (v: number[] = []): number => Math.round(Math.max(0, ...v));

export async function benchSyncLink(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { benchmark: 'sync-link', page_size: current.pageSize ?? defaultPageSize, pages_in_flight: current.pagesInFlight ?? defaultPagesInFlight };
  const baseline = process.env.BENCH_NO_BASELINE !== '1';
  const parts = (process.env.BENCH_PARTS ?? 'local,link').split(',');
  // Local first, in a fresh process: its peak RSS is the sync's own, not what the link runs left behind.
  const localN = Number(process.env.BENCH_ENROLLMENTS ?? 100_000);
  if (parts.includes('local')) await measureLocal(out, localN, baseline);
  if (parts.includes('link')) await measureLinks(out, baseline);
  return out;
}

async function measureLocal(out: Record<string, unknown>, localN: number, baseline: boolean): Promise<void> {
  const local = await startSandboxProcess(localN);
  // The process before the sync (Node, tsx, the app's modules, an app open on an empty cache) beside its peak: the
  // difference is what the sync itself holds.
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const times = new Map<string, number[]>();
    const preview = `/dhis2/preview-enrollments?programme_uid=${programme}&limit=10`;
    const fresh = await newApp(local.url, current);
    out.rss_before_sync_mb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    // The first sync alone, as the former settings below (and the "today") were timed: the sync's own pace.
    const first = await timedSync(fresh.app);
    out.first_sync_100k_s = s2(first.seconds);
    out.first_sync_enrollments_per_s = Math.round(localN / first.seconds);
    out.peak_rss_mb = Math.round(peak / 1024 / 1024); // during the first sync (the card previews below start render workers)
    out.local_mb = s2((first.task.details.bytes_received ?? 0) / 1e6);
    // Responsiveness: the same 100,000 again ("full": every page rewritten) while /health and the enrollment preview
    // are asked every 25 ms; then once more with card previews (which need mapped attributes). The search index of the
    // first sync is built first (a background job of its own, on the event loop).
    await fresh.app.search.idle();
    const asked = await timedSync(fresh.app, { programme_uid: programme, full: true }, await probing(fresh.app, () => ['/health', preview], times));
    out.full_resync_100k_with_probes_s = s2(asked.seconds);
    await fresh.app.search.idle();
    await fresh.app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping });
    const listed = (await fresh.app.dispatch('GET', preview.replace('limit=10', 'limit=20'))).body as any;
    const ids = listed.preview.map((p: any) => p.enrollment_id) as string[];
    let i = 0;
    const card = (): string => `/dhis2/preview-card-png?enrollment_id=${ids[i++ % ids.length]}&template=pulse&dpi=300`;
    const warm = await probing(fresh.app, () => ['/health', card()], times);
    const again = await timedSync(fresh.app, { programme_uid: programme, full: true }, warm);
    out.full_resync_100k_s = s2(again.seconds);
    out.peak_rss_mb_with_card_previews = Math.round(peak / 1024 / 1024);
    const routes: [string, string][] = [['health', '/health'], ['preview', '/dhis2/preview-enrollments'], ['card_preview', '/dhis2/preview-card-png']];
    for (const [name, path] of routes) {
      Object.assign(out, {
        [`${name}_idle_p50_ms`]: median(times.get(`idle ${path}`)), [`${name}_p50_ms_during_sync`]: median(times.get(path)),
        [`${name}_max_ms_during_sync`]: max(times.get(path)),
      });
    }
    await close(fresh);
    if (baseline) {
      const formerApp = await newApp(local.url, former);
      out.first_sync_100k_one_at_a_time_s = s2((await timedSync(formerApp.app)).seconds);
      await close(formerApp);
    }
  } finally {
    clearInterval(sampler);
    local.stop();
  }
}

async function measureLinks(out: Record<string, unknown>, baseline: boolean): Promise<void> {
  const linkN = Number(process.env.BENCH_LINK_ENROLLMENTS ?? 20_000);
  const sandbox = await startSandboxProcess(linkN);
  try {
    for (const [name, link] of [['link', office], ['rural', rural]] as const) {
      const r = await throughLink(sandbox.url, link, current);
      Object.assign(out, {
        [`${name}_20k_s`]: s2(r.seconds), [`${name}_ideal_s`]: s2(r.ideal), [`${name}_ratio`]: s2(r.seconds / r.ideal),
        [`${name}_mb`]: s2(r.bytes / 1e6), [`${name}_requests`]: r.requests, [`${name}_settings`]: `${link.latencyMs} ms, ${link.kbit / 1000} Mbit/s, gzip`,
      });
      if (baseline) {
        const b = await throughLink(sandbox.url, link, former);
        Object.assign(out, { [`${name}_20k_one_at_a_time_s`]: s2(b.seconds), [`${name}_one_at_a_time_ratio`]: s2(b.seconds / b.ideal), [`${name}_one_at_a_time_requests`]: b.requests });
      }
    }
  } finally {
    sandbox.stop();
  }
}
