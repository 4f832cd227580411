import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import jsQR from 'jsqr';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { parseQrPayload } from '../../../electron/core/cards/qr-payload';
import { templateIds } from '../../../templates/index';
import { sampleCards } from '../../fixtures/cards/sample-cards';
import { goldenFile, renderGolden } from '../../helpers/golden';

// Each template × sample card against its committed reference image (refresh: `npm run golden`, then
// look at every changed image). Anti-aliasing differences are tolerated; a moved or missing element is not.

const outDir = join(import.meta.dirname, '..', '..', '..', 'test-results', 'golden');
const maxDifferingShare = 0.002;

for (const template of templateIds) {
  test(`${template}: matches its golden images, and its QR decodes to the card's payload`, () => {
    const failures: string[] = [];
    for (const [sample, card] of Object.entries(sampleCards)) {
      const actual = PNG.sync.read(renderGolden(template, sample));
      const file = goldenFile(template, sample);
      if (!existsSync(file)) { failures.push(`${sample}: no reference image ${file} (run npm run golden)`); continue; }
      const expected = PNG.sync.read(readFileSync(file));
      if (expected.width !== actual.width || expected.height !== actual.height) { failures.push(`${sample}: size changed`); continue; }
      const diff = new PNG({ width: actual.width, height: actual.height });
      const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
      if (differing > actual.width * actual.height * maxDifferingShare) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, `${template}-${sample}-actual.png`), PNG.sync.write(actual));
        writeFileSync(join(outDir, `${template}-${sample}-diff.png`), PNG.sync.write(diff));
        failures.push(`${sample}: ${differing} pixels differ (see ${outDir})`);
      }
      const qr = jsQR(new Uint8ClampedArray(actual.data), actual.width, actual.height);
      if (!qr) failures.push(`${sample}: no readable QR code`);
      else if (qr.data !== card.qrPayload || !parseQrPayload(qr.data)) failures.push(`${sample}: QR says "${qr.data}"`);
    }
    assert.deepEqual(failures, []);
  });
}
