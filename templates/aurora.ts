import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode, TextNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText, type FitSpec, type Measure } from './kit/text';
import { cardBox, cardWidthMm, type Box } from './kit/units';

// aurora: youth and school health. Vivid and friendly: violet, blue and green ribbons flow across the top
// like an aurora, the name sits large in white on the deep violet, the portrait is a rounded tile riding the
// ribbons, the facts live in a rounded white panel with coloured row tabs, and the QR on its own white tile.
// Every ribbon is a flat fill; text only ever sits on the flat violet or on white.

const violet = '#3B2A86';
const violetSoft = '#5A43B4';
const blue = '#3A7AD6';
const green = '#2DB38C';
const mint = '#B8F2DC';
const lilac = '#F4F1FB';
const line = '#D9D0F1';
const ink = '#251B47';
const muted = '#5A4B8E';
const white = '#FFFFFF';

const r2 = (n: number): string => (Math.round(n * 100) / 100).toString();

/**
 * The holder's name: shrinks on one line down to floorPt, then wraps, so a long name keeps its rank above the
 * values; only a name that still does not fit goes through the kit's own shrink → wrap → ellipsis.
 */
function fitName(measure: Measure, spec: FitSpec, floorPt: number): TextNode {
  const generous = fitText(measure, { ...spec, minPt: floorPt });
  return generous.truncated ? fitText(measure, spec) : generous;
}

/** A ribbon from the top edge down to a flowing lower edge y(x). */
function ribbon(bottom: (x: number) => number): string {
  const pts: string[] = [];
  for (let x = -1; x <= cardWidthMm + 1.01; x += 0.8) pts.push(`${r2(x)} ${r2(bottom(x))}`);
  return `M -1 -1 L ${r2(cardWidthMm + 1)} -1 L ${pts.reverse().join(' L ')} Z`;
}

/** An open flowing line, for the soft highlights. */
function flow(y: (x: number) => number, x0: number, x1: number): string {
  const pts: string[] = [];
  for (let x = x0; x <= x1 + 0.01; x += 0.8) pts.push(`${r2(x)} ${r2(y(x))}`);
  return `M ${pts.join(' L ')}`;
}

/** A four-pointed sparkle. */
function sparkle(cx: number, cy: number, r: number): string {
  const k = r * 0.22;
  return `M ${r2(cx)} ${r2(cy - r)} Q ${r2(cx + k)} ${r2(cy - k)} ${r2(cx + r)} ${r2(cy)} Q ${r2(cx + k)} ${r2(cy + k)} ${r2(cx)} ${r2(cy + r)}`
    + ` Q ${r2(cx - k)} ${r2(cy + k)} ${r2(cx - r)} ${r2(cy)} Q ${r2(cx - k)} ${r2(cy - k)} ${r2(cx)} ${r2(cy - r)} Z`;
}

// The lower edges of the ribbons: gentle waves under the name, sweeping up behind the portrait on the right
// (the violet stays below y = 17.5 wherever text is set, x ≤ 60).
const rise = (x: number): number => { const t = Math.max(0, Math.min(1, (x - 56) / 30)); return t * t * (3 - 2 * t); };
const violetEdge = (x: number): number => 19 + 1.1 * Math.sin(x / 9 + 2.4) + 0.4 * Math.sin(x / 3.7) - 6.5 * rise(x);
const haloEdge = (x: number): number => 20.3 + 1.2 * Math.sin(x / 10 + 1.6) + 0.3 * Math.sin(x / 4.1) - 6 * rise(x);
const blueEdge = (x: number): number => 21.4 + 1.3 * Math.sin(x / 11 + 0.9) + 0.3 * Math.sin(x / 4.3) - 5.2 * rise(x);
const greenEdge = (x: number): number => 23 + 1.0 * Math.sin(x / 13 + 0.2) + 0.3 * Math.sin(x / 5.1) - 4.2 * rise(x);

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const header: Box = { x: 0, y: 0, w: 60, h: 17.5 };
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: lilac },
    { kind: 'path', d: ribbon(greenEdge), fill: green },
    { kind: 'path', d: ribbon(blueEdge), fill: blue },
    { kind: 'path', d: ribbon(haloEdge), fill: violetSoft },
    { kind: 'path', d: ribbon(violetEdge), fill: violet },
  ];
  // Soft aurora light on the right of the header, away from any text.
  const glowClip = { x: 61, y: 0, w: cardWidthMm - 61, h: 24 };
  nodes.push(
    { kind: 'path', d: flow((x) => violetEdge(x) - 2.2 - 0.6 * Math.sin(x / 2.9), 58, 87), stroke: { color: '#8FE3CB', width: 0.35, cap: 'round' }, opacity: 0.7, clip: glowClip },
    { kind: 'path', d: flow((x) => violetEdge(x) - 4.4 + 0.7 * Math.sin(x / 3.4), 58, 87), stroke: { color: '#9DB8F2', width: 0.3, cap: 'round' }, opacity: 0.6, clip: glowClip },
    { kind: 'path', d: sparkle(62.6, 4.8, 1.3), fill: mint },
    { kind: 'path', d: sparkle(63.6, 9.6, 0.7), fill: '#C9D8FA' },
    { kind: 'path', d: sparkle(83.2, 23.0, 0.9), fill: blue },
  );

  // Header text on the flat violet.
  nodes.push(fitText(measure, {
    id: 'title', role: 'title', text: labels.youthHealthCard, box: { x: 3, y: 3, w: 56, h: 3 }, panel: header,
    maxPt: 6.75, weight: 700, color: mint, background: violet, uppercase: true, tracking: 0.12,
  }));
  nodes.push(fitName(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: 3, y: 6.4, w: 56.5, h: 11 }, panel: header,
    maxPt: 15, maxLines: 2, weight: 700, color: white, background: violet, valign: 'middle',
  }, 11.5));

  // The portrait: a rounded tile riding the ribbons, with a white border.
  const tile: Box = { x: 66, y: 3.6, w: 15, h: 18 };
  nodes.push({ kind: 'rect', x: tile.x - 0.8, y: tile.y - 0.8, w: tile.w + 1.6, h: tile.h + 1.6, r: 3.6, fill: white });
  nodes.push(portrait(card, tile, { r: 2.9, fill: '#E4DDF8', color: violet }));

  // The data panel: rounded, white, with a coloured tab at the start of each row.
  const panel: Box = { x: 3, y: 25.4, w: 56.4, h: 25.4 };
  nodes.push({ kind: 'rect', ...panel, r: 3, fill: white, stroke: { color: line, width: 0.3 } });
  const rowH = 5.6;
  const rows = [26.2, 32.2, 38.2, 44.2];
  const tabs = [violet, blue, green, violet];
  rows.forEach((y, i) => nodes.push({ kind: 'rect', x: panel.x + 1.3, y: y + 0.5, w: 0.8, h: rowH - 1, r: 0.4, fill: tabs[i]! }));
  for (const y of rows.slice(1)) nodes.push({ kind: 'rect', x: panel.x + 3.2, y: y - 0.3, w: panel.w - 5, h: 0.15, fill: '#ECE7F8' });
  const x0 = panel.x + 3.2;
  const x1 = panel.x + panel.w - 1.8;
  const cell = (xa: number, y: number, xb: number): Box => ({ x: xa, y, w: xb - xa - 1, h: rowH });
  const common = { panel, labelColor: muted, valueColor: ink, background: white } as const;
  nodes.push(
    ...field(measure, { ...common, key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: cell(x0, rows[0]!, 27.6) }),
    ...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: cell(27.6, rows[0]!, 41) }),
    ...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: cell(41, rows[0]!, x1 + 1) }),
    ...field(measure, { ...common, key: 'programme', label: labels.programme, value: card.programmeName, box: cell(x0, rows[1]!, x1 + 1) }),
    ...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: cell(x0, rows[2]!, x1 + 1) }),
    ...field(measure, { ...common, key: 'phone_number', label: labels.phone, value: card.phone, box: cell(x0, rows[3]!, 31) }),
    ...field(measure, { ...common, key: 'zone', label: labels.zone, value: card.zone, box: cell(31, rows[3]!, x1 + 1) }),
  );

  // The QR on its own white tile, bottom right, under the patient ID.
  const qrSize = 19;
  const qrTile: Box = { x: cardWidthMm - 3 - qrSize - 1.4, y: panel.y, w: qrSize + 2.4, h: panel.h };
  const qrX = qrTile.x + 1.2;
  const qrY = qrTile.y + qrTile.h - 0.25 - qrSize;
  nodes.push({ kind: 'rect', ...qrTile, r: 2, fill: white, stroke: { color: line, width: 0.3 } });
  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, '#1A1433', white));
  nodes.push(...field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: qrX, y: qrTile.y + 0.7, w: qrSize, h: qrY - qrTile.y - 0.7 }, panel: qrTile,
    labelColor: muted, valueColor: ink, background: white, valueFont: 'mono', valuePt: 7, align: 'center',
  }));
  return { nodes };
}

export const aurora: CardTemplate = {
  id: 'aurora',
  description: 'Youth and school health card: flowing violet, blue and green ribbons, name in white, rounded data panel and QR tile.',
  layout,
};
