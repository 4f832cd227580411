import type { CardModel } from './kit/card-model';
import { contrastRatio, mix } from './kit/colour';
import { field, fieldHeight } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode, TextNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText, lineHeightEm, type FitSpec, type Measure } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, ptToMm, type Box } from './kit/units';

// horizon: the community health worker card. A landscape band at the top — a sunrise sky from deep teal to
// gold over rolling hills — with the holder's round portrait set on the horizon line, a clean warm-white data
// area below, and the QR on the right. The gradient lives in the band only; every text on it declares the
// worst-case colour of the gradient under its box.

const skyStops: [number, string][] = [[0, '#0A4652'], [0.7, '#12656E'], [0.87, '#D89B43'], [1, '#F4C861']];
const hillBack = '#2E8378';
const hillMid = '#15606A';
const hillFront = '#0B4550';
const glow = '#F6D27A';
const paper = '#FFFCF6';
const ink = '#13313A';
const muted = '#44626B';
const tealText = '#0F5D67';
const white = '#FFFFFF';
const dawn = '#FCEBC8';

const bandH = 19.4;
const r2 = (n: number): string => (Math.round(n * 100) / 100).toString();

/** The colour of a horizontal gradient spanning [0, cardWidth] at x. */
function skyAt(x: number): string {
  const t = Math.max(0, Math.min(1, x / cardWidthMm));
  for (let i = 1; i < skyStops.length; i++) {
    const [t1, c1] = skyStops[i]!;
    const [t0, c0] = skyStops[i - 1]!;
    if (t <= t1) return mix(c0, c1, (t - t0) / (t1 - t0));
  }
  return skyStops[skyStops.length - 1]![1];
}

/** The sky colour under [x0, x1] that gives the text the least contrast: the honest background to declare. */
function worstSky(color: string, x0: number, x1: number): string {
  let worst = skyAt(x0);
  for (let i = 0; i <= 40; i++) {
    const c = skyAt(x0 + ((x1 - x0) * i) / 40);
    if (contrastRatio(color, c) < contrastRatio(color, worst)) worst = c;
  }
  return worst;
}

/** A closed hill shape: the crest follows y(x), the bottom is the band's lower edge. */
function hill(crest: (x: number) => number, bottom: number): string {
  const pts: string[] = [];
  for (let x = -1; x <= cardWidthMm + 1.01; x += 0.8) pts.push(`${r2(x)} ${r2(crest(x))}`);
  return `M ${pts[0]} L ${pts.slice(1).join(' L ')} L ${r2(cardWidthMm + 1)} ${bottom} L -1 ${bottom} Z`;
}

function sunRays(cx: number, cy: number, r0: number, r1: number, count: number): string {
  const parts: string[] = [];
  for (let i = 1; i < count; i++) {
    const a = Math.PI + (Math.PI * i) / count;
    parts.push(`M ${r2(cx + r0 * Math.cos(a))} ${r2(cy + r0 * Math.sin(a))} L ${r2(cx + r1 * Math.cos(a))} ${r2(cy + r1 * Math.sin(a))}`);
  }
  return parts.join(' ');
}

/**
 * The holder's name: shrinks on one line down to floorPt, then wraps, so a long name keeps its rank above the
 * values; only a name that still does not fit goes through the kit's own shrink → wrap → ellipsis.
 */
function fitName(measure: Measure, spec: FitSpec, floorPt: number): TextNode {
  const generous = fitText(measure, { ...spec, minPt: floorPt });
  return generous.truncated ? fitText(measure, spec) : generous;
}

function circlePath(cx: number, cy: number, r: number): string {
  return `M ${r2(cx - r)} ${r2(cy)} A ${r2(r)} ${r2(r)} 0 1 0 ${r2(cx + r)} ${r2(cy)} A ${r2(r)} ${r2(r)} 0 1 0 ${r2(cx - r)} ${r2(cy)} Z`;
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const band: Box = { x: 0, y: 0, w: cardWidthMm, h: bandH };
  const body: Box = { x: 0, y: bandH, w: cardWidthMm, h: cardHeightMm - bandH };
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: paper },
    { kind: 'rect', ...band, fill: { kind: 'linear', x0: 0, y0: 0, x1: cardWidthMm, y1: 0, stops: skyStops } },
  ];

  // The rising sun on the right, its rays, then three layers of hills in front of it.
  const sun = { cx: 72.5, cy: 15.2, r: 6.2 };
  nodes.push(
    { kind: 'path', d: circlePath(sun.cx, sun.cy, sun.r + 2.2), fill: glow, opacity: 0.35, clip: band },
    { kind: 'path', d: sunRays(sun.cx, sun.cy, sun.r + 3.4, sun.r + 7.2, 14), stroke: { color: '#FFF1C9', width: 0.35, cap: 'round' }, opacity: 0.75, clip: band },
    { kind: 'path', d: circlePath(sun.cx, sun.cy, sun.r), fill: '#FFE7A6', clip: band },
    { kind: 'path', d: hill((x) => 14.1 - 1.3 * Math.sin((x + 8) / 9.5) - 0.6 * Math.sin(x / 4.1), bandH), fill: hillBack, opacity: 0.9, clip: band },
    { kind: 'path', d: hill((x) => 15.4 - 1.5 * Math.sin((x - 20) / 12) - 0.5 * Math.cos(x / 5.3), bandH), fill: hillMid, clip: band },
    { kind: 'path', d: hill((x) => 17.4 - 0.9 * Math.sin((x + 30) / 8) - 0.4 * Math.sin(x / 3.3), bandH), fill: hillFront, clip: band },
    // The sunlit horizon line between the landscape and the data area.
    { kind: 'rect', x: 0, y: bandH, w: cardWidthMm, h: 0.7, fill: '#E2A444' },
  );

  // The portrait: a medallion set on the horizon, in a white ring.
  const medal: Box = { x: 4.2, y: 10.2, w: 17, h: 17 };
  nodes.push({ kind: 'circle', cx: medal.x + medal.w / 2, cy: medal.y + medal.h / 2, r: medal.w / 2 + 0.9, fill: white, stroke: { color: '#E2A444', width: 0.3 } });
  nodes.push(portrait(card, medal, { r: medal.w / 2, fill: '#E3F0ED', color: tealText }));

  // Band text, on the teal side of the sky only (the hills begin under y ≈ 11).
  const titleBox: Box = { x: 24.5, y: 3.2, w: 34, h: 3.2 };
  const zoneBox: Box = { x: 24.5, y: 6.6, w: 34, h: 5.55 };
  nodes.push(fitText(measure, {
    id: 'title', role: 'title', text: labels.communityCard, box: titleBox, panel: band, maxPt: 7, weight: 700,
    color: white, background: worstSky(white, titleBox.x, titleBox.x + titleBox.w), uppercase: true, tracking: 0.08,
  }));
  if (card.zone && card.zone.trim()) {
    nodes.push(fitText(measure, {
      id: 'value:zone', role: 'value', text: card.zone, box: zoneBox, panel: band, maxPt: 7.5, maxLines: 2, weight: 600,
      color: dawn, background: worstSky(dawn, zoneBox.x, zoneBox.x + zoneBox.w),
    }));
  }

  // QR on the right of the data area, the patient ID under it.
  const qrSize = 21;
  const qrX = cardWidthMm - 3 - qrSize;
  const qrY = 22;
  const right: Box = { x: qrX - 0.6, y: bandH + 0.7, w: qrSize + 1.2, h: cardHeightMm - bandH - 0.7 };

  // Name, then the programme right under it, beside the medallion.
  const nameBox: Box = { x: 24.5, y: 21, w: qrX - 3 - 24.5, h: 11.5 };
  // Two lines at most, unless a third line saves a very long name from the ellipsis.
  const nameSpec: FitSpec = {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: nameBox, panel: body,
    maxPt: 15, maxLines: 2, weight: 700, color: ink, background: paper,
  };
  let name = fitName(measure, nameSpec, 11);
  if (name.truncated) {
    const three = fitText(measure, { ...nameSpec, maxLines: 3 });
    if (!three.truncated) name = three;
  }
  // The box is trimmed to the lines actually set, so the programme can follow right under a one-line name.
  const nameBottom = name.box.y + name.lines.length * ptToMm(name.sizePt) * lineHeightEm;
  nodes.push({ ...name, box: { ...name.box, h: nameBottom - name.box.y } });

  // Two rows of fields, anchored to the bottom; the programme takes what is left between them and the name.
  const rowH = fieldHeight(5.5, 7.5) + 0.1;
  const row2 = cardHeightMm - 3 - rowH;
  const row1 = row2 - rowH - 0.6;
  const progTop = nameBottom + 0.5;
  const progH = Math.min(row1 - 1.4 - progTop, ptToMm(7.5) * lineHeightEm * 3);
  nodes.push(fitText(measure, {
    id: 'value:programme', role: 'value', text: card.programmeName, box: { x: nameBox.x, y: progTop, w: nameBox.w, h: progH }, panel: body,
    maxPt: 7.5, maxLines: 3, weight: 600, color: tealText, background: paper,
  }));
  nodes.push({ kind: 'rect', x: 3, y: row1 - 0.9, w: qrX - 3 - 3, h: 0.2, fill: '#E5D3AE' });

  // Left column on x = 3, right column set flush right on the data area's edge.
  const cols = { a: 3, b: 25, c: 38, d: 44.5, end: qrX - 3 };
  const common = { panel: body, labelColor: muted, valueColor: ink, background: paper } as const;
  const cell = (x: number, y: number, x1: number): Box => ({ x, y, w: x1 - x - 1, h: rowH });
  nodes.push(
    ...field(measure, { ...common, key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: cell(cols.a, row1, cols.b) }),
    ...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: cell(cols.b, row1, cols.c) }),
    ...field(measure, { ...common, key: 'phone_number', label: labels.phone, value: card.phone, box: cell(cols.c, row1, cols.end + 1), align: 'end' }),
    ...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: cell(cols.a, row2, cols.d) }),
    ...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: cell(cols.d, row2, cols.end + 1), align: 'end' }),
  );

  // A hairline gutter between the data and the QR column.
  nodes.push({ kind: 'rect', x: qrX - 1.6, y: 23, w: 0.2, h: 26, fill: '#EBDDBF' });

  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, '#0B1F24', white));
  const mpiTop = qrY + qrSize + 0.6;
  nodes.push(...field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: qrX, y: mpiTop, w: qrSize, h: cardHeightMm - 3 - mpiTop },
    panel: right, labelColor: muted, valueColor: ink, background: paper, valueFont: 'mono', valuePt: 7, align: 'center',
  }));
  return { nodes };
}

export const horizon: CardTemplate = {
  id: 'horizon',
  description: 'Community health worker card: sunrise landscape band with the portrait on the horizon, clean data below, QR right.',
  layout,
};
