import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFPage } from 'pdf-lib';
import { createPrintPdf } from '../../../electron/core/cards/pdf-writer';
import type { EncodedImage } from '../../../electron/core/cards/png-encoder';
import { a4Slots, cropMarks } from '../../../electron/core/cards/print-layout';
import { renderCard } from '../../../electron/core/cards/render-card';
import { templateIds } from '../../../templates/index';
import { sampleCards } from '../../fixtures/cards/sample-cards';
import { tempDir } from '../../helpers/temp';

// The print files read back: page count and size, where each card image sits (to 0.1 mm), crop marks,
// and card pixels embedded byte for byte as they left the encoder (lossless, never re-compressed).

const mm = (pt: number): number => (pt * 25.4) / 72;
const cards: EncodedImage[] = Object.values(sampleCards).slice(0, 4).flatMap((card, i) =>
  [0, 1, 2].map((j) => renderCard({ card, template: templateIds[(i * 3 + j) % templateIds.length]!, dpi: 300, language: 'fr' })));
const thirteen = [...cards, cards[0]!]; // 13 cards: one full sheet and one of three

interface Placed { name: string; x: number; y: number; w: number; h: number }

function placements(page: PDFPage): { images: Placed[]; strokes: number } {
  const contents = page.node.Contents();
  assert.ok(contents instanceof PDFRawStream);
  const ops = Buffer.from(contents.contents).toString('latin1');
  const images = [...ops.matchAll(/q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm \/(\w+) Do Q/g)].map((m) => ({
    name: m[5]!, w: mm(Number(m[1])), h: mm(Number(m[2])), x: mm(Number(m[3])), y: mm(page.getHeight() - Number(m[4]) - Number(m[2])),
  }));
  return { images, strokes: [...ops.matchAll(/ l S/g)].length };
}

function imageStream(page: PDFPage, name: string): PDFRawStream {
  const xobjects = page.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
  const stream = xobjects.lookup(PDFName.of(name));
  assert.ok(stream instanceof PDFRawStream);
  return stream;
}

async function build(layout: 'a4-sheet' | 'cr80'): Promise<{ doc: PDFDocument; result: { pages: number; cards: number; bytes: number } }> {
  const path = join(tempDir(), `${layout}.pdf`);
  const pdf = await createPrintPdf(path, layout);
  for (const image of thirteen) await pdf.add(image);
  const result = await pdf.finish();
  const bytes = readFileSync(path);
  assert.equal(result.bytes, bytes.length, 'reported size is the file size');
  return { doc: await PDFDocument.load(bytes), result };
}

test('A4 sheets: 10 cards a page at true CR80 size, on the 2 × 5 grid, with crop marks', async () => {
  const { doc, result } = await build('a4-sheet');
  assert.equal(result.pages, 2);
  assert.equal(result.cards, 13);
  assert.equal(doc.getPageCount(), 2);
  for (const [p, expected] of [[0, 10], [1, 3]] as const) {
    const page = doc.getPage(p);
    assert.ok(Math.abs(mm(page.getWidth()) - 210) < 0.1 && Math.abs(mm(page.getHeight()) - 297) < 0.1, 'A4');
    const { images, strokes } = placements(page);
    assert.equal(images.length, expected);
    images.forEach((img, i) => {
      const slot = a4Slots[i]!;
      for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Math.abs(img[k] - slot[k]) < 0.1, `page ${p + 1} card ${i + 1} ${k}: ${img[k]} vs ${slot[k]}`);
      assert.ok(Math.abs(img.w - 85.6) < 0.1 && Math.abs(img.h - 53.98) < 0.1, 'true CR80 size');
    });
    assert.equal(strokes, cropMarks(expected).length);
    assert.equal(strokes, expected * 8);
  }
  // No two cards overlap and every card is on the page.
  for (const [i, a] of a4Slots.entries()) {
    assert.ok(a.x >= 5 && a.y >= 5 && a.x + a.w <= 205 && a.y + a.h <= 292, `slot ${i} inside a 5 mm printer margin`);
    for (const b of a4Slots.slice(i + 1)) assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y);
  }
});

test('CR80 PDF: one card a page, the page is the card', async () => {
  const { doc, result } = await build('cr80');
  assert.equal(result.pages, 13);
  assert.equal(doc.getPageCount(), 13);
  for (const page of doc.getPages()) {
    assert.ok(Math.abs(mm(page.getWidth()) - 85.6) < 0.1 && Math.abs(mm(page.getHeight()) - 53.98) < 0.1);
    const { images, strokes } = placements(page);
    assert.equal(images.length, 1);
    assert.equal(strokes, 0);
    const img = images[0]!;
    assert.ok(Math.abs(img.x) < 0.1 && Math.abs(img.y) < 0.1 && Math.abs(img.w - 85.6) < 0.1 && Math.abs(img.h - 53.98) < 0.1);
  }
});

test('card pixels are embedded losslessly: the PNG encoder\'s stream, Flate with PNG predictors, byte for byte', async () => {
  const { doc } = await build('a4-sheet');
  const page = doc.getPage(0);
  placements(page).images.forEach((img, i) => {
    const stream = imageStream(page, img.name);
    const dict = stream.dict;
    assert.equal(dict.lookup(PDFName.of('Width'), PDFNumber).asNumber(), 1011);
    assert.equal(dict.lookup(PDFName.of('Height'), PDFNumber).asNumber(), 638);
    assert.equal(dict.get(PDFName.of('Filter'))?.toString(), '/FlateDecode');
    assert.equal(dict.get(PDFName.of('ColorSpace'))?.toString(), '/DeviceRGB');
    const parms = dict.lookup(PDFName.of('DecodeParms'), PDFDict);
    assert.equal(parms.lookup(PDFName.of('Predictor'), PDFNumber).asNumber(), 15);
    assert.equal(parms.lookup(PDFName.of('Columns'), PDFNumber).asNumber(), 1011);
    assert.ok(Buffer.from(stream.contents).equals(thirteen[i]!.idat), `card ${i + 1} bytes`);
  });
});
