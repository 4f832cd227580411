import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { referenceMapping } from '../helpers/cards';
import { startSandboxProcess } from './sandbox-process';

// A card preview while a 600-DPI generation runs: people preview on the Cards screen while a print run
// goes on; the preview must not wait behind the batch. Latency over loopback HTTP, idle and under load,
// measured in the same run. Target: p99 under load below 1 s.

const programme = 'P3jJH5Tu5VC';

async function waitTask(app: App, id: string): Promise<{ status: string; cards_generated: number }> {
  for (;;) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${id}`)).body as { status: string; cards_generated: number };
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
};

export async function benchPreviewUnderLoad(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_PREVIEW_ENROLLMENTS ?? 1250);
  const sandbox = await startSandboxProcess(n);
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-preview-'));
  const app = await createApp({ dataDir, env: { OOMUS_TOKEN: 'bench' }, logger: silentLogger, background: false });
  try {
    await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
    await waitTask(app, ((await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme })).body as { task_id: string }).task_id);
    await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping });
    const preview = (await app.dispatch('GET', `/dhis2/preview-enrollments?programme_uid=${programme}&limit=50`)).body as { preview: { enrollment_id: string }[] };
    const ids = preview.preview.map((r) => r.enrollment_id);
    const { url } = await app.listen('127.0.0.1', 0);
    let i = 0;
    const once = async (): Promise<number> => {
      const id = ids[i++ % ids.length] ?? '';
      const t0 = performance.now();
      const res = await fetch(`${url}/dhis2/preview-card-png?enrollment_id=${id}&template=${i % 2 ? 'vital' : 'pulse'}&dpi=300`, { headers: { authorization: 'Bearer bench' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`preview answered ${res.status}`);
      return performance.now() - t0;
    };
    const idle: number[] = [];
    for (let k = 0; k < 30; k++) idle.push(await once());

    const started = performance.now();
    const res = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programme, template: 'shield', dpi: 600 });
    const taskId = (res.body as { task_id: string }).task_id;
    let running = true;
    const loaded: number[] = [];
    const probe = (async () => {
      // The first second is the MPI step; previews are measured once cards are being drawn.
      await new Promise((r) => setTimeout(r, 1000));
      while (running) {
        loaded.push(await once());
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const task = await waitTask(app, taskId);
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await probe;
    return {
      benchmark: 'preview-under-load',
      enrollments: n,
      generation_600dpi_s: Math.round(seconds * 10) / 10,
      generation_status: task.status,
      cards: task.cards_generated,
      previews_idle: idle.length,
      preview_idle_p50_ms: percentile(idle, 50),
      preview_idle_p99_ms: percentile(idle, 99),
      previews_under_load: loaded.length,
      preview_load_p50_ms: percentile(loaded, 50),
      preview_load_p99_ms: percentile(loaded, 99),
      preview_load_max_ms: Math.round(Math.max(...loaded)),
    };
  } finally {
    await app.close();
    sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
