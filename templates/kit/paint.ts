import { Image, Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import { cssFont } from '../fonts/bundled-fonts';
import { quietModules } from './qr';
import type { AvatarNode, Fill, PhotoNode, QrNode, Scene, SceneNode, Stroke, TextNode } from './scene';
import { cardHeightMm, cardWidthMm } from './units';

// Paints a laid-out scene on a canvas whose size matches the card at some DPI. Deterministic: the same
// scene and DPI give the same pixels.

export function paintScene(ctx: SKRSContext2D, scene: Scene, widthPx: number, heightPx: number): void {
  const pxPerMm = widthPx / cardWidthMm;
  ctx.setTransform(pxPerMm, 0, 0, heightPx / cardHeightMm, 0, 0);
  ctx.textBaseline = 'alphabetic';
  ctx.lang = 'fr'; // fixed, not the host's: the same pixels on every machine
  for (const node of scene.nodes) {
    ctx.save();
    paintNode(ctx, node, pxPerMm);
    ctx.restore();
  }
}

function paintNode(ctx: SKRSContext2D, node: SceneNode, pxPerMm: number): void {
  if ('opacity' in node && node.opacity !== undefined) ctx.globalAlpha = node.opacity;
  switch (node.kind) {
    case 'rect': {
      ctx.beginPath();
      if (node.r) ctx.roundRect(node.x, node.y, node.w, node.h, node.r); else ctx.rect(node.x, node.y, node.w, node.h);
      fillAndStroke(ctx, node.fill, node.stroke);
      return;
    }
    case 'circle': {
      ctx.beginPath();
      ctx.arc(node.cx, node.cy, node.r, 0, Math.PI * 2);
      fillAndStroke(ctx, node.fill, node.stroke);
      return;
    }
    case 'path': {
      if (node.clip) {
        ctx.beginPath();
        ctx.roundRect(node.clip.x, node.clip.y, node.clip.w, node.clip.h, node.clip.r ?? 0);
        ctx.clip();
      }
      const path = new Path2D(node.d);
      if (node.fill) { ctx.fillStyle = toStyle(ctx, node.fill); ctx.fill(path); }
      if (node.stroke) { applyStroke(ctx, node.stroke); ctx.stroke(path); }
      return;
    }
    case 'text': return paintText(ctx, node);
    case 'qr': return paintQr(ctx, node, pxPerMm);
    case 'photo': return paintPhoto(ctx, node, pxPerMm);
    case 'avatar': return paintAvatar(ctx, node);
  }
}

function toStyle(ctx: SKRSContext2D, fill: Fill): string | ReturnType<SKRSContext2D['createLinearGradient']> {
  if (typeof fill === 'string') return fill;
  const gradient = fill.kind === 'linear'
    ? ctx.createLinearGradient(fill.x0, fill.y0, fill.x1, fill.y1)
    : ctx.createRadialGradient(fill.cx, fill.cy, 0, fill.cx, fill.cy, fill.r);
  for (const [offset, colour] of fill.stops) gradient.addColorStop(offset, colour);
  return gradient;
}

function applyStroke(ctx: SKRSContext2D, stroke: Stroke): void {
  ctx.strokeStyle = stroke.color;
  ctx.lineWidth = stroke.width;
  ctx.setLineDash(stroke.dash ?? []);
  ctx.lineCap = stroke.cap ?? 'butt';
  ctx.lineJoin = stroke.join ?? 'miter';
}

function fillAndStroke(ctx: SKRSContext2D, fill: Fill | undefined, stroke: Stroke | undefined): void {
  if (fill) { ctx.fillStyle = toStyle(ctx, fill); ctx.fill(); }
  if (stroke) { applyStroke(ctx, stroke); ctx.stroke(); }
}

function paintText(ctx: SKRSContext2D, node: TextNode): void {
  const sizeMm = (node.sizePt * 25.4) / 72;
  ctx.font = cssFont(node.font, node.weight, sizeMm);
  ctx.fillStyle = node.color;
  ctx.direction = node.dir;
  ctx.textAlign = node.align;
  ctx.letterSpacing = node.letterSpacing ? `${node.letterSpacing}px` : '0px';
  const x = node.align === 'left' ? node.box.x : node.align === 'right' ? node.box.x + node.box.w : node.box.x + node.box.w / 2;
  for (const line of node.lines) ctx.fillText(line.text, x, line.y);
}

/** Modules snapped to whole device pixels, centred in the node's square; quiet zone painted light. */
function paintQr(ctx: SKRSContext2D, node: QrNode, pxPerMm: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const sizePx = node.size * pxPerMm;
  const total = node.count + 2 * quietModules;
  const modulePx = Math.max(1, Math.floor(sizePx / total));
  const left = Math.round(node.x * pxPerMm);
  const top = Math.round(node.y * pxPerMm);
  const sizeRounded = Math.round(sizePx);
  ctx.fillStyle = node.light;
  ctx.fillRect(left, top, sizeRounded, sizeRounded);
  const offset = Math.floor((sizeRounded - modulePx * total) / 2) + quietModules * modulePx;
  ctx.fillStyle = node.dark;
  for (let row = 0; row < node.count; row++) {
    let col = 0;
    while (col < node.count) {
      if (!node.modules[row * node.count + col]) { col++; continue; }
      const start = col;
      while (col < node.count && node.modules[row * node.count + col]) col++;
      ctx.fillRect(left + offset + start * modulePx, top + offset + row * modulePx, (col - start) * modulePx, modulePx);
    }
  }
}

function paintPhoto(ctx: SKRSContext2D, node: PhotoNode, pxPerMm: number): void {
  const image = new Image();
  try {
    image.src = node.bytes;
  } catch {
    return paintAvatar(ctx, node.fallback);
  }
  if (!image.width || !image.height) return paintAvatar(ctx, node.fallback);
  ctx.beginPath();
  ctx.roundRect(node.x, node.y, node.w, node.h, node.r);
  ctx.save();
  ctx.clip();
  // Cover: scale so the frame is filled, centre horizontally, keep the top (faces sit high in ID photos).
  const scale = Math.max(node.w / image.width, node.h / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  ctx.imageSmoothingQuality = pxPerMm > 20 ? 'high' : 'medium';
  ctx.drawImage(image, node.x + (node.w - w) / 2, node.y + Math.min(0, (node.h - h) / 4), w, h);
  ctx.restore();
  if (node.stroke) { applyStroke(ctx, node.stroke); ctx.stroke(); }
}

function paintAvatar(ctx: SKRSContext2D, node: AvatarNode): void {
  ctx.beginPath();
  ctx.roundRect(node.x, node.y, node.w, node.h, node.r);
  fillAndStroke(ctx, node.fill, node.stroke);
  const size = Math.min(node.w, node.h) * 0.42;
  ctx.font = cssFont(node.font, 700, size);
  ctx.fillStyle = node.color;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(node.initials, node.x + node.w / 2, node.y + node.h / 2 + size * 0.04);
}
