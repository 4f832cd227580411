import { createCanvas } from '@napi-rs/canvas';
import { cssFont } from '../fonts/bundled-fonts';
import type { Measure } from './text';

// Text widths in millimetres, measured once at a fixed large size and scaled (widths are linear in size),
// so layout is the same at every DPI.

const referenceSize = 100;

export function createMeasure(): Measure {
  const ctx = createCanvas(4, 4).getContext('2d');
  ctx.lang = 'fr';
  const cache = new Map<string, number>();
  return (text, font, weight, sizeMm, letterSpacing = 0) => {
    const key = `${font}|${weight}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      ctx.font = cssFont(font, weight, referenceSize);
      ctx.direction = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(text) ? 'rtl' : 'ltr';
      width = ctx.measureText(text).width / referenceSize;
      if (cache.size > 20_000) cache.clear();
      cache.set(key, width);
    }
    return width * sizeMm + letterSpacing * Math.max(0, Array.from(text).length - 1);
  };
}
