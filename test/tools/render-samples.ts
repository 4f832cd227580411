// Renders every template (or those named) for every sample card to PNG files, to look at them.
// Usage: npx tsx test/tools/render-samples.ts <out-dir> [template...] [--dpi 300] [--lang fr|en]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCard } from '../../electron/core/cards/render-card';
import { pngFile } from '../../electron/core/cards/png-encoder';
import { templateIds, type TemplateId } from '../../templates/index';
import { sampleCards } from '../fixtures/cards/sample-cards';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const dpi = Number(opt('--dpi') ?? 300);
const language = (opt('--lang') ?? 'fr') as 'fr' | 'en';
const [out = '.scratch/cards', ...names] = args;
const chosen = (names.length ? names : templateIds) as TemplateId[];
mkdirSync(out, { recursive: true });
for (const template of chosen) {
  for (const [name, card] of Object.entries(sampleCards)) {
    const file = join(out, `${template}-${name}.png`);
    writeFileSync(file, pngFile(renderCard({ card, template, dpi, language }), dpi));
  }
  console.log(`${template}: ${Object.keys(sampleCards).length} cards in ${out}`);
}
