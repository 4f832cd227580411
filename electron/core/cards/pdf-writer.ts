import { open, type FileHandle } from 'node:fs/promises';
import type { PDFObject, PDFRef } from 'pdf-lib';
import type { EncodedImage } from './png-encoder';
import { a4, a4Slots, cardsPerSheet, cr80Page, cropMarks, type PrintLayout } from './print-layout';

// Print PDFs written page by page to disk, so memory stays flat however many cards there are.
// pdf-lib builds and serialises each object; we write them as they are made and finish with the page
// tree and cross-reference table. Card pixels go in as they left the PNG encoder: the same zlib stream
// with PNG "Up" row filters is a FlateDecode image with /Predictor 15, so nothing is decoded or
// re-compressed (pdf-lib's embedPng spent ~85 ms and megabytes per card doing exactly that).
// pdf-lib is loaded with the first PDF, not with the app (about 15 MB the app does not need until it prints).

const ptPerMm = 72 / 25.4;
const fmt = (n: number): string => (Math.round(n * 1000) / 1000).toString();

export interface PrintPdf {
  add(image: EncodedImage): Promise<void>;
  /** Writes the last page, the page tree and the trailer; returns what was written. */
  finish(): Promise<{ pages: number; cards: number; bytes: number }>;
  /** Stops without finishing (the partial file is not a valid PDF; callers delete it). */
  abort(): Promise<void>;
}

export async function createPrintPdf(path: string, layout: PrintLayout, title = 'Oomus CampaignID cards'): Promise<PrintPdf> {
  const { PDFContext, PDFRawStream, PDFRef, PDFString } = await import('pdf-lib');
  /** A PDF literal string; our titles are ASCII (anything else becomes "?"). */
  const text = (value: string): PDFObject => PDFString.of(value.replace(/[^\x20-\x7e]/g, '?'));
  const file: FileHandle = await open(path, 'w');
  const context = PDFContext.create();
  let position = 0;
  let nextObject = 3; // 1: catalog, 2: page tree, written at the end
  const offsets = new Map<number, number>();
  const pageRefs: PDFRef[] = [];
  const pending: EncodedImage[] = [];
  let cards = 0;

  const write = async (bytes: Uint8Array): Promise<void> => {
    await file.write(bytes);
    position += bytes.length;
  };
  const writeObject = async (ref: PDFRef, object: PDFObject): Promise<void> => {
    offsets.set(ref.objectNumber, position);
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    await write(Buffer.from(`${ref.objectNumber} 0 obj\n`, 'latin1'));
    await write(body);
    await write(Buffer.from('\nendobj\n', 'latin1'));
  };
  const newRef = (): PDFRef => PDFRef.of(nextObject++);

  const writePage = async (images: EncodedImage[]): Promise<void> => {
    const page = layout === 'cr80' ? cr80Page : a4;
    const slots = layout === 'cr80' ? [{ x: 0, y: 0, w: cr80Page.w, h: cr80Page.h }] : a4Slots;
    const xObjects: Record<string, PDFRef> = {};
    const ops: string[] = [];
    for (const [i, image] of images.entries()) {
      const ref = newRef();
      await writeObject(ref, PDFRawStream.of(context.obj({
        Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height, ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8, Filter: 'FlateDecode',
        DecodeParms: { Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: image.width },
      }), image.idat));
      const name = `Card${i + 1}`;
      xObjects[name] = ref;
      const s = slots[i]!;
      // PDF's origin is the bottom-left corner; slots are measured from the top-left.
      const x = s.x * ptPerMm;
      const y = (page.h - s.y - s.h) * ptPerMm;
      ops.push(`q ${fmt(s.w * ptPerMm)} 0 0 ${fmt(s.h * ptPerMm)} ${fmt(x)} ${fmt(y)} cm /${name} Do Q`);
    }
    if (layout === 'a4-sheet') {
      ops.push('q 0 G 0.25 w [] 0 d');
      for (const l of cropMarks(images.length)) {
        ops.push(`${fmt(l.x1 * ptPerMm)} ${fmt((page.h - l.y1) * ptPerMm)} m ${fmt(l.x2 * ptPerMm)} ${fmt((page.h - l.y2) * ptPerMm)} l S`);
      }
      ops.push('Q');
    }
    const contentRef = newRef();
    await writeObject(contentRef, PDFRawStream.of(context.obj({}), Buffer.from(ops.join('\n'), 'latin1')));
    const pageRef = newRef();
    await writeObject(pageRef, context.obj({
      Type: 'Page', Parent: PDFRef.of(2),
      MediaBox: [0, 0, Number(fmt(page.w * ptPerMm)), Number(fmt(page.h * ptPerMm))],
      Resources: { XObject: xObjects },
      Contents: contentRef,
    }));
    pageRefs.push(pageRef);
  };

  await write(Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'));
  const perPage = layout === 'cr80' ? 1 : cardsPerSheet;

  return {
    async add(image) {
      pending.push(image);
      cards++;
      if (pending.length === perPage) await writePage(pending.splice(0));
    },
    async finish() {
      try {
        if (pending.length) await writePage(pending.splice(0));
        await writeObject(PDFRef.of(2), context.obj({ Type: 'Pages', Kids: pageRefs, Count: pageRefs.length }));
        const info = newRef();
        await writeObject(info, context.obj({ Title: text(title), Producer: text('Oomus CampaignID Desktop') }));
        await writeObject(PDFRef.of(1), context.obj({ Type: 'Catalog', Pages: PDFRef.of(2) }));
        const xrefAt = position;
        const lines = [`xref\n0 ${nextObject}\n`, '0000000000 65535 f \n'];
        for (let n = 1; n < nextObject; n++) lines.push(`${String(offsets.get(n) ?? 0).padStart(10, '0')} 00000 ${offsets.has(n) ? 'n' : 'f'} \n`);
        lines.push(`trailer\n<< /Size ${nextObject} /Root 1 0 R /Info ${info.objectNumber} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
        await write(Buffer.from(lines.join(''), 'latin1'));
        return { pages: pageRefs.length, cards, bytes: position };
      } finally {
        await file.close();
      }
    },
    async abort() {
      await file.close();
    },
  };
}
