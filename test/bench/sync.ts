import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { startSandboxProcess } from './sandbox-process';

// First sync of N enrollments from the sandbox (in its own process, so the app's memory is measured
// alone), an incremental sync with nothing changed, and preview queries over the cache.

const programme = 'P3jJH5Tu5VC';

async function waitTask(app: Awaited<ReturnType<typeof createApp>>, id: string): Promise<any> {
  for (;;) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${id}`)).body as any;
    if (!['pending', 'running'].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function benchSync(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_ENROLLMENTS ?? 100_000);
  const sandbox = await startSandboxProcess(n);
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-sync-'));
  const app = await createApp({ dataDir, logger: silentLogger, background: false });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
    const t0 = performance.now();
    const first = await waitTask(app, ((await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme })).body as any).task_id);
    const firstS = (performance.now() - t0) / 1000;
    if (first.status !== 'completed') throw new Error(`first sync ${first.status}: ${first.errors.join('; ')}`);
    const cached = app.dhis2.enrollments.count(programme);

    const t1 = performance.now();
    const second = await waitTask(app, ((await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme })).body as any).task_id);
    const noopS = (performance.now() - t1) / 1000;
    if (second.status !== 'completed') throw new Error(`incremental sync ${second.status}: ${second.errors.join("; ")}`);

    const times: number[] = [];
    const units = app.dhis2.metadata.orgUnitChildren(null);
    const district = app.dhis2.metadata.orgUnitChildren(units[0]?.uid ?? null)[0]?.uid;
    const queries = [
      `/dhis2/preview-enrollments?programme_uid=${programme}&limit=10`,
      `/dhis2/preview-enrollments?programme_uid=${programme}&limit=100&from_date=2025-01-01&to_date=2025-12-31`,
      `/dhis2/preview-enrollments?programme_uid=${programme}&limit=10&org_unit=${district ?? 'DiszpKrYNg8'}`,
      `/dhis2/preview-enrollments?programme_uid=${programme}&limit=10&org_unit=DiszpKrYNg8`,
    ];
    for (let i = 0; i < 40; i++) {
      const q = queries[i % queries.length] ?? '';
      const t = performance.now();
      const res = await app.dispatch('GET', q);
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
    }
    times.sort((a, b) => a - b);
    return {
      benchmark: 'sync',
      enrollments: n,
      cached_enrollments: cached,
      first_sync_100k_s: Number(firstS.toFixed(2)),
      first_sync_enrollments_per_s: Math.round(cached / firstS),
      incremental_noop_s: Number(noopS.toFixed(3)),
      preview_query_ms: Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(2)),
      preview_query_p95_ms: Number((times[Math.floor(times.length * 0.95)] ?? 0).toFixed(2)),
      peak_rss_mb: Math.round(peak / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    await app.close();
    sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
