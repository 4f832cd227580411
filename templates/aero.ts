import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode, TextNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText, type Measure } from './kit/text';
import { cardHeightMm, cardWidthMm, type Box } from './kit/units';

// aero: travellers, airport and border health checks. Light and airy, sky blue on white, with a
// boarding-pass rhythm: a header strip with a flight path, the holder and every fact in its own labelled
// box, a perforated tear line, and a tinted stub at the end carrying the patient ID, the portrait and the QR.

const white = '#FFFFFF';
const sky = '#3A8FD6'; // ornament only (below 4.5:1 for text)
const skyLine = '#A9D0F0';
const skyPale = '#E3F1FC';
const deep = '#0B4A80';
const label = '#2F6797';
const ink = '#0E2A44';

const f = (n: number): string => n.toFixed(2);

/** A small airliner seen from above, nose to the right, centred on (cx, cy), `len` mm long. */
function plane(cx: number, cy: number, len: number): string {
  const s = len / 6;
  const half: [number, number][] = [
    [3, 0], [2.7, -0.32], [2.2, -0.42], [0.7, -0.42], [-0.5, -2.9], [-1.15, -2.9], [-0.55, -0.42],
    [-2.05, -0.38], [-2.6, -1.35], [-3, -1.35], [-2.75, -0.2], [-2.85, 0],
  ];
  const pts = [...half, ...half.slice(0, -1).reverse().map(([x, y]) => [x, -y] as [number, number])];
  return `M${pts.map(([x, y]) => `${f(cx + x * s)} ${f(cy + y * s)}`).join('L')}Z`;
}

/** A labelled box: a rounded frame with its label and value inside (the boarding-pass field). */
function boxed(measure: Measure, nodes: SceneNode[], spec: {
  key: string; label: string; value: string | null; box: Box; valuePt?: number; valueLines?: number; mono?: boolean;
}): TextNode[] {
  nodes.push({ kind: 'rect', ...spec.box, r: 1, fill: white, stroke: { color: skyLine, width: 0.25 } });
  const inner: Box = { x: spec.box.x + 1.3, y: spec.box.y + 0.6, w: spec.box.w - 2.6, h: spec.box.h - 1.1 };
  return field(measure, {
    key: spec.key, label: spec.label, value: spec.value, box: inner, panel: spec.box, labelColor: label, valueColor: ink,
    background: white, valuePt: spec.valuePt ?? 7.5, valueLines: spec.valueLines ?? 1, labelTracking: 0.08,
    ...(spec.mono ? { valueFont: 'mono' as const, valueWeight: 700 as const } : {}),
  });
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const tear = 61.2; // the perforation
  const stub: Box = { x: tear, y: 0, w: cardWidthMm - tear, h: cardHeightMm };
  const headerH = 9;
  const header: Box = { x: 0, y: 0, w: tear, h: headerH };
  const nodes: SceneNode[] = [
    { kind: 'rect', x: 0, y: 0, w: cardWidthMm, h: cardHeightMm, fill: white },
    { kind: 'rect', ...stub, fill: skyPale },
    { kind: 'rect', ...header, fill: skyPale },
    { kind: 'rect', x: 0, y: headerH - 0.5, w: tear, h: 0.5, fill: sky },
  ];
  const texts: TextNode[] = [];

  // Header: the card's name, and a flight path with its airliner.
  texts.push(fitText(measure, {
    id: 'title', role: 'title', text: labels.travelHealthCard, box: { x: 3, y: 3, w: 41, h: 4.6 }, panel: header,
    maxPt: 8, weight: 700, color: deep, background: skyPale, uppercase: true, tracking: 0.1, valign: 'middle',
  }));
  nodes.push({ kind: 'path', d: 'M45.6 6.9Q49.6 2.6 54.2 4.3', stroke: { color: sky, width: 0.3, dash: [0.7, 0.6], cap: 'round' } });
  nodes.push({ kind: 'circle', cx: 45.6, cy: 6.9, r: 0.5, fill: sky });
  nodes.push({ kind: 'path', d: plane(56.6, 5.1, 5), fill: sky });

  // Main: the holder's name in a wide box, then the facts in labelled boxes.
  const left = 3;
  const right = tear - 2.6;
  const gap = 1.1;
  const nameBox: Box = { x: left, y: headerH + gap, w: right - left, h: 12.4 };
  nodes.push({ kind: 'rect', ...nameBox, r: 1, fill: white, stroke: { color: skyLine, width: 0.25 } });
  nodes.push({ kind: 'rect', x: nameBox.x, y: nameBox.y + 1.6, w: 0.7, h: nameBox.h - 3.2, fill: sky });
  texts.push(fitText(measure, {
    id: 'label:holder', role: 'label', text: labels.holder, box: { x: nameBox.x + 1.8, y: nameBox.y + 0.7, w: nameBox.w - 3.1, h: 2.4 },
    panel: nameBox, maxPt: 5.5, weight: 600, color: label, background: white, uppercase: true, tracking: 0.08,
  }));
  texts.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: nameBox.x + 1.8, y: nameBox.y + 3.2, w: nameBox.w - 3.1, h: nameBox.h - 3.7 },
    panel: nameBox, maxPt: 14, maxLines: 2, weight: 700, color: ink, background: white, valign: 'middle',
  }));

  const rowH = 6.8;
  const rowY = (i: number): number => nameBox.y + nameBox.h + gap + i * (rowH + gap);
  const split = (y: number, h: number, weights: number[]): Box[] => {
    const total = weights.reduce((a, b) => a + b, 0);
    const free = right - left - gap * (weights.length - 1);
    let x = left;
    return weights.map((wt) => { const b = { x, y, w: (free * wt) / total, h }; x += b.w + gap; return b; });
  };
  const [dob, sex, phone] = split(rowY(0), rowH, [17, 13, 23]) as [Box, Box, Box];
  texts.push(...boxed(measure, nodes, { key: 'date_of_birth', label: labels.born, value: formatDate(card.dateOfBirth), box: dob }));
  texts.push(...boxed(measure, nodes, { key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: sex }));
  texts.push(...boxed(measure, nodes, { key: 'phone_number', label: labels.phone, value: card.phone, box: phone }));
  const [centre, zone] = split(rowY(1), rowH, [32, 21]) as [Box, Box];
  texts.push(...boxed(measure, nodes, { key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: centre }));
  texts.push(...boxed(measure, nodes, { key: 'zone', label: labels.zone, value: card.zone, box: zone }));
  const lastY = rowY(2);
  const [programme, enrolled] = split(lastY, 51.3 - lastY, [35, 18]) as [Box, Box];
  texts.push(...boxed(measure, nodes, { key: 'programme', label: labels.programme, value: card.programmeName, box: programme, valuePt: 7.5, valueLines: 3 }));
  texts.push(...boxed(measure, nodes, { key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: enrolled }));

  // The tear line: a row of round perforations and a notch at each edge.
  const dots: string[] = [];
  for (let y = 2.6; y <= cardHeightMm - 2.6 + 1e-6; y += 1.35) dots.push(`M${f(tear + 0.32)} ${f(y)}A0.32 0.32 0 1 1 ${f(tear - 0.32)} ${f(y)}A0.32 0.32 0 1 1 ${f(tear + 0.32)} ${f(y)}Z`);
  nodes.push({ kind: 'path', d: dots.join(''), fill: skyLine });
  nodes.push({ kind: 'circle', cx: tear, cy: 0, r: 1.7, fill: skyLine });
  nodes.push({ kind: 'circle', cx: tear, cy: cardHeightMm, r: 1.7, fill: skyLine });

  // Stub: patient ID, portrait, then the QR at the end.
  const qrSize = 19.6;
  const sx = cardWidthMm - 3 - qrSize;
  const sw = qrSize;
  texts.push(...field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: sx, y: 3.1, w: sw, h: 6.3 }, panel: stub, labelColor: label,
    valueColor: deep, background: skyPale, align: 'center', labelTracking: 0.08, valueFont: 'mono', valueWeight: 700, valuePt: 9,
  }));
  const photo: Box = { x: sx + (sw - 13.4) / 2, y: 10.6, w: 13.4, h: 16 };
  nodes.push(portrait(card, photo, { r: 1, fill: white, color: deep, stroke: { color: skyLine, width: 0.3 } }));
  const qrY = cardHeightMm - 3 - qrSize;
  texts.push(fitText(measure, {
    id: 'label:scan', role: 'label', text: labels.scanToVerify, box: { x: sx - 0.4, y: qrY - 3.1, w: sw + 0.4, h: 2.4 }, panel: stub,
    maxPt: 5.5, weight: 600, color: label, background: skyPale, align: 'center',
  }));
  nodes.push(...texts);
  nodes.push({ kind: 'rect', x: sx - 0.6, y: qrY - 0.6, w: qrSize + 1.2, h: qrSize + 1.2, r: 0.8, fill: white, stroke: { color: skyLine, width: 0.25 } });
  nodes.push(qrNode(card.qrPayload, sx, qrY, qrSize, ink, white));
  return { nodes };
}

export const aero: CardTemplate = {
  id: 'aero',
  description: 'Travel health card: sky blue on white, boarding-pass boxes, perforated tear line, QR on the stub.',
  layout,
};
