import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardHeightMm, cardWidthMm, type Box } from './kit/units';

// nomad: mobile and pastoral populations, cross-border health. Earthy and sun-resistant: warm sand with
// ochre, terracotta and deep brown, high-contrast type. Readable at a glance: a very large name across
// the top, a very large QR on the right, few facts set big, and a woven hem (lozenges, teeth, warp ticks)
// inspired by the region's textiles.

const sand = '#F4E8D3';
const cream = '#FBF4E6';
const ochre = '#C98A2B';
const terracotta = '#A4452A';
const terracottaText = '#8E3A22';
const brown = '#3E2415';
const brownSoft = '#6E4326';
const white = '#FFFFFF';
const qrDark = '#1E120A';

const f = (n: number): string => n.toFixed(2);

/** A zigzag between y0 and y1 with the given tooth width, from x0 to x1. */
function zigzag(x0: number, x1: number, y0: number, y1: number, tooth: number): string {
  const pts: string[] = [];
  let up = true;
  for (let x = x0; x <= x1 + 1e-6; x += tooth / 2) {
    pts.push(`${f(x)} ${f(up ? y0 : y1)}`);
    up = !up;
  }
  return `M${pts.join('L')}`;
}

/** Triangles hanging from a line (the woven "teeth" along a textile's border). */
function teeth(x0: number, x1: number, y: number, width: number, depth: number): string {
  const parts: string[] = [];
  for (let x = x0; x < x1 - 1e-6; x += width) parts.push(`M${f(x)} ${f(y)}L${f(x + width)} ${f(y)}L${f(x + width / 2)} ${f(y + depth)}Z`);
  return parts.join('');
}

/** A chain of lozenges centred on cy; `inset` > 0 draws the inner lozenge of each. */
function lozenges(x0: number, x1: number, cy: number, w: number, h: number, pitch: number, inset = 0): string {
  const parts: string[] = [];
  for (let cx = x0; cx <= x1 + 1e-6; cx += pitch) {
    const hw = w / 2 - inset;
    const hh = h / 2 - (inset * h) / w;
    parts.push(`M${f(cx - hw)} ${f(cy)}L${f(cx)} ${f(cy - hh)}L${f(cx + hw)} ${f(cy)}L${f(cx)} ${f(cy + hh)}Z`);
  }
  return parts.join('');
}

/** Short vertical ticks, like warp threads showing through a selvedge. */
function ticks(x0: number, x1: number, y: number, h: number, pitch: number, w: number): string {
  const parts: string[] = [];
  for (let x = x0; x <= x1 + 1e-6; x += pitch) parts.push(`M${f(x)} ${f(y)}h${f(w)}v${f(h)}h${f(-w)}Z`);
  return parts.join('');
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const hemTop = 45.8;
  const field_: Box = { x: 0, y: 2.2, w: cardWidthMm, h: hemTop - 2.2 }; // the sand area all text lives on
  const nodes: SceneNode[] = [
    { kind: 'rect', x: 0, y: 0, w: cardWidthMm, h: cardHeightMm, fill: sand },
    // Selvedge along the top: terracotta with ochre warp ticks.
    { kind: 'rect', x: 0, y: 0, w: cardWidthMm, h: 2.2, fill: terracotta },
    { kind: 'path', d: ticks(0.6, cardWidthMm, 0.5, 1.2, 2.4, 1.2), fill: ochre },
  ];

  // The woven hem: brown cloth, terracotta teeth, ochre lozenges with brown hearts, cream stitches, ochre edge.
  const hemMid = (hemTop + cardHeightMm) / 2 + 0.2;
  nodes.push(
    { kind: 'rect', x: 0, y: hemTop, w: cardWidthMm, h: cardHeightMm - hemTop, fill: brown },
    { kind: 'rect', x: 0, y: hemTop, w: cardWidthMm, h: 0.6, fill: ochre },
    { kind: 'path', d: teeth(0, cardWidthMm + 3, hemTop + 0.6, 3, 1.6), fill: terracotta },
    { kind: 'path', d: lozenges(2.5, cardWidthMm, hemMid + 0.5, 5, 3.6, 6), fill: ochre },
    { kind: 'path', d: lozenges(2.5, cardWidthMm, hemMid + 0.5, 5, 3.6, 6, 1.3), fill: brown },
    { kind: 'path', d: lozenges(5.5, cardWidthMm, hemMid + 0.5, 1.2, 1.2, 6), fill: cream },
    { kind: 'rect', x: 0, y: cardHeightMm - 1.4, w: cardWidthMm, h: 0.5, fill: terracotta },
  );

  // Left: card title, the very large name, a braided rule, then portrait and the few facts.
  const qrSize = 24.6;
  const qrX = cardWidthMm - 3 - qrSize;
  const qrY = 4;
  const textRight = qrX - 3.4;
  nodes.push(fitText(measure, {
    id: 'title', role: 'title', text: labels.mobileHealthCard, box: { x: 3, y: 3.4, w: textRight - 3, h: 2.9 }, panel: field_,
    maxPt: 6.5, weight: 700, color: terracottaText, background: sand, uppercase: true, tracking: 0.16,
  }));
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: 3, y: 6.4, w: textRight - 3, h: 12.2 }, panel: field_,
    maxPt: 17, maxLines: 3, weight: 700, color: brown, background: sand, valign: 'middle',
  }));
  nodes.push({ kind: 'path', d: zigzag(3, textRight, 19.4, 20.6, 1.6), stroke: { color: terracotta, width: 0.35, join: 'miter' } });
  nodes.push({ kind: 'path', d: zigzag(3.8, textRight, 19.4, 20.6, 1.6), stroke: { color: ochre, width: 0.35, join: 'miter' } });

  const photo: Box = { x: 3, y: 22.6, w: 15.4, h: 20 };
  nodes.push(portrait(card, photo, { r: 1.2, fill: cream, color: terracottaText, stroke: { color: terracotta, width: 0.45 } }));
  const fx = photo.x + photo.w + 2.4;
  const fw = textRight - fx;
  const common = { panel: field_, labelColor: brownSoft, valueColor: brown, background: sand, labelPt: 6, valuePt: 9, labelTracking: 0.08 } as const;
  nodes.push(...field(measure, { ...common, key: 'date_of_birth', label: labels.born, value: formatDate(card.dateOfBirth), box: { x: fx, y: 21.7, w: fw * 0.56, h: 6.4 } }));
  nodes.push(...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: { x: fx + fw * 0.6, y: 21.7, w: fw * 0.4, h: 6.4 } }));
  nodes.push(...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: { x: fx, y: 28.6, w: fw, h: 8.1 }, valuePt: 8.5, valueLines: 2 }));
  nodes.push(...field(measure, {
    ...common, key: 'programme', label: labels.programme, value: card.programmeName, box: { x: fx, y: 37.3, w: fw, h: 8.1 },
    valuePt: 8.5, valueLines: 2,
  }));

  // Right: the very large QR in a terracotta frame, the MPI ID and zone under it.
  const column: Box = { x: qrX - 2, y: field_.y, w: cardWidthMm - qrX + 2, h: field_.h };
  nodes.push({ kind: 'rect', x: qrX - 1.1, y: qrY - 1.1, w: qrSize + 2.2, h: qrSize + 2.2, r: 1.4, fill: white, stroke: { color: terracotta, width: 0.5 } });
  const mid = { panel: column, labelColor: brownSoft, valueColor: brown, background: sand, labelPt: 6, align: 'center', labelTracking: 0.08 } as const;
  nodes.push(...field(measure, { ...mid, key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: qrX, y: 30.2, w: qrSize, h: 6.6 }, valueFont: 'mono', valueWeight: 700, valuePt: 9.5 }));
  nodes.push(...field(measure, { ...mid, key: 'zone', label: labels.zone, value: card.zone, box: { x: qrX, y: 37.3, w: qrSize, h: 8.1 }, valuePt: 8.5, valueLines: 2 }));
  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, qrDark, white));
  return { nodes };
}

export const nomad: CardTemplate = {
  id: 'nomad',
  description: 'Mobile and pastoral health card: sand, ochre and terracotta, very large name and QR, woven textile hem.',
  layout,
};
