import type { FontRole, FontWeight } from '../fonts/bundled-fonts';
import { orPlaceholder } from './labels';
import type { TextNode } from './scene';
import { fitText, lineHeightEm, type Measure } from './text';
import { ptToMm, type Box } from './units';

// A label above its value: the most common block on a card.

export interface FieldSpec {
  /** Card field name, e.g. "date_of_birth": becomes the node ids "label:…" and "value:…". */
  key: string;
  label: string;
  value: string | null;
  box: Box;
  panel: Box;
  labelColor: string;
  valueColor: string;
  background: string;
  labelPt?: number;
  valuePt?: number;
  valueMinPt?: number;
  valueLines?: number;
  valueWeight?: FontWeight;
  labelWeight?: FontWeight;
  font?: FontRole;
  valueFont?: FontRole;
  uppercaseLabel?: boolean;
  align?: 'start' | 'center' | 'end';
  labelTracking?: number;
}

/** Label and value nodes; a missing value shows the agreed placeholder (use `omitIfMissing` to drop both). */
export function field(measure: Measure, spec: FieldSpec): TextNode[] {
  const labelPt = spec.labelPt ?? 5.5;
  const labelH = ptToMm(labelPt) * lineHeightEm;
  const labelBox: Box = { x: spec.box.x, y: spec.box.y, w: spec.box.w, h: labelH };
  const valueBox: Box = { x: spec.box.x, y: spec.box.y + labelH, w: spec.box.w, h: Math.max(0, spec.box.h - labelH) };
  const common = { panel: spec.panel, background: spec.background, font: spec.font ?? 'sans', align: spec.align ?? 'start' } as const;
  return [
    fitText(measure, {
      ...common, id: `label:${spec.key}`, role: 'label', text: spec.label, box: labelBox, maxPt: labelPt,
      color: spec.labelColor, weight: spec.labelWeight ?? 600, uppercase: spec.uppercaseLabel ?? true, tracking: spec.labelTracking ?? 0.04,
    }),
    fitText(measure, {
      ...common, id: `value:${spec.key}`, role: 'value', text: orPlaceholder(spec.value), box: valueBox,
      maxPt: spec.valuePt ?? 7.5, minPt: spec.valueMinPt ?? 6.5, maxLines: spec.valueLines ?? 1,
      color: spec.valueColor, weight: spec.valueWeight ?? 600, font: spec.valueFont ?? spec.font ?? 'sans',
    }),
  ];
}

/** Like field, but nothing at all when the value is missing. */
export function optionalField(measure: Measure, spec: FieldSpec): TextNode[] {
  return spec.value && spec.value.trim() ? field(measure, spec) : [];
}

/** Height a field needs for one value line at the given sizes. */
export function fieldHeight(labelPt = 5.5, valuePt = 7.5, valueLines = 1): number {
  return (ptToMm(labelPt) + ptToMm(valuePt) * valueLines) * lineHeightEm;
}
