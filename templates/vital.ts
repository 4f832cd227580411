import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel, orPlaceholder } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, type Box } from './kit/units';

// vital: the everyday vaccination card. Clean and clinical: white, a deep teal band, the name large at
// the top left, the facts in a tidy grid, the QR on the right, and a row of "dose dots" for rhythm.

const teal = '#0E5E6F';
const tealSoft = '#DCEDEF';
const ink = '#1B2426';
const muted = '#3F6A72';
const white = '#FFFFFF';

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const band: Box = { x: 0, y: 0, w: cardWidthMm, h: 12 };
  const body: Box = { x: 0, y: band.h, w: cardWidthMm, h: cardHeightMm - band.h };
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: white },
    { kind: 'rect', ...band, fill: teal },
    { kind: 'rect', x: 0, y: band.h, w: cardWidthMm, h: 0.6, fill: '#7FB8C0' },
  ];

  // Band: card title and programme on the left, zone on the right.
  nodes.push(
    fitText(measure, { id: 'title', role: 'title', text: labels.vaccinationCard, box: { x: 3, y: 3, w: 50, h: 3.4 }, panel: band,
      maxPt: 7.5, weight: 700, color: white, background: teal, uppercase: true, tracking: 0.08 }),
    fitText(measure, { id: 'value:programme', role: 'value', text: card.programmeName, box: { x: 3, y: 6.6, w: 52, h: 3.6 }, panel: band,
      maxPt: 7, color: white, background: teal }),
    fitText(measure, { id: 'value:zone', role: 'value', text: orPlaceholder(card.zone), box: { x: 56, y: 3.2, w: 26.6, h: 5.6 }, panel: band,
      maxPt: 7, maxLines: 2, color: white, background: teal, align: 'end', valign: 'middle', weight: 600 }),
  );

  // Portrait and name.
  nodes.push(portrait(card, { x: 3, y: 15, w: 13.5, h: 16.5 }, { r: 1.6, fill: tealSoft, color: teal, stroke: { color: teal, width: 0.25 } }));
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: 19, y: 15, w: 40, h: 9.6 }, panel: body,
    maxPt: 13, maxLines: 2, weight: 700, color: ink, background: white, valign: 'top',
  }));
  nodes.push(...field(measure, {
    key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: { x: 19, y: 25, w: 22, h: 6.5 },
    panel: body, labelColor: muted, valueColor: ink, background: white,
  }));
  nodes.push(...field(measure, {
    key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: { x: 42, y: 25, w: 17, h: 6.5 },
    panel: body, labelColor: muted, valueColor: ink, background: white,
  }));

  // Grid: two rows on a soft panel.
  const grid: Box = { x: 3, y: 34, w: 56, h: 14.2 };
  nodes.push({ kind: 'rect', ...grid, r: 1.2, fill: tealSoft });
  nodes.push({ kind: 'rect', x: grid.x + 1.5, y: grid.y + 7.1, w: grid.w - 3, h: 0.2, fill: '#B5D5D9' });
  const cell = (x: number, y: number, w: number): Box => ({ x, y, w, h: 6.2 });
  nodes.push(...field(measure, { key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: cell(5, 34.6, 31.5),
    panel: grid, labelColor: muted, valueColor: ink, background: tealSoft }));
  nodes.push(...field(measure, { key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: cell(38, 34.6, 19.5),
    panel: grid, labelColor: muted, valueColor: ink, background: tealSoft }));
  nodes.push(...field(measure, { key: 'phone_number', label: labels.phone, value: card.phone, box: cell(5, 41.6, 31.5),
    panel: grid, labelColor: muted, valueColor: ink, background: tealSoft }));
  nodes.push(...field(measure, { key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: cell(38, 41.6, 19.5),
    panel: grid, labelColor: muted, valueColor: ink, background: tealSoft, valueFont: 'mono' }));

  // QR on the right, on white, with the enrollment's short reference under it.
  const qrSize = 21;
  const qrX = cardWidthMm - 3 - qrSize;
  nodes.push(qrNode(card.qrPayload, qrX, 14.6, qrSize, ink, white));
  nodes.push(fitText(measure, { id: 'label:scan', role: 'label', text: labels.scanToVerify, box: { x: qrX, y: 36, w: qrSize, h: 2.6 },
    panel: body, maxPt: 5.5, color: muted, background: white, align: 'center' }));

  // Dose dots: a quiet row of filled and open dots under the QR, for rhythm (no meaning is carried by colour).
  for (let i = 0; i < 6; i++) {
    const cx = qrX + 2 + i * 3.4;
    nodes.push({ kind: 'circle', cx, cy: 42.5, r: 0.9, fill: i < 3 ? teal : white, stroke: { color: teal, width: 0.25 } });
  }
  nodes.push({ kind: 'rect', x: 0, y: cardHeightMm - 2, w: cardWidthMm, h: 2, fill: teal });
  return { nodes };
}

export const vital: CardTemplate = {
  id: 'vital',
  description: 'Everyday vaccination card: white with a deep teal band, tidy grid, QR on the right.',
  layout,
};
