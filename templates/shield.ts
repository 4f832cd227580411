import type { CardModel } from './kit/card-model';
import { field, optionalField } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardHeightMm, cardWidthMm, type Box } from './kit/units';

// shield: protection programmes (immunisation certificates, outbreak response). Serious and official:
// a navy seal column on the left (guilloche rosette, laurel and shield emblem, the certificate's title, the
// QR), a steel guilloche ribbon under the programme, the name set in serif beside the portrait, the MPI ID
// prominent on its own strip, then the facts in ruled rows.

const navy = '#12284A';
const navyLine = '#2A4B7C'; // guilloche strokes on navy (ornament only, never behind text)
const steel = '#3E6D9C';
const steelLine = '#8FA9C6';
const steelPale = '#DCE5EF';
const paper = '#F5F7FA';
const ink = '#0F1E33';
const muted = '#44607F';
const onNavy = '#C3D3E6';
const white = '#FFFFFF';

const f = (n: number): string => n.toFixed(2);

/** Interlaced sine waves between x0 and x1 around cy: the classic banknote ribbon. */
function guillocheRibbon(x0: number, x1: number, cy: number, amplitude: number, wavelength: number, strands: number): string {
  const parts: string[] = [];
  for (let k = 0; k < strands; k++) {
    const phase = (k / strands) * Math.PI * 2;
    const pts: string[] = [];
    for (let x = x0; x <= x1 + 1e-6; x += 0.25) {
      const t = ((x - x0) / wavelength) * Math.PI * 2;
      // Two harmonics make the strands cross in a woven, hard-to-copy rhythm.
      const y = cy + amplitude * (0.72 * Math.sin(t + phase) + 0.28 * Math.sin(3 * t - phase));
      pts.push(`${f(x)} ${f(y)}`);
    }
    parts.push(`M${pts.join('L')}`);
  }
  return parts.join('');
}

/** A guilloche rosette: closed rings whose radius is modulated by several phase-shifted lobes. */
function guillocheRosette(cx: number, cy: number, radius: number, depth: number, lobes: number, rings: number): string {
  const parts: string[] = [];
  const steps = 360;
  for (let k = 0; k < rings; k++) {
    const phase = (k / rings) * (Math.PI * 2 / lobes) * 2;
    const pts: string[] = [];
    for (let i = 0; i <= steps; i++) {
      const t = (i / steps) * Math.PI * 2;
      const r = radius + depth * Math.sin(lobes * t + phase) * Math.cos(2 * t - phase / 2);
      pts.push(`${f(cx + r * Math.cos(t))} ${f(cy + r * Math.sin(t))}`);
    }
    parts.push(`M${pts.join('L')}Z`);
  }
  return parts.join('');
}

/** A heraldic shield outline with its top edge slightly dipped. */
function shieldPath(cx: number, top: number, w: number, h: number): string {
  const x0 = cx - w / 2;
  const x1 = cx + w / 2;
  return `M${f(x0)} ${f(top)}Q${f(cx)} ${f(top + h * 0.09)} ${f(x1)} ${f(top)}L${f(x1)} ${f(top + h * 0.5)}`
    + `Q${f(x1)} ${f(top + h * 0.86)} ${f(cx)} ${f(top + h)}Q${f(x0)} ${f(top + h * 0.86)} ${f(x0)} ${f(top + h * 0.5)}Z`;
}

/** Small leaves along an arc, either side of the shield: a restrained laurel. */
function laurel(cx: number, cy: number, r: number, side: 1 | -1): string {
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) {
    const a = Math.PI / 2 + side * (0.45 + i * 0.27); // from the bottom, up one side
    const px = cx + r * Math.cos(a);
    const py = cy + r * Math.sin(a);
    const tangent = a + (side * Math.PI) / 2;
    const len = 1.25;
    const tx = Math.cos(tangent + side * 0.55) * len;
    const ty = Math.sin(tangent + side * 0.55) * len;
    const nx = -ty * 0.32;
    const ny = tx * 0.32;
    parts.push(`M${f(px)} ${f(py)}Q${f(px + tx / 2 + nx)} ${f(py + ty / 2 + ny)} ${f(px + tx)} ${f(py + ty)}`
      + `Q${f(px + tx / 2 - nx)} ${f(py + ty / 2 - ny)} ${f(px)} ${f(py)}Z`);
  }
  return parts.join('');
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const column: Box = { x: 0, y: 0, w: 27, h: cardHeightMm };
  const sheet: Box = { x: column.w, y: 0, w: cardWidthMm - column.w, h: cardHeightMm };
  const left = sheet.x + 3; // text starts 3 mm inside the paper area
  const right = cardWidthMm - 3;
  const nodes: SceneNode[] = [
    { kind: 'rect', ...sheet, fill: paper },
    { kind: 'rect', ...column, fill: navy },
    // Certificate frame: a fine double rule around the paper area, as on printed certificates.
    { kind: 'rect', x: sheet.x + 1.3, y: 1.3, w: sheet.w - 2.6, h: sheet.h - 2.6, r: 1.6, stroke: { color: steelLine, width: 0.18 } },
    { kind: 'rect', x: sheet.x + 1.8, y: 1.8, w: sheet.w - 3.6, h: sheet.h - 3.6, r: 1.2, stroke: { color: steelPale, width: 0.12 } },
    { kind: 'rect', x: column.w - 0.5, y: 0, w: 0.5, h: cardHeightMm, fill: steel },
  ];

  // Seal column: guilloche rosette, laurel and shield emblem, the certificate's title, the QR.
  const cx = column.w / 2;
  nodes.push({ kind: 'path', d: guillocheRosette(cx, 9.9, 8.6, 1.5, 12, 9), stroke: { color: navyLine, width: 0.13 }, clip: column });
  nodes.push({ kind: 'path', d: guillocheRosette(cx, 9.9, 5.2, 0.7, 9, 5), stroke: { color: navyLine, width: 0.1 }, clip: column });
  nodes.push({ kind: 'path', d: laurel(cx, 9.5, 6.9, 1), fill: onNavy });
  nodes.push({ kind: 'path', d: laurel(cx, 9.5, 6.9, -1), fill: onNavy });
  nodes.push({ kind: 'path', d: shieldPath(cx, 3.3, 10, 12.4), fill: steel, stroke: { color: white, width: 0.4, join: 'round' } });
  nodes.push({ kind: 'path', d: shieldPath(cx, 4.4, 7.8, 10), stroke: { color: onNavy, width: 0.18, join: 'round' } });
  nodes.push({ kind: 'path', d: `M${f(cx - 1)} 6.2h2v2.6h2.6v2h-2.6v2.6h-2v-2.6h-2.6v-2h2.6Z`, fill: white });
  nodes.push(fitText(measure, {
    id: 'title', role: 'title', text: labels.protectionCertificate, box: { x: 3, y: 19.2, w: column.w - 6, h: 6.2 }, panel: column,
    maxPt: 7, maxLines: 2, weight: 700, color: white, background: navy, uppercase: true, tracking: 0.06, align: 'center', valign: 'middle',
  }));
  nodes.push({ kind: 'rect', x: cx - 4, y: 26.6, w: 8, h: 0.25, fill: steelLine });

  // Paper: programme, guilloche ribbon, portrait and name, the MPI ID strip, the facts.
  nodes.push(fitText(measure, {
    id: 'value:programme', role: 'value', text: card.programmeName, box: { x: left, y: 3, w: right - left, h: 6.1 }, panel: sheet,
    maxPt: 7.5, maxLines: 2, weight: 700, color: steel, background: paper, valign: 'middle',
  }));
  nodes.push({ kind: 'path', d: guillocheRibbon(sheet.x, cardWidthMm, 11.1, 1.05, 7.2, 6), stroke: { color: steelLine, width: 0.12 } });
  nodes.push({ kind: 'path', d: guillocheRibbon(sheet.x, cardWidthMm, 11.1, 0.55, 4.8, 4), stroke: { color: steel, width: 0.1 } });

  const photo: Box = { x: left, y: 13.9, w: 13.6, h: 17.4 };
  nodes.push(portrait(card, photo, { r: 0.8, fill: steelPale, color: navy, stroke: { color: steel, width: 0.3 } }));
  const nameX = photo.x + photo.w + 2.4;
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: nameX, y: 13.6, w: right - nameX, h: 11.6 }, panel: sheet,
    font: 'serif', maxPt: 14, maxLines: 3, weight: 700, color: ink, background: paper, valign: 'middle',
  }));

  // The MPI ID, prominent: a steel strip with a navy edge, the number in bold mono.
  const strip: Box = { x: nameX, y: 25.6, w: cardWidthMm - 2.4 - nameX, h: 6.6 };
  nodes.push({ kind: 'rect', ...strip, r: [0, 0.8, 0.8, 0], fill: steelPale });
  nodes.push({ kind: 'rect', x: strip.x, y: strip.y, w: 0.8, h: strip.h, fill: navy });
  nodes.push(...field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: strip.x + 2, y: strip.y + 0.2, w: right - strip.x - 2, h: 6.3 },
    panel: strip, labelColor: muted, valueColor: navy, background: steelPale, valueFont: 'mono', valuePt: 9.5, valueWeight: 700,
    labelTracking: 0.12,
  }));

  const row = (i: number): Box => ({ x: left, y: 33.3 + i * 5.85, w: right - left, h: 5.5 });
  const cells = (i: number, widths: number[]): Box[] => {
    const r = row(i);
    const gap = 1.8;
    const total = widths.reduce((a, b) => a + b, 0);
    let x = r.x;
    return widths.map((wt) => { const w = ((r.w - gap * (widths.length - 1)) * wt) / total; const b = { ...r, x, w }; x += w + gap; return b; });
  };
  const common = { panel: sheet, labelColor: muted, valueColor: ink, background: paper } as const;
  const [dob, sex, enrolled] = cells(0, [1, 1, 1]) as [Box, Box, Box];
  nodes.push(...field(measure, { ...common, key: 'date_of_birth', label: labels.born, value: formatDate(card.dateOfBirth), box: dob }));
  nodes.push(...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: sex }));
  nodes.push(...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: enrolled }));
  const [centre, zone] = cells(1, [2, 1]) as [Box, Box];
  nodes.push(...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: centre }));
  nodes.push(...field(measure, { ...common, key: 'zone', label: labels.zone, value: card.zone, box: zone }));
  const [phone, guardian] = cells(2, [22, 29]) as [Box, Box];
  nodes.push(...field(measure, { ...common, key: 'phone_number', label: labels.phone, value: card.phone, box: phone }));
  nodes.push(...optionalField(measure, { ...common, key: 'guardian_name', label: labels.guardian, value: card.guardianName, box: guardian }));
  for (let i = 1; i < 3; i++) nodes.push({ kind: 'rect', x: left, y: row(i).y - 0.35, w: right - left, h: 0.15, fill: steelPale });

  // QR last, in the seal column: white quiet zone on navy, a steel hairline around it.
  const qrSize = 21;
  const qrX = (column.w - qrSize) / 2;
  const qrY = cardHeightMm - 3 - qrSize - 0.4;
  nodes.push({ kind: 'rect', x: qrX - 0.7, y: qrY - 0.7, w: qrSize + 1.4, h: qrSize + 1.4, r: 0.7, fill: white, stroke: { color: steelLine, width: 0.25 } });
  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, ink, white));
  return { nodes };
}

export const shield: CardTemplate = {
  id: 'shield',
  description: 'Protection certificate: navy seal column (shield, guilloche rosette, QR), guilloche ribbon, serif name, MPI ID strip.',
  layout,
};
