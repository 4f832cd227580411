// Re-renders the golden card images (every template × every sample card, 300 DPI, French) into
// test/golden/cards/. Run `npm run golden` after an intended design change, then LOOK at every image
// that changed (git diff --stat test/golden) before committing them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { goldenDir, goldenFile, renderGolden } from '../helpers/golden';
import { templateIds } from '../../templates/index';
import { sampleCards } from '../fixtures/cards/sample-cards';

const only = process.argv.slice(2);
mkdirSync(goldenDir, { recursive: true });
let count = 0;
for (const template of templateIds) {
  if (only.length && !only.includes(template)) continue;
  for (const sample of Object.keys(sampleCards)) {
    writeFileSync(goldenFile(template, sample), renderGolden(template, sample));
    count++;
  }
}
console.log(`wrote ${count} golden images to ${goldenDir}`);
