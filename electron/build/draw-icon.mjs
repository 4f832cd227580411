// Draws the app icon (electron/build/resources/icon.png, 1024 × 1024) as the favicon draws it: a green
// rounded square with a white ring. electron-builder makes the Windows .ico and the macOS .icns from it.
// Run again after a change: node electron/build/draw-icon.mjs
import { writeFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';

const size = 1024;
const canvas = createCanvas(size, size);
const ctx = canvas.getContext('2d');
const r = size * (14 / 64);
ctx.fillStyle = '#0b6e4f';
ctx.beginPath();
ctx.roundRect(0, 0, size, size, r);
ctx.fill();
ctx.strokeStyle = '#ffffff';
ctx.lineWidth = size * (7 / 64);
ctx.beginPath();
ctx.arc(size / 2, size / 2, size / 4, 0, Math.PI * 2);
ctx.stroke();
writeFileSync(new URL('./resources/icon.png', import.meta.url), canvas.toBuffer('image/png'));
console.log('electron/build/resources/icon.png');
