import type { FontRole, FontWeight } from '../fonts/bundled-fonts';
import type { TextLine, TextNode, TextRole } from './scene';
import { ptToMm, type Box } from './units';

// Text fitting: shrink to the role's minimum size, then wrap, then ellipsise, so nothing leaves its box.

/** Width in millimetres of text set at sizeMm (one line, no wrapping). */
export type Measure = (text: string, font: FontRole, weight: FontWeight, sizeMm: number, letterSpacing?: number) => number;

/** The smallest size each role may be set at on a 300-DPI card (design brief). */
export const minPtByRole: Record<TextRole, number> = { name: 9, value: 6.5, label: 5.5, title: 6.5, id: 6.5 };

export const lineHeightEm = 1.2;
/** Baseline below the top of a line, in em: room for accents on capitals. */
const baselineEm = 0.93;
const ellipsis = '…';

const rtlChar = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const ltrChar = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/;

/** Right-to-left when the first strong character is Hebrew or Arabic script. */
export function directionOf(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (rtlChar.test(ch)) return 'rtl';
    if (ltrChar.test(ch)) return 'ltr';
  }
  return 'ltr';
}

export interface FitSpec {
  id: string;
  role: TextRole;
  text: string;
  box: Box;
  panel: Box;
  font?: FontRole;
  weight?: FontWeight;
  maxPt: number;
  /** Raised to the role's minimum when lower. */
  minPt?: number;
  maxLines?: number;
  color: string;
  background: string;
  /** start/end follow the text's direction (an Arabic name starts at the right). */
  align?: 'start' | 'center' | 'end';
  valign?: 'top' | 'middle' | 'bottom';
  uppercase?: boolean;
  /** Extra space between letters, in em (Latin only: it would break Arabic joining). */
  tracking?: number;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function fitText(measure: Measure, spec: FitSpec): TextNode {
  const font = spec.font ?? 'sans';
  const weight = spec.weight ?? 400;
  const dir = directionOf(spec.text);
  const text = normalise(spec.uppercase && dir === 'ltr' ? spec.text.toLocaleUpperCase('fr') : spec.text);
  const trackingEm = dir === 'rtl' ? 0 : spec.tracking ?? 0;
  const minPt = Math.max(spec.minPt ?? 0, minPtByRole[spec.role]);
  const maxPt = Math.max(spec.maxPt, minPt);
  const width = (s: string, sizeMm: number): number => measure(s, font, weight, sizeMm, trackingEm * sizeMm);
  const linesAllowed = (sizePt: number): number =>
    Math.max(1, Math.min(spec.maxLines ?? 1, Math.floor((spec.box.h + 1e-6) / (ptToMm(sizePt) * lineHeightEm))));

  // Shrink first (one line, largest quarter-point size that fits), then wrap (largest size at which the
  // allowed lines hold it), then ellipsise at the minimum size.
  let chosen: { sizePt: number; lines: string[] } | undefined;
  for (const allowLines of [false, true]) {
    if (allowLines && (spec.maxLines ?? 1) < 2) break;
    for (let steps = Math.floor((maxPt - minPt) * 4 + 1e-9); steps >= 0 && !chosen; steps--) {
      const sizePt = minPt + steps / 4;
      const lines = wrap(text, spec.box.w, (s) => width(s, ptToMm(sizePt)), allowLines ? linesAllowed(sizePt) : 1);
      if (lines) chosen = { sizePt, lines };
    }
    if (chosen) break;
  }
  let truncated = false;
  if (!chosen) {
    const sizeMm = ptToMm(minPt);
    chosen = { sizePt: minPt, lines: wrapWithEllipsis(text, spec.box.w, (s) => width(s, sizeMm), linesAllowed(minPt)) };
    truncated = true;
  }

  const sizeMm = ptToMm(chosen.sizePt);
  const lineHeight = sizeMm * lineHeightEm;
  const blockHeight = chosen.lines.length * lineHeight;
  const valign = spec.valign ?? 'top';
  const top = spec.box.y + (valign === 'top' ? 0 : valign === 'middle' ? (spec.box.h - blockHeight) / 2 : spec.box.h - blockHeight);
  const lines: TextLine[] = chosen.lines.map((line, i) => ({ text: line, y: top + i * lineHeight + sizeMm * baselineEm, width: width(line, sizeMm) }));
  const logical = spec.align ?? 'start';
  const align = logical === 'center' ? 'center' : (logical === 'start') === (dir === 'ltr') ? 'left' : 'right';
  return {
    kind: 'text', id: spec.id, role: spec.role, box: spec.box, panel: spec.panel, lines, font, weight,
    sizePt: chosen.sizePt, color: spec.color, background: spec.background, align, dir,
    ...(trackingEm ? { letterSpacing: trackingEm * sizeMm } : {}), truncated,
  };
}

/** Greedy word wrap into at most maxLines lines, or undefined when it does not fit. */
function wrap(text: string, maxWidth: number, width: (s: string) => number, maxLines: number): string[] | undefined {
  if (width(text) <= maxWidth) return [text];
  if (maxLines < 2) return undefined;
  const words = text.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (width(candidate) <= maxWidth) { current = candidate; continue; }
    if (!current || width(word) > maxWidth) return undefined; // a single word wider than the box
    lines.push(current);
    current = word;
    if (lines.length >= maxLines) return undefined;
  }
  lines.push(current);
  return lines.length <= maxLines ? lines : undefined;
}

/** Wraps what fits and ends the last line with an ellipsis. */
function wrapWithEllipsis(text: string, maxWidth: number, width: (s: string) => number, maxLines: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (lines.length < maxLines - 1 && rest) {
    const words = rest.split(' ');
    let take = 0;
    while (take < words.length && width(words.slice(0, take + 1).join(' ')) <= maxWidth) take++;
    if (take === 0) break; // the next word alone is too wide: ellipsise it on the last line
    lines.push(words.slice(0, take).join(' '));
    rest = words.slice(take).join(' ');
  }
  if (rest) lines.push(ellipsise(rest, maxWidth, width));
  return lines;
}

function ellipsise(text: string, maxWidth: number, width: (s: string) => number): string {
  if (width(text) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) { // longest prefix that fits with the ellipsis
    const mid = Math.ceil((lo + hi) / 2);
    if (width(chars.slice(0, mid).join('').trimEnd() + ellipsis) <= maxWidth) lo = mid; else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ellipsis;
}
