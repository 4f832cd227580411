import type { CardModel, SovereignConfig } from './kit/card-model';
import { contrastRatio, mix, readableOn } from './kit/colour';
import { field } from './kit/fields';
import { formatDate, fullName, genderLabel } from './kit/labels';
import { portrait } from './kit/portrait';
import { qrNode } from './kit/qr';
import type { SceneNode, TextNode } from './kit/scene';
import type { CardTemplate, LayoutContext } from './kit/template';
import { fitText, lineHeightEm, minPtByRole, type FitSpec, type Measure } from './kit/text';
import { cardBox, cardHeightMm, cardWidthMm, ptToMm, type Box } from './kit/units';

// sovereign: the national, configurable card. Formal: a deep background (bg_hex) under a deeper header band
// (bg_deep_hex), a fine double frame and a seal in the accent colour, the name in serif, and up to max_attrs
// attribute rows set as a ruled table (label left, value right). Every text size is multiplied by
// font_scale, and the layout measures itself so that any valid configuration (font_scale 0.8–1.25,
// max_attrs 0–6, any #RRGGBB colours) still fits. Text colours are chosen for contrast against the configured
// backgrounds: the accent is used for text only where it reaches 4.5:1, white or near-black otherwise; the
// ornaments keep the accent (nudged toward the text colour only when it would vanish into the background).

const ivory = '#F4EFE2';
const r2 = (n: number): string => (Math.round(n * 100) / 100).toString();
const lineH = (pt: number): number => ptToMm(pt) * lineHeightEm;
const labelTracking = 0.05;

/** Near-black or white, whichever reads on bg; pure black when even #111111 falls short of 4.5:1. */
function neutralOn(bg: string): string {
  const c = readableOn(bg, '#111111', '#FFFFFF');
  return contrastRatio(c, bg) >= 4.5 ? c : readableOn(bg, '#000000', '#FFFFFF');
}

/** The preferred colour when it reaches 4.5:1 on bg, else the readable neutral. */
function textOn(bg: string, preferred: string): string {
  return contrastRatio(preferred, bg) >= 4.5 ? preferred : neutralOn(bg);
}

/** A quieter version of a text colour (blended toward the background) that still reaches 4.5:1. */
function soften(color: string, bg: string): string {
  for (const t of [0.28, 0.2, 0.12]) {
    const c = mix(color, bg, t);
    if (contrastRatio(c, bg) >= 4.5) return c;
  }
  return color;
}

/** The accent for ornaments, unless it would disappear into the background. */
function ornamentOn(bg: string, accent: string): string {
  return contrastRatio(accent, bg) >= 1.6 ? accent : mix(accent, neutralOn(bg), 0.6);
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

/** The seal: rings, a ring of ticks, a guilloche rosette and a star, all in the ornament colour. */
function seal(cx: number, cy: number, R: number, color: string): SceneNode[] {
  const ticks: string[] = [];
  for (let i = 0; i < 60; i++) {
    const a = (Math.PI * 2 * i) / 60;
    const r0 = R - 0.75;
    const r1 = R - (i % 5 === 0 ? 1.55 : 1.2);
    ticks.push(`M ${r2(cx + r0 * Math.cos(a))} ${r2(cy + r0 * Math.sin(a))} L ${r2(cx + r1 * Math.cos(a))} ${r2(cy + r1 * Math.sin(a))}`);
  }
  const rosette = (phase: number, k: number, base: number, amp: number): string => {
    const pts: string[] = [];
    for (let i = 0; i <= 360; i++) {
      const a = (Math.PI * 2 * i) / 360;
      const r = base + amp * Math.cos(k * a + phase);
      pts.push(`${r2(cx + r * Math.cos(a))} ${r2(cy + r * Math.sin(a))}`);
    }
    return `M ${pts.join(' L ')} Z`;
  };
  const star: string[] = [];
  for (let i = 0; i < 16; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / 8;
    const r = i % 2 === 0 ? R * 0.26 : R * 0.11;
    star.push(`${r2(cx + r * Math.cos(a))} ${r2(cy + r * Math.sin(a))}`);
  }
  const inner = R - 2.1;
  return [
    { kind: 'path', d: circlePath(cx, cy, R), stroke: { color, width: 0.35 } },
    { kind: 'path', d: ticks.join(' '), stroke: { color, width: 0.14 } },
    { kind: 'path', d: circlePath(cx, cy, inner), stroke: { color, width: 0.22 } },
    { kind: 'path', d: rosette(0, 12, inner * 0.68, inner * 0.2), stroke: { color, width: 0.12 }, opacity: 0.9 },
    { kind: 'path', d: rosette(Math.PI, 12, inner * 0.68, inner * 0.2), stroke: { color, width: 0.12 }, opacity: 0.9 },
    { kind: 'path', d: rosette(Math.PI / 2, 7, inner * 0.5, inner * 0.12), stroke: { color, width: 0.1 }, opacity: 0.8 },
    { kind: 'path', d: `M ${star.join(' L ')} Z`, fill: color },
  ];
}

interface Attr { key: string; label: string; value: string }

/** The attribute rows in their fixed priority order, then the card's extra entries; missing values skipped. */
function attributes(card: CardModel, labels: LayoutContext['labels'], max: number): Attr[] {
  const rows: [string, string, string | null | undefined][] = [
    ['date_of_birth', labels.born, formatDate(card.dateOfBirth)],
    ['gender', labels.gender, genderLabel(card.gender, labels)],
    ['health_center', labels.healthCenter, card.healthCenter],
    ['zone', labels.zone, card.zone],
    ['phone_number', labels.phone, card.phone],
    ['enrollment_date', labels.enrolled, formatDate(card.enrollmentDate)],
    ['guardian_name', labels.guardian, card.guardianName],
    ['national_id', labels.nationalId, card.nationalId],
    ...card.extra.map((e, i): [string, string, string] => [`extra:${i}`, e.label, e.value]),
  ];
  return rows
    .filter((r): r is [string, string, string] => !!r[1]?.trim() && !!r[2]?.trim())
    .slice(0, max)
    .map(([key, label, value]) => ({ key, label: label.trim(), value: value.trim() }));
}

function layout(card: CardModel, { measure, labels, sovereign }: LayoutContext): { nodes: SceneNode[] } {
  const cfg: SovereignConfig = sovereign;
  const scale = Math.max(0.8, Math.min(1.25, Number.isFinite(cfg.font_scale) ? cfg.font_scale : 1));
  const maxAttrs = Math.max(0, Math.min(6, Math.floor(Number.isFinite(cfg.max_attrs) ? cfg.max_attrs : 4)));
  const { accent_hex: accent, bg_hex: bg, bg_deep_hex: deep } = cfg;
  // Effective sizes: the configured scale, never under the role minimum.
  // Quarter points, rounded down: fitText steps in quarter points from the role minimum.
  const pt = (base: number, role: keyof typeof minPtByRole): number => Math.max(Math.floor(base * scale * 4 + 1e-9) / 4, minPtByRole[role]);
  const titlePt = pt(7, 'title');
  const progPt = pt(6.75, 'value');
  const namePt = pt(14, 'name');
  const labelPt = pt(5.5, 'label');
  const valuePt = pt(7, 'value');
  const idPt = pt(7.25, 'value');

  // Colours, each checked against the flat colour it sits on.
  const onDeep = { title: textOn(deep, accent), text: soften(textOn(deep, ivory), deep) };
  const onBg = { name: textOn(bg, ivory), label: textOn(bg, accent), value: textOn(bg, ivory) };
  const ornament = ornamentOn(bg, accent);
  const ornamentDeep = ornamentOn(deep, accent);

  // Header band, sized from the scaled type.
  const titleH = lineH(titlePt);
  // The programme takes a second line only when it cannot fit on one even at the minimum size, and only
  // when the rows below still fit at their tightest (two lines of name at 9 pt, one line per row).
  const attrCount = attributes(card, labels, maxAttrs).length;
  const tightBody = 2.1 + 2 * lineH(minPtByRole.name) + 2 + attrCount * (lineH(valuePt) + 0.45);
  const progLines = measure(card.programmeName.replace(/\s+/g, ' ').trim(), 'sans', 400, ptToMm(minPtByRole.value)) > cardWidthMm - 6
    && 3 + lineH(titlePt) + 0.5 + 2 * lineH(progPt) + 1.3 + tightBody <= cardHeightMm - 3 ? 2 : 1;
  const progH = lineH(progPt) * progLines;
  const bandH = 3 + titleH + 0.5 + progH + 1.3;
  const band: Box = { x: 0, y: 0, w: cardWidthMm, h: bandH };
  const body: Box = { x: 0, y: bandH, w: cardWidthMm, h: cardHeightMm - bandH };
  const nodes: SceneNode[] = [
    { kind: 'rect', ...cardBox, fill: bg },
    { kind: 'rect', ...band, fill: deep },
    { kind: 'rect', x: 1.3, y: bandH, w: cardWidthMm - 2.6, h: 0.35, fill: ornamentDeep },
    { kind: 'rect', x: 1.3, y: bandH + 0.75, w: cardWidthMm - 2.6, h: 0.12, fill: ornament },
    // The fine double frame.
    { kind: 'rect', x: 1.3, y: 1.3, w: cardWidthMm - 2.6, h: cardHeightMm - 2.6, r: 2.1, stroke: { color: ornamentDeep, width: 0.3 } },
    { kind: 'rect', x: 1.95, y: 1.95, w: cardWidthMm - 3.9, h: cardHeightMm - 3.9, r: 1.5, stroke: { color: ornament, width: 0.1 }, opacity: 0.8 },
  ];

  const title = fitText(measure, {
    id: 'title', role: 'title', text: labels.nationalHealthCard, box: { x: 3, y: 3, w: cardWidthMm - 6, h: titleH }, panel: band,
    font: 'serif', weight: 700, maxPt: titlePt, color: onDeep.title, background: deep, uppercase: true, tracking: 0.16, align: 'center',
  });
  const programme = fitText(measure, {
    id: 'value:programme', role: 'value', text: card.programmeName, box: { x: 3, y: 3 + titleH + 0.5, w: cardWidthMm - 6, h: progH }, panel: band,
    weight: 400, maxPt: progPt, maxLines: progLines, color: onDeep.text, background: deep, align: 'center',
  });
  // Flanking rules with diamond ends either side of the title, in the accent.
  const tw = title.lines[0]?.width ?? 0;
  const ty = 3 + titleH * 0.5;
  const gapL = cardWidthMm / 2 - tw / 2 - 2.2;
  const gapR = cardWidthMm / 2 + tw / 2 + 2.2;
  if (gapL - 4.5 > 4) {
    const diamond = (x: number): string => `M ${r2(x - 0.7)} ${r2(ty)} L ${r2(x)} ${r2(ty - 0.7)} L ${r2(x + 0.7)} ${r2(ty)} L ${r2(x)} ${r2(ty + 0.7)} Z`;
    nodes.push(
      { kind: 'rect', x: 4.5, y: ty - 0.08, w: gapL - 4.5 - 1, h: 0.16, fill: ornamentDeep },
      { kind: 'rect', x: gapR + 1, y: ty - 0.08, w: cardWidthMm - 4.5 - gapR - 1, h: 0.16, fill: ornamentDeep },
      { kind: 'path', d: `${diamond(gapL)} ${diamond(gapR)}`, fill: ornamentDeep },
    );
  }

  // Left column: portrait, and the seal under it.
  const top = bandH + 2.1;
  const photo: Box = { x: 3.5, y: top, w: 13.2, h: 16.5 };
  const avatarFill = deep;
  nodes.push(portrait(card, photo, { r: 1, fill: avatarFill, color: textOn(avatarFill, accent), font: 'serif', stroke: { color: ornament, width: 0.3 } }));
  const sealR = Math.min(6.6, (cardHeightMm - 2.4 - (photo.y + photo.h + 1.4)) / 2);
  if (sealR > 3) nodes.push(...seal(photo.x + photo.w / 2, photo.y + photo.h + 1.4 + sealR, sealR, ornament));

  // Right column: the QR under the header with a fine accent frame, the patient ID under it.
  const qrSize = 21;
  const qrX = cardWidthMm - 3 - qrSize;
  const qrY = top;
  nodes.push({ kind: 'rect', x: qrX - 0.6, y: qrY - 0.6, w: qrSize + 1.2, h: qrSize + 1.2, r: 0.8, stroke: { color: ornament, width: 0.2 } });
  const right: Box = { x: qrX - 1, y: bandH + 1, w: qrSize + 1, h: cardHeightMm - bandH - 1 };
  // The patient ID sits at the foot of the column (on the seal's line); a caption under the QR.
  const mpiValue = card.mpiId?.trim() ? card.mpiId.trim() : '—';
  const mpiLines = measure(mpiValue, 'mono', 700, ptToMm(minPtByRole.value)) <= qrSize ? 1 : 2;
  const mpiH = lineH(labelPt) + lineH(idPt) * mpiLines;
  const mpiNodes = field(measure, {
    key: 'mpi_id', label: labels.mpiId, value: card.mpiId, box: { x: qrX, y: cardHeightMm - 3 - mpiH, w: qrSize, h: mpiH },
    panel: right, labelColor: onBg.label, valueColor: onBg.value, background: bg, labelPt, valuePt: idPt, valueLines: mpiLines,
    valueFont: 'mono', valueWeight: 700, align: 'center', labelTracking: 0.08,
  });
  const captionY = qrY + qrSize + 1.1;
  if (captionY + lineH(labelPt) <= cardHeightMm - 3 - mpiH - 0.6) {
    mpiNodes.push(fitText(measure, {
      id: 'label:scan', role: 'label', text: labels.scanToVerify, box: { x: qrX, y: captionY, w: qrSize, h: lineH(labelPt) }, panel: right,
      weight: 400, maxPt: labelPt, color: soften(onBg.value, bg), background: bg, align: 'center',
    }));
  }

  // Middle column: the name, a short accent rule, then the attribute rows.
  const col = { x: 19.6, w: qrX - 2.2 - 19.6 };
  const bottom = cardHeightMm - 3;
  const attrs = attributes(card, labels, maxAttrs);
  const labelWidth = (text: string, sizePt: number): number =>
    measure(text.toLocaleUpperCase('fr'), 'sans', 600, ptToMm(sizePt), labelTracking * ptToMm(sizePt));
  // Labels share one size and a column just wide enough (at most 38 % of the middle column): a label that
  // cannot fit on one line even at 5.5 pt is set on two, and then only its longer half needs the width.
  const cap = col.w * 0.38;
  const twoLineWidth = (text: string, sizePt: number): number => {
    const words = text.trim().split(/\s+/);
    let best = labelWidth(text, sizePt);
    for (let i = 1; i < words.length; i++) {
      best = Math.min(best, Math.max(labelWidth(words.slice(0, i).join(' '), sizePt), labelWidth(words.slice(i).join(' '), sizePt)));
    }
    return best;
  };
  const wraps = (a: Attr): boolean => labelWidth(a.label, minPtByRole.label) > cap;
  const need = (a: Attr, sizePt: number): number => (wraps(a) ? twoLineWidth(a.label, sizePt) : labelWidth(a.label, sizePt));
  const labelW = Math.min(cap, Math.max(9, ...attrs.map((a) => need(a, labelPt) + 0.2)));
  let rowLabelPt = labelPt;
  while (rowLabelPt > minPtByRole.label && attrs.some((a) => need(a, rowLabelPt) > labelW)) rowLabelPt -= 0.25;
  const valueX = col.x + labelW + 1.4;
  const valueW = col.x + col.w - valueX;
  const plan = attrs.map((a) => ({
    ...a,
    labelLines: wraps(a) || labelWidth(a.label, rowLabelPt) > labelW ? 2 : 1,
    valueLines: measure(a.value.replace(/\s+/g, ' '), 'sans', 600, ptToMm(minPtByRole.value)) <= valueW ? 1 : 2,
  }));
  let pad = 0.8;
  const rowHeight = (p: (typeof plan)[number]): number =>
    Math.max(p.labelLines * lineH(rowLabelPt), p.valueLines === 1 ? lineH(valuePt) : 2 * lineH(minPtByRole.value)) + pad;
  const rowsTotal = (): number => plan.reduce((sum, p) => sum + rowHeight(p), 0);
  const nameMin = 2 * lineH(minPtByRole.name);
  const ruleGap = 2;
  const rowsSpace = bottom - top - nameMin - ruleGap;
  // When the rows do not fit: tighter rows, then one-line values, then one-line labels (from the last row up).
  if (rowsTotal() > rowsSpace) pad = 0.45;
  for (const key of ['valueLines', 'labelLines'] as const) {
    for (let i = plan.length - 1; i >= 0 && rowsTotal() > rowsSpace; i--) plan[i]![key] = 1;
  }
  // Never expected with validated settings; a safety net so a row can never leave the card.
  while (plan.length && rowsTotal() > rowsSpace) plan.pop();
  const rowsH = rowsTotal();

  const nameH = Math.max(nameMin, Math.min(2 * lineH(namePt) + 0.01, bottom - top - rowsH - ruleGap));
  const name = fitName(measure, {
    id: 'name', role: 'name', text: fullName(card) ?? labels.holder, box: { x: col.x, y: top - 0.4, w: col.w, h: nameH }, panel: body,
    font: 'serif', weight: 700, maxPt: namePt, maxLines: 2, color: onBg.name, background: bg,
  }, pt(11, 'name'));
  const nameBottom = name.box.y + name.lines.length * lineH(name.sizePt);
  nodes.push({ ...name, box: { ...name.box, h: nameBottom - name.box.y } });
  nodes.push({ kind: 'rect', x: name.dir === 'rtl' ? col.x + col.w - 10 : col.x, y: nameBottom + 0.8, w: 10, h: 0.3, fill: ornament });

  // Rows share out what is left of the column, up to a comfortable pitch.
  let y = nameBottom + ruleGap;
  const spare = Math.max(0, bottom - y - rowsH);
  const extra = plan.length ? Math.min(1.6, spare / plan.length) : 0;
  const texts: TextNode[] = [];
  plan.forEach((p, i) => {
    const h = rowHeight(p) + extra;
    const inner = { y: y + (pad + extra) / 2, h: h - pad - extra };
    const labelH = p.labelLines * lineH(rowLabelPt);
    // A one-line label sits on the value's baseline.
    const labelY = p.labelLines > 1 ? inner.y : inner.y + Math.max(0, 0.93 * (ptToMm(valuePt) - ptToMm(rowLabelPt)));
    texts.push(fitText(measure, {
      id: `label:${p.key}`, role: 'label', text: p.label, box: { x: col.x, y: Math.min(labelY, inner.y + inner.h - labelH), w: labelW, h: labelH },
      panel: body, weight: 600, maxPt: rowLabelPt, maxLines: p.labelLines, color: onBg.label, background: bg, uppercase: true, tracking: labelTracking,
    }));
    texts.push(fitText(measure, {
      id: `value:${p.key}`, role: 'value', text: p.value, box: { x: valueX, y: inner.y, w: valueW, h: inner.h }, panel: body,
      weight: 600, maxPt: valuePt, maxLines: p.valueLines, color: onBg.value, background: bg,
    }));
    if (i < plan.length - 1) nodes.push({ kind: 'rect', x: col.x, y: y + h - 0.06, w: col.w, h: 0.12, fill: ornament, opacity: 0.45 });
    y += h;
  });

  nodes.push(qrNode(card.qrPayload, qrX, qrY, qrSize, '#0A0A0A', '#FFFFFF'));
  nodes.push(title, programme, ...mpiNodes, ...texts);
  return { nodes };
}

export const sovereign: CardTemplate = {
  id: 'sovereign',
  description: 'National configurable card: deep background, fine accent frame and seal, serif name, up to max_attrs ruled attribute rows.',
  layout,
};
