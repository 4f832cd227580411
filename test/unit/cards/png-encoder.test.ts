import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { encodeRgb, pngFile } from '../../../electron/core/cards/png-encoder';
import { cardPixels } from '../../../templates/kit/units';
import { pngPhys } from '../../helpers/cards';

test('card pixel sizes at 300, 450 and 600 DPI are true CR80', () => {
  assert.deepEqual(cardPixels(300), { width: 1011, height: 638 });
  assert.deepEqual(cardPixels(450), { width: 1517, height: 956 });
  assert.deepEqual(cardPixels(600), { width: 2022, height: 1275 });
});

test('the encoder is lossless: a standard decoder reads back exactly the canvas pixels, with the DPI in pHYs', () => {
  const canvas = createCanvas(257, 131);
  const ctx = canvas.getContext('2d');
  const gradient = ctx.createLinearGradient(0, 0, 257, 131);
  gradient.addColorStop(0, '#123456');
  gradient.addColorStop(1, '#fedcba');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 257, 131);
  ctx.fillStyle = '#e0115f';
  ctx.beginPath(); ctx.arc(100, 60, 40, 0, Math.PI * 2); ctx.fill();
  const rgba = canvas.data();
  for (const dpi of [300, 450, 600]) {
    const file = pngFile(encodeRgb(rgba, 257, 131), dpi);
    const decoded = PNG.sync.read(file);
    assert.equal(decoded.width, 257);
    for (let i = 0; i < 257 * 131; i++) {
      for (let c = 0; c < 3; c++) assert.equal(decoded.data[i * 4 + c], rgba[i * 4 + c], `pixel ${i} channel ${c}`);
    }
    assert.deepEqual(pngPhys(file), { x: Math.round(dpi / 0.0254), y: Math.round(dpi / 0.0254), unit: 1 });
  }
});

test('the encoder refuses a pixel buffer of the wrong size', () => {
  assert.throws(() => encodeRgb(new Uint8Array(10), 2, 2), /expected 16 bytes/);
});
