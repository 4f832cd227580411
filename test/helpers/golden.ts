import { deflateSync, inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { renderCard } from '../../electron/core/cards/render-card';
import { pngFile } from '../../electron/core/cards/png-encoder';
import type { TemplateId } from '../../templates/index';
import { sampleCards } from '../fixtures/cards/sample-cards';

export const goldenDir = join(import.meta.dirname, '..', 'golden', 'cards');
export const goldenFile = (template: string, sample: string): string => join(goldenDir, `${template}-${sample}.png`);

/** The card as the golden test sees it: 300 DPI, French, recompressed hard to keep the repository small. */
export function renderGolden(template: TemplateId, sample: string): Buffer {
  const image = renderCard({ card: sampleCards[sample]!, template, dpi: 300, language: 'fr' });
  const raw = Buffer.from(image.idat); // re-deflate the same filtered rows at the best level
  return pngFile({ ...image, idat: deflateSync(inflateSync(raw), { level: 9 }) }, 300);
}
