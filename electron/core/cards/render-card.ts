import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { CardModel, Language, SovereignConfig } from '../../../templates/kit/card-model';
import { defaultSovereignConfig } from '../../../templates/kit/card-model';
import { labelsFor } from '../../../templates/kit/labels';
import { createMeasure } from '../../../templates/kit/measure';
import { paintScene } from '../../../templates/kit/paint';
import type { Scene } from '../../../templates/kit/scene';
import type { Measure } from '../../../templates/kit/text';
import type { TemplateId } from '../../../templates/kit/template';
import { cardPixels } from '../../../templates/kit/units';
import { templates } from '../../../templates/index';
import { registerBundledFonts } from './fonts';
import { encodeRgb, type EncodedImage } from './png-encoder';

// One card from model to encoded pixels, in the calling thread. The pool runs this in workers.

export interface RenderJob {
  card: CardModel;
  template: TemplateId;
  dpi: number;
  language: Language;
  sovereign?: SovereignConfig;
}

let measure: Measure | undefined;

export function layoutCard(job: Omit<RenderJob, 'dpi'>): Scene {
  registerBundledFonts();
  measure ??= createMeasure();
  return templates[job.template].layout(job.card, {
    measure, language: job.language, labels: labelsFor(job.language), sovereign: job.sovereign ?? defaultSovereignConfig,
  });
}

// One canvas per DPI, reused: Skia's pixel memory is invisible to the JS garbage collector, so a new
// canvas per card grows the process by gigabytes before anything is collected.
const canvases = new Map<number, Canvas>();

export function renderCard(job: RenderJob): EncodedImage {
  const scene = layoutCard(job);
  const { width, height } = cardPixels(job.dpi);
  let canvas = canvases.get(job.dpi);
  if (!canvas) { canvas = createCanvas(width, height); canvases.set(job.dpi, canvas); }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  paintScene(ctx, scene, width, height);
  return encodeRgb(canvas.data(), width, height);
}
