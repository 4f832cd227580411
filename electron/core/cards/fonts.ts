import { GlobalFonts } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledFonts, type BundledFont } from '../../../templates/fonts/bundled-fonts';

// Registers the bundled fonts with Skia once per process (registrations are process-wide, workers
// included). Files are read through fs so they also load from inside Electron's app.asar.

const require = createRequire(import.meta.url);
let registered = false;

export function fontPath(font: BundledFont, extension: 'woff2' | 'woff'): string {
  return join(dirname(require.resolve(`${font.pkg}/package.json`)), 'files', `${font.file}.${extension}`);
}

export function registerBundledFonts(): void {
  if (registered) return;
  for (const font of bundledFonts) {
    if (!GlobalFonts.register(readFileSync(fontPath(font, 'woff2')), font.family)) {
      throw new Error(`could not register font ${font.file} (${font.pkg})`);
    }
  }
  registered = true;
}
