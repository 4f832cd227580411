import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, type Box } from './kit/units';

// mothercare: maternal and child health (antenatal, postnatal, child follow-up). Warm and gentle: soft
// rose and warm sand. A sand panel with a softly curving edge holds the photo in a rounded (stadium)
// frame and the QR on a white mat; on the cream side the holder's name comes first, then the follow-up
// programme in a rose pill, then the facts (with the parent / guardian; the zone is left out for room). A small mother-and-child emblem,
// drawn with circles and curves, sits in the top-right corner; a scalloped sand border closes the card.

const cream = '#FFF9F4';
const sand = '#F1E2D3';
const sandDeep = '#E4CDB6';
const rose = '#E3A3AE';
const roseSoft = '#F8E1E3';
const roseDeep = '#8E3A4E';
const plum = '#43232D';
const muted = '#7E4A57';
const hairline = '#EFDCD3';
const white = '#FFFFFF';

const f = (n: number): string => (Math.round(n * 1000) / 1000).toString();

/** The mother-and-child emblem in a disc of radius r: a mother's head and shoulders holding a child. */
function emblem(cx: number, cy: number, r: number): SceneNode[] {
  const u = r / 4; // drawn on a 4-unit radius, scaled
  const p = (x: number, y: number): string => `${f(cx + x * u)} ${f(cy + y * u)}`;
  const clip = { x: cx - r, y: cy - r, w: 2 * r, h: 2 * r, r };
  return [
    { kind: 'circle', cx, cy, r, fill: roseSoft },
    // Mother: shoulders and arm, a soft cloak shape.
    { kind: 'path', d: `M${p(-3.6, 4.2)} C${p(-3.4, 1.2)} ${p(-2.6, -0.2)} ${p(-0.9, -0.2)} C${p(0.9, -0.2)} ${p(1.9, 0.8)} ${p(2.4, 2.2)} `
      + `C${p(2.6, 2.9)} ${p(2.5, 3.8)} ${p(2.3, 4.4)} L${p(-3.6, 4.4)} Z`, fill: roseDeep, clip },
    { kind: 'circle', cx: cx - 0.9 * u, cy: cy - 1.75 * u, r: 1.2 * u, fill: roseDeep },
    // Child: a small head and a swaddled body cradled by the mother's arm.
    { kind: 'path', d: `M${p(-0.4, 2.3)} C${p(-0.2, 1.0)} ${p(2.6, 0.6)} ${p(2.9, 1.9)} C${p(3.1, 2.9)} ${p(0.1, 3.4)} ${p(-0.4, 2.3)} Z`, fill: rose },
    { kind: 'circle', cx: cx + 1.75 * u, cy: cy + 0.35 * u, r: 0.78 * u, fill: rose },
    { kind: 'path', d: `M${p(-1.6, 2.2)} C${p(-0.8, 3.8)} ${p(2.2, 3.7)} ${p(3.1, 2.4)}`, stroke: { color: roseSoft, width: 0.42 * u, cap: 'round' }, clip },
    { kind: 'circle', cx, cy, r: r - 0.15, stroke: { color: rose, width: 0.3 } },
  ];
}

/** A row of half-discs along y, from x0 to x1: the scalloped edge of the sand border. */
function scallops(x0: number, x1: number, y: number, radius: number): string {
  const n = Math.max(1, Math.round((x1 - x0) / (2 * radius)));
  const step = (x1 - x0) / n;
  const k = 0.5523; // cubic approximation of a quarter circle
  let d = `M${f(x0)} ${f(cardHeightMm)} L${f(x0)} ${f(y)}`;
  for (let i = 0; i < n; i++) {
    const a = x0 + i * step;
    const m = a + step / 2;
    const b = a + step;
    const h = step / 2;
    d += ` C${f(a)} ${f(y - h * k)} ${f(m - h * k)} ${f(y - h)} ${f(m)} ${f(y - h)}`;
    d += ` C${f(m + h * k)} ${f(y - h)} ${f(b)} ${f(y - h * k)} ${f(b)} ${f(y)}`;
  }
  return `${d} L${f(x1)} ${f(cardHeightMm)} Z`;
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const panelEdge = 29.6;
  const right: Box = { x: panelEdge + 1, y: 0, w: cardWidthMm - panelEdge - 1, h: cardHeightMm - 3 };
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: cream },
    // Sand panel with a gently curving right edge.
    { kind: 'path', d: `M0 0 L${f(panelEdge - 1.2)} 0 C${f(panelEdge + 1.6)} 14 ${f(panelEdge - 2.4)} 36 ${f(panelEdge)} ${f(cardHeightMm)} L0 ${f(cardHeightMm)} Z`, fill: sand },
    { kind: 'path', d: `M${f(panelEdge - 1.2)} 0 C${f(panelEdge + 1.6)} 14 ${f(panelEdge - 2.4)} 36 ${f(panelEdge)} ${f(cardHeightMm)}`,
      stroke: { color: rose, width: 0.35 } },
    // Scalloped sand border along the bottom of the cream side.
    { kind: 'path', d: scallops(panelEdge + 0.4, cardWidthMm, cardHeightMm - 1.3, 1.3), fill: sandDeep },
  ];

  // Photo in a rounded stadium frame, with a thin rose halo.
  const photo: Box = { x: 6.4, y: 3.6, w: 16.2, h: 20 };
  nodes.push({ kind: 'rect', x: photo.x - 0.9, y: photo.y - 0.9, w: photo.w + 1.8, h: photo.h + 1.8, r: (photo.w + 1.8) / 2, stroke: { color: rose, width: 0.3 } });
  nodes.push(portrait(card, photo, { r: photo.w / 2, fill: roseSoft, color: roseDeep, font: 'serif', stroke: { color: roseDeep, width: 0.3 } }));

  // Title and emblem.
  const x = right.x + 1.4;
  const emblemR = 4;
  const emblemCx = cardWidthMm - 3 - emblemR;
  nodes.push(...emblem(emblemCx, 3 + emblemR, emblemR));
  const textRight = emblemCx - emblemR - 1.8;
  nodes.push(fitText(measure, { id: 'title', role: 'title', text: labels.maternalCard, box: { x, y: 3, w: textRight - x, h: 3.2 }, panel: right,
    font: 'serif', maxPt: 7.5, weight: 700, color: roseDeep, background: cream }));

  // The holder's name first, large.
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x, y: 7.1, w: textRight - x, h: 10.1 }, panel: right,
    maxPt: 13.5, maxLines: 2, weight: 700, color: plum, background: cream, valign: 'middle',
  }));

  // The follow-up programme in a rose pill sized to its text, with a small heart.
  const pillY = 17.8;
  const pillH = 4.4;
  const pillFull = cardWidthMm - 3 - x;
  const heart = 2.6; // room for the heart at the pill's start
  const programme = card.programmeName.trim() || labels.maternalCard;
  const textSpec = { id: 'value:programme', role: 'value', text: programme, panel: right, maxPt: 7.5, weight: 600, color: roseDeep, background: roseSoft, valign: 'middle' } as const;
  const probe = fitText(measure, { ...textSpec, box: { x: x + heart + 1.2, y: pillY + 0.4, w: pillFull - heart - 2.4, h: pillH - 0.8 } });
  const textW = probe.truncated ? pillFull - heart - 2.4 : Math.min(pillFull - heart - 2.4, Math.max(...probe.lines.map((l) => l.width)) + 0.1);
  const pillW = textW + heart + 2.4;
  nodes.push({ kind: 'rect', x, y: pillY, w: pillW, h: pillH, r: pillH / 2, fill: roseSoft });
  const hx = x + 1.1 + heart / 2;
  const hy = pillY + pillH / 2;
  const s = heart / 2.2;
  nodes.push({ kind: 'path', d: `M${f(hx)} ${f(hy + 0.9 * s)} C${f(hx - 1.4 * s)} ${f(hy)} ${f(hx - 1.1 * s)} ${f(hy - 1.1 * s)} ${f(hx)} ${f(hy - 0.45 * s)} `
    + `C${f(hx + 1.1 * s)} ${f(hy - 1.1 * s)} ${f(hx + 1.4 * s)} ${f(hy)} ${f(hx)} ${f(hy + 0.9 * s)} Z`, fill: roseDeep });
  nodes.push(fitText(measure, { ...textSpec, box: { x: x + heart + 1.2, y: pillY + 0.4, w: textW, h: pillH - 0.8 } }));

  // Facts in two columns (the health centre across both): the narrow column on the right.
  const colAW = 28.4;
  const colB = x + colAW + 1.4;
  const colBW = cardWidthMm - 3 - colB;
  const rowY = [23.6, 29.9, 36.2, 42.5];
  const rowH = 5.6;
  for (const y of rowY.slice(1)) nodes.push({ kind: 'rect', x, y: y - 0.4, w: pillFull, h: 0.14, fill: hairline });
  const common = { panel: right, labelColor: muted, valueColor: plum, background: cream, valuePt: 7.5 } as const;
  const A = (y: number): Box => ({ x, y, w: colAW, h: rowH });
  const B = (y: number): Box => ({ x: colB, y, w: colBW, h: rowH });
  nodes.push(
    ...field(measure, { ...common, key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: A(rowY[0]!) }),
    ...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: B(rowY[0]!) }),
    ...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: { x, y: rowY[1]!, w: pillFull, h: rowH } }),
    ...field(measure, { ...common, key: 'guardian_name', label: labels.guardian, value: card.guardianName, box: A(rowY[2]!) }),
    ...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: B(rowY[2]!) }),
    ...field(measure, { ...common, key: 'phone_number', label: labels.phone, value: card.phone, box: A(rowY[3]!) }),
    ...field(measure, { ...common, key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: B(rowY[3]!), valueFont: 'mono', valueWeight: 700 }),
  );

  // The QR on a white mat at the bottom of the sand panel.
  const qrSize = 21;
  const qrX = 4;
  const qrY = cardHeightMm - 3 - qrSize;
  nodes.push({ kind: 'rect', x: qrX - 0.8, y: qrY - 0.8, w: qrSize + 1.6, h: qrSize + 1.6, r: 1.6, fill: white, stroke: { color: rose, width: 0.3 } });
  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, '#2A1419', white));
  return { nodes };
}

export const mothercare: CardTemplate = {
  id: 'mothercare',
  description: 'Mother and child health card: rose and warm sand, rounded photo frame, name first, programme pill, mother-and-child emblem.',
  layout,
};
