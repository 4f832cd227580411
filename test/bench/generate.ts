import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../electron/core/app';
import { createPrintPdf } from '../../electron/core/cards/pdf-writer';
import type { EncodedImage } from '../../electron/core/cards/png-encoder';
import { renderCard } from '../../electron/core/cards/render-card';
import { silentLogger } from '../../electron/core/logger';
import { templateIds } from '../../templates/index';
import { sampleCards } from '../fixtures/cards/sample-cards';
import { referenceMapping } from '../helpers/cards';
import { benchMpi } from './mpi';
import { startSandboxProcess } from './sandbox-process';

// Card generation end to end (cached enrollments → MPI → PNGs → both PDFs) for 1,250 and 12,450
// enrollments; the PDF writer alone on 1,000 ready cards; and the MPI's speed and quality.

const programme = 'P3jJH5Tu5VC';

async function waitTask(app: App, id: string): Promise<any> {
  for (;;) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${id}`)).body as any;
    if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Seconds from POST /dhis2/generate-cards to the finished task, for every cached enrollment of n. */
async function endToEnd(n: number, peak: { rss: number }): Promise<{ seconds: number; task: any; healthMaxMs: number }> {
  const sandbox = await startSandboxProcess(n);
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-generate-'));
  const app = await createApp({ dataDir, logger: silentLogger, background: false });
  try {
    await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
    await waitTask(app, ((await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme })).body as any).task_id);
    await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping });
    const sampler = setInterval(() => { peak.rss = Math.max(peak.rss, process.memoryUsage().rss); }, 50);
    const started = performance.now();
    const res = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
    // The API must keep answering while cards are made: the slowest health check over HTTP during the run.
    const { url } = await app.listen('127.0.0.1', 0);
    let healthMaxMs = 0;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t0 = performance.now();
        await fetch(`${url}/health`);
        healthMaxMs = Math.max(healthMaxMs, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const task = await waitTask(app, (res.body as any).task_id);
    probing = false;
    await probe;
    clearInterval(sampler);
    return { seconds: (performance.now() - started) / 1000, task, healthMaxMs: Math.round(healthMaxMs) };
  } finally {
    await app.close();
    sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pdfPagesPerSecond(): Promise<number> {
  const cards = Object.values(sampleCards);
  const images: EncodedImage[] = templateIds.map((template, i) => renderCard({ card: cards[i % cards.length]!, template, dpi: 300, language: 'fr' }));
  const dir = mkdtempSync(join(tmpdir(), 'oomus-bench-pdf-'));
  try {
    const started = performance.now();
    const pdf = await createPrintPdf(join(dir, 'a4.pdf'), 'a4-sheet');
    for (let i = 0; i < 1000; i++) await pdf.add(images[i % images.length]!);
    const { pages } = await pdf.finish();
    return Math.round(pages / ((performance.now() - started) / 1000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGenerate(): Promise<Record<string, unknown>> {
  const peak = { rss: 0 };
  const small = await endToEnd(Number(process.env.BENCH_SMALL ?? 1250), peak);
  const large = await endToEnd(Number(process.env.BENCH_LARGE ?? 12_450), peak);
  const pdf_pages_per_s = await pdfPagesPerSecond();
  const mpi = await benchMpi();
  return {
    benchmark: 'generate',
    e2e_1250_s: Math.round(small.seconds * 10) / 10,
    e2e_12450_s: Math.round(large.seconds * 10) / 10,
    cards_1250: small.task.cards_generated, status_1250: small.task.status,
    cards_12450: large.task.cards_generated, status_12450: large.task.status, review_12450: large.task.mpi_pending_review,
    health_max_ms_during_12450: large.healthMaxMs,
    pdf_pages_per_s,
    mpi_per_s: mpi.mpi_per_s,
    precision_auto: mpi.precision_auto,
    recall_auto_review: mpi.recall_auto_review,
    peak_rss_mb: Math.round(peak.rss / 1024 / 1024),
  };
}
