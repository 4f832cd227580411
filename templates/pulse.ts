import type { CardModel } from './kit/card-model';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { qrNode } from './kit/qr';
import type { SceneNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, type Box } from './kit/units';

// pulse: the campaign card handed out on mass vaccination days. Energetic: coral on charcoal. The
// charcoal header's lower edge is a heartbeat trace crossing the whole card (a coral line with its spike
// rising into the header), the campaign's name set big and bold in it; below, a big QR on the left for
// fast scanning at the queue and the holder's name and the few facts a vaccinator needs on the right.
// No photo: campaign cards are printed in thousands on the day.

const charcoal = '#24272D';
const coral = '#E8503A';
const coralLight = '#FF8A78';
const coralInk = '#B8322A';
const ink = '#1F2227';
const muted = '#5D626B';
const mist = '#E4E6EA';
const white = '#FFFFFF';
const hairline = '#E6E7EA';

const f = (n: number): string => (Math.round(n * 1000) / 1000).toString();

/** The heartbeat baseline, in mm from the top. */
const base = 17.6;

/** One beat (P wave, QRS spike, T wave) on a flat line from the left edge to the right edge, as path data. */
function heartbeat(): string {
  const b = base;
  return [
    `M0 ${f(b)}`, `L57 ${f(b)}`,
    `Q59.5 ${f(b - 2.2)} 62 ${f(b)}`, // P wave
    `L64.2 ${f(b)}`, `L65.2 ${f(b + 1.2)}`, // Q
    'L67 10.4', // R
    `L68.9 ${f(b + 3.3)}`, // S
    `L70.2 ${f(b)}`, `L72.5 ${f(b)}`,
    `Q76 ${f(b - 3.6)} 79.5 ${f(b)}`, // T wave
    `L${f(cardWidthMm)} ${f(b)}`,
  ].join(' ');
}

function layout(card: CardModel, { measure, labels }: LayoutContext): { nodes: SceneNode[] } {
  const header: Box = { x: 0, y: 0, w: cardWidthMm, h: 16.2 }; // above the trace, where the header is flat charcoal
  const body: Box = { x: 0, y: 21.4, w: cardWidthMm, h: cardHeightMm - 21.4 };
  const beat = heartbeat();
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: white },
    { kind: 'path', d: `${beat} L${f(cardWidthMm)} 0 L0 0 Z`, fill: charcoal },
    { kind: 'path', d: beat, stroke: { color: coral, width: 0.7, join: 'round', cap: 'round' } },
    { kind: 'rect', x: 0, y: cardHeightMm - 1.5, w: cardWidthMm, h: 1.5, fill: coral },
  ];

  // Header: what kind of card, the campaign's name big and bold, the zone at the right above the spike.
  nodes.push(
    fitText(measure, { id: 'title', role: 'title', text: labels.campaignCard, box: { x: 3, y: 3, w: 50, h: 2.9 }, panel: header,
      maxPt: 6.5, weight: 700, color: coralLight, background: charcoal, uppercase: true, tracking: 0.18 }),
    fitText(measure, { id: 'value:programme', role: 'value', text: card.programmeName.trim() || labels.campaignCard, box: { x: 3, y: 6.3, w: 52, h: 9.6 },
      panel: header, maxPt: 12.5, minPt: 7, maxLines: 2, weight: 700, color: white, background: charcoal, valign: 'middle' }),
  );
  if (card.zone && card.zone.trim()) {
    nodes.push(fitText(measure, { id: 'value:zone', role: 'value', text: card.zone, box: { x: 58, y: 3, w: cardWidthMm - 3 - 58, h: 5.6 }, panel: header,
      maxPt: 7.5, maxLines: 2, weight: 600, color: mist, background: charcoal, align: 'end' }));
  }

  // The holder's name, with a coral bar, to the right of the QR.
  const dataX = 35.4;
  const dataW = cardWidthMm - 3 - dataX;
  nodes.push({ kind: 'rect', x: 33.2, y: 22.3, w: 1, h: 8.8, r: 0.5, fill: coral });
  nodes.push(fitText(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: dataX, y: 21.8, w: dataW, h: 10 }, panel: body,
    maxPt: 14, maxLines: 2, weight: 700, color: ink, background: white, valign: 'middle',
  }));

  // Facts: date of birth and sex, health centre, then the campaign date and the patient ID.
  const colW = (dataW - 1.6) / 2;
  const colB = dataX + colW + 1.6;
  const rowY = [33.0, 38.9, 44.8];
  const rowH = 5.6;
  for (const y of rowY.slice(1)) nodes.push({ kind: 'rect', x: dataX, y: y - 0.22, w: dataW, h: 0.14, fill: hairline });
  const common = { panel: body, labelColor: muted, valueColor: ink, background: white, valuePt: 7.5 } as const;
  nodes.push(
    ...field(measure, { ...common, key: 'date_of_birth', label: labels.dateOfBirth, value: formatDate(card.dateOfBirth), box: { x: dataX, y: rowY[0]!, w: colW, h: rowH } }),
    ...field(measure, { ...common, key: 'gender', label: labels.gender, value: genderLabel(card.gender, labels), box: { x: colB, y: rowY[0]!, w: colW, h: rowH } }),
    ...field(measure, { ...common, key: 'health_center', label: labels.healthCenter, value: card.healthCenter, box: { x: dataX, y: rowY[1]!, w: dataW, h: rowH } }),
    ...field(measure, { ...common, key: 'enrollment_date', label: labels.enrolled, value: formatDate(card.enrollmentDate), box: { x: dataX, y: rowY[2]!, w: colW, h: rowH } }),
    ...field(measure, { ...common, key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: colB, y: rowY[2]!, w: colW, h: rowH }, valueFont: 'mono', valueWeight: 700 }),
  );

  // The big QR at the left, its caption under it.
  const qrSize = 28;
  const qrY = 20.2;
  nodes.push(fitText(measure, { id: 'label:scan', role: 'label', text: labels.scanToVerify, box: { x: 3, y: qrY + qrSize + 0.25, w: qrSize, h: 2.45 },
    panel: body, maxPt: 5.5, weight: 700, color: coralInk, background: white, align: 'center', uppercase: true, tracking: 0.06 }));
  nodes.push(qrNode(card.qrPayload, 3, qrY, qrSize, '#111317', white));
  return { nodes };
}

export const pulse: CardTemplate = {
  id: 'pulse',
  description: 'Campaign day card: charcoal header edged by a coral heartbeat line, bold campaign title, big QR for the queue.',
  layout,
};
