// Cards: 1,000 cards of mixed templates at 300 and at 600 DPI through the worker pool, from card model to
// PNG bytes (pHYs included). Prints cards per second and the peak resident memory of the process.
import { availableParallelism } from 'node:os';
import { pngFile } from '../../electron/core/cards/png-encoder';
import { createRenderPool } from '../../electron/core/cards/render-pool';
import { templateIds } from '../../templates/index';
import type { CardModel } from '../../templates/kit/card-model';
import { sampleCards } from '../fixtures/cards/sample-cards';

const count = Number(process.env.BENCH_CARDS ?? 1000);

function cards(): CardModel[] {
  const samples = Object.values(sampleCards);
  return Array.from({ length: count }, (_, i) => {
    const base = samples[i % samples.length]!;
    return { ...base, enrollmentId: `Enr${String(i).padStart(8, '0')}`, qrPayload: `OOMUS1/Enr${String(i).padStart(8, '0')}/P3jJH5Tu5VC/-` };
  });
}

export async function benchCards(): Promise<Record<string, unknown>> {
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
  const pool = createRenderPool(availableParallelism());
  const figures: Record<string, number> = {};
  try {
    const models = cards();
    await pool.render({ card: models[0]!, template: 'vital', dpi: 300, language: 'fr' }); // warm the workers
    for (const dpi of [300, 600]) {
      let bytes = 0;
      const started = performance.now();
      // As the generation runner feeds the pool: two cards in flight per worker.
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < models.length) {
          const i = next++;
          const image = await pool.render({ card: models[i]!, template: templateIds[i % templateIds.length]!, dpi, language: 'fr' });
          bytes += pngFile(image, dpi).length;
        }
      };
      await Promise.all(Array.from({ length: pool.size * 2 }, lane));
      const seconds = (performance.now() - started) / 1000;
      figures[`cards_per_s_${dpi}`] = Math.round((count / seconds) * 10) / 10;
      figures[`avg_png_kb_${dpi}`] = Math.round(bytes / count / 1024);
    }
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { benchmark: 'cards', cards: count, workers: availableParallelism(), ...figures, peak_rss_mb: Math.round(peak / 1024 / 1024) };
}
