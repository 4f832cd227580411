import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFPage } from 'pdf-lib';

// Where a PDF page draws its images, in millimetres from the page's top-left corner, read by following the
// content stream's transformation matrix (q, Q, cm) into Do, through form XObjects too. Chromium's PDFs
// (Skia) nest their drawing, so the positions come from the matrices, not from one pattern.

export interface PlacedImage { x: number; y: number; w: number; h: number; pixels: { width: number; height: number } }
export interface FilledRect { x: number; y: number; w: number; h: number }
export interface StrokedLine { x1: number; y1: number; x2: number; y2: number }

type Matrix = [number, number, number, number, number, number];
const identity: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const mm = (pt: number): number => (pt * 25.4) / 72;

function streamText(stream: unknown): string {
  if (stream instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  return '';
}

/** Content tokens: numbers, names, operators; strings, arrays and dictionaries are passed over. */
function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/[\]()<>{}%]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|%[^\n]*/g;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('(') || t.startsWith('%') || (t.startsWith('<') && t !== '<<')) continue;
    out.push(t);
  }
  return out;
}

function walk(content: string, resources: PDFDict | undefined, start: Matrix, page: PDFPage, images: PlacedImage[], rects: FilledRect[], lines: StrokedLine[]): void {
  let ctm = start;
  const stack: Matrix[] = [];
  const operands: string[] = [];
  let pendingRects: number[][] = [];
  let segments: [number, number, number, number][] = [];
  let at: [number, number] = [0, 0];
  const point = (x: number, y: number): [number, number] => {
    const [px, py] = apply(ctm, x, y);
    return [mm(px), mm(page.getHeight() - py)];
  };
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const toBox = (corners: [number, number][]): { x: number; y: number; w: number; h: number } => {
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const minX = Math.min(...xs);
    const maxY = Math.max(...ys);
    return { x: mm(minX), y: mm(page.getHeight() - maxY), w: mm(Math.max(...xs) - minX), h: mm(maxY - Math.min(...ys)) };
  };
  for (const t of tokens(content)) {
    if (/^[-+]?(?:\d|\.)/.test(t) || t.startsWith('/') || t === '[' || t === ']' || t === '<<' || t === '>>') {
      operands.push(t);
      continue;
    }
    const nums = operands.map(Number);
    switch (t) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() ?? identity; break;
      case 'cm': ctm = multiply(nums.slice(-6) as Matrix, ctm); break;
      case 're': pendingRects.push(nums.slice(-4)); break;
      case 'f': case 'F': case 'f*':
        for (const [x = 0, y = 0, w = 0, h = 0] of pendingRects) rects.push(toBox([apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x, y + h), apply(ctm, x + w, y + h)]));
        pendingRects = [];
        break;
      case 'm': at = point(nums.at(-2) ?? 0, nums.at(-1) ?? 0); break;
      case 'l': {
        const to = point(nums.at(-2) ?? 0, nums.at(-1) ?? 0);
        segments.push([at[0], at[1], to[0], to[1]]);
        at = to;
        break;
      }
      case 'S': case 's':
        for (const [x1, y1, x2, y2] of segments) lines.push({ x1, y1, x2, y2 });
        segments = [];
        pendingRects = [];
        break;
      case 'n': case 'B': case 'b': case 'W': if (t !== 'W') { pendingRects = []; segments = []; } break;
      case 'Do': {
        const name = operands.at(-1)?.slice(1) ?? '';
        const object = xobjects?.lookup(PDFName.of(name));
        if (object instanceof PDFRawStream) {
          const subtype = object.dict.get(PDFName.of('Subtype'))?.toString();
          if (subtype === '/Image') {
            const width = object.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
            const height = object.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
            images.push({ ...toBox([apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)]), pixels: { width, height } });
          } else if (subtype === '/Form') {
            const m = object.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray);
            const matrix = m ? (m.asArray().map((v) => (v as PDFNumber).asNumber()) as Matrix) : identity;
            const inner = object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources;
            walk(streamText(object), inner, multiply(matrix, ctm), page, images, rects, lines);
          }
        }
        break;
      }
      default: break;
    }
    operands.length = 0;
  }
}

/** Every image a page draws, every filled rectangle and stroked line, in mm from the top-left corner. */
export function pageGeometry(page: PDFPage): { images: PlacedImage[]; rects: FilledRect[]; lines: StrokedLine[]; width: number; height: number } {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  const text = streams.map(streamText).join('\n');
  const images: PlacedImage[] = [];
  const rects: FilledRect[] = [];
  const lines: StrokedLine[] = [];
  walk(text, page.node.Resources(), identity, page, images, rects, lines);
  return { images, rects, lines, width: mm(page.getWidth()), height: mm(page.getHeight()) };
}
