import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, type Box } from './kit/units';

// emerald: the general health ID of a district. Calm and trustworthy: emerald greens on ivory. A green
// header with a gently waving lower edge carries the district's name and a leaf seal; the photo sits
// across the header's edge; the holder's name in serif; the facts in two columns on the left and a mint
// tab in the bottom-right corner holding the patient ID and the QR. A thin wave echoes the header.

const green = '#0B5D3F';
const emeraldDeep = '#083F2B';
const ink = '#0A3B28';
const muted = '#3D6B55';
const mint = '#CDEBD9';
const mintSoft = '#E3F1E8';
const ivory = '#FAF7EE';
const hairline = '#D5E4D9';
const echo = '#8FC3A5';
const white = '#FFFFFF';

const f = (n: number): string => (Math.round(n * 1000) / 1000).toString();

/** y of the header's lower edge at x: a long, slow wave (between 11.9 and 13.7 mm). */
const headerEdge = (x: number): number => 12.8 + 0.9 * Math.sin((x / cardWidthMm) * Math.PI * 2 * 1.25 + 0.6);

/** A polyline through a function, as SVG path data (M … L …). */
function trace(fn: (x: number) => number, x0: number, x1: number, step = 0.5): string {
  const parts: string[] = [];
  for (let x = x0; x < x1 + step / 2; x += step) {
    const xx = Math.min(x, x1);
    parts.push(`${parts.length ? 'L' : 'M'}${f(xx)} ${f(fn(xx))}`);
  }
  return parts.join(' ');
}

/** A leaf from (x, y) pointing at angle (radians), length len, half-width w. */
function leaf(x: number, y: number, angle: number, len: number, w: number): string {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const tip = [x + c * len, y + s * len];
  const mid = [x + c * len * 0.5, y + s * len * 0.5];
  const n = [-s * w * 2, c * w * 2]; // normal; a quadratic reaches half of its control offset
  return `M${f(x)} ${f(y)} Q${f(mid[0]! + n[0]!)} ${f(mid[1]! + n[1]!)} ${f(tip[0]!)} ${f(tip[1]!)} `
    + `Q${f(mid[0]! - n[0]!)} ${f(mid[1]! - n[1]!)} ${f(x)} ${f(y)} Z`;
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const headerText: Box = { x: 0, y: 0, w: cardWidthMm, h: 11.9 }; // the flat part of the header, above the wave
  const body: Box = { x: 0, y: 14, w: cardWidthMm, h: cardHeightMm - 14 };
  const tab: Box = { x: 61.2, y: 25.7, w: cardWidthMm - 61.2, h: cardHeightMm - 25.7 };
  const nodes: SceneNode[] = [{ kind: 'rect', ...cardBox, fill: ivory }];

  // Header with a waving lower edge, and a thin echo of the wave below it.
  nodes.push({ kind: 'path', d: `${trace(headerEdge, 0, cardWidthMm, 0.5)} L${f(cardWidthMm)} 0 L0 0 Z`, fill: green });
  nodes.push({ kind: 'path', d: trace((x) => headerEdge(x) + 1.25, 0, cardWidthMm, 0.5), stroke: { color: echo, width: 0.3, cap: 'round' } });

  // Leaf seal in the header's right corner: a ring, a dotted inner ring and a sprig (a curved stem with
  // alternate leaves and one at its tip).
  const sx = 77.4;
  const sy = 5.9;
  nodes.push({ kind: 'circle', cx: sx, cy: sy, r: 4.3, fill: emeraldDeep, stroke: { color: mint, width: 0.3 } });
  nodes.push({ kind: 'circle', cx: sx, cy: sy, r: 3.65, stroke: { color: mint, width: 0.12, dash: [0.35, 0.35] } });
  const stem = { x0: sx - 1.2, y0: sy + 2.5, cx: sx - 0.9, cy: sy - 0.3, x1: sx + 1.1, y1: sy - 1.9 };
  const at = (t: number): [number, number, number] => { // point and tangent angle on the stem
    const u = 1 - t;
    const x = u * u * stem.x0 + 2 * u * t * stem.cx + t * t * stem.x1;
    const y = u * u * stem.y0 + 2 * u * t * stem.cy + t * t * stem.y1;
    const dx = 2 * u * (stem.cx - stem.x0) + 2 * t * (stem.x1 - stem.cx);
    const dy = 2 * u * (stem.cy - stem.y0) + 2 * t * (stem.y1 - stem.cy);
    return [x, y, Math.atan2(dy, dx)];
  };
  nodes.push({ kind: 'path', d: `M${f(stem.x0)} ${f(stem.y0)} Q${f(stem.cx)} ${f(stem.cy)} ${f(stem.x1)} ${f(stem.y1)}`, stroke: { color: mint, width: 0.26, cap: 'round' } });
  let sprig = '';
  for (const [t, side, len] of [[0.28, -1, 1.55], [0.48, 1, 1.5], [0.68, -1, 1.35], [0.86, 1, 1.2]] as const) {
    const [x, y, a] = at(t);
    sprig += leaf(x, y, a + side * 0.95, len, 0.36);
  }
  const [tx, ty, ta] = at(1);
  sprig += leaf(tx, ty, ta, 1.15, 0.3);
  nodes.push({ kind: 'path', d: sprig, fill: mint });

  // Header text: card title and the district's name (the title alone, larger, when the zone is unknown).
  const textX = 22;
  const headerW = 70.6 - textX;
  if (card.zone && card.zone.trim()) {
    nodes.push(
      fitText(measure, { id: 'title', role: 'title', text: labels.healthCard, box: { x: textX, y: 3, w: headerW, h: 2.9 }, panel: headerText,
        maxPt: 6.5, weight: 700, color: mint, background: green, uppercase: true, tracking: 0.16 }),
      fitText(measure, { id: 'value:zone', role: 'value', text: card.zone, box: { x: textX, y: 6.05, w: headerW, h: 5.8 }, panel: headerText,
        maxPt: 10, maxLines: 2, weight: 700, color: white, background: green, valign: 'top' }),
    );
  } else {
    nodes.push(fitText(measure, { id: 'title', role: 'title', text: labels.healthCard, box: { x: textX, y: 3.2, w: headerW, h: 6.4 }, panel: headerText,
      maxPt: 10, weight: 700, color: white, background: green, uppercase: true, tracking: 0.12, valign: 'middle' }));
  }

  // Photo straddling the header's edge, in an ivory mount.
  nodes.push({ kind: 'rect', x: 3.4, y: 4.6, w: 16, h: 19.6, r: 2.1, fill: ivory });
  nodes.push(portrait(card, { x: 3.9, y: 5.1, w: 15, h: 18.6 }, { r: 1.7, fill: mint, color: green, font: 'serif', stroke: { color: green, width: 0.25 } }));

  // The holder's name, in serif, beside the photo.
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: textX, y: 15.3, w: cardWidthMm - 3 - textX, h: 10.2 }, panel: body,
    font: 'serif', maxPt: 14, maxLines: 2, weight: 700, color: ink, background: ivory, valign: 'middle',
  }));

  // Facts in two columns on the left, rows divided by hairlines.
  const colA = 3;
  const colB = 33;
  const colAW = 28.5;
  const colBW = 57.6 - colB;
  const full = 57.6 - colA;
  const rowY = [27.0, 33.0, 39.0, 45.0];
  const rowH = 5.6;
  for (const y of rowY.slice(1)) nodes.push({ kind: 'rect', x: colA, y: y - 0.3, w: full, h: 0.14, fill: hairline });
  const common = { panel: body, labelColor: muted, valueColor: ink, background: ivory, valuePt: 7.5 } as const;
  nodes.push(
    ...field(measure, { ...common, key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: { x: colA, y: rowY[0]!, w: colAW, h: rowH } }),
    ...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: { x: colB, y: rowY[0]!, w: colBW, h: rowH } }),
    ...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: { x: colA, y: rowY[1]!, w: full, h: rowH } }),
    ...field(measure, { ...common, key: 'programme', label: labels.programme, value: card.programmeName, box: { x: colA, y: rowY[2]!, w: full, h: rowH } }),
    ...field(measure, { ...common, key: 'phone_number', label: labels.phone, value: card.phone, box: { x: colA, y: rowY[3]!, w: colAW, h: rowH } }),
    ...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: { x: colB, y: rowY[3]!, w: colBW, h: rowH } }),
  );

  // Mint tab in the bottom-right corner: the patient ID above the QR.
  nodes.push({ kind: 'path', d: `M${f(tab.x)} ${f(cardHeightMm)} L${f(tab.x)} ${f(tab.y + 2.5)} Q${f(tab.x)} ${f(tab.y)} ${f(tab.x + 2.5)} ${f(tab.y)} `
    + `L${f(cardWidthMm)} ${f(tab.y)} L${f(cardWidthMm)} ${f(cardHeightMm)} Z`, fill: mintSoft });
  nodes.push({ kind: 'rect', x: 0, y: cardHeightMm - 1.6, w: tab.x, h: 1.6, fill: green });
  const qrSize = 19;
  const qrX = cardWidthMm - 3 - qrSize;
  const qrY = cardHeightMm - 3 - qrSize;
  nodes.push(...field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: qrX, y: tab.y + 0.6, w: qrSize, h: 5.3 }, panel: tab,
    labelColor: muted, valueColor: ink, background: mintSoft, valuePt: 7, valueFont: 'mono', valueWeight: 700,
  }));
  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, '#06231A', white));
  return { nodes };
}

export const emerald: CardTemplate = {
  id: 'emerald',
  description: 'District health ID: emerald header with a waving edge and leaf seal, serif name, two-column facts, QR in a mint corner tab.',
  layout,
};
