import { readFileSync } from 'node:fs';
import { fontPath } from '../../electron/core/cards/fonts';
import { bundledFonts, fontStacks, type FontRole } from '../../templates/fonts/bundled-fonts';
import { woffCodePoints } from '../../templates/fonts/cmap';
import { contrastRatio } from '../../templates/kit/colour';
import { quietModules } from '../../templates/kit/qr';
import type { QrNode, Scene, SceneNode, TextNode } from '../../templates/kit/scene';
import { lineHeightEm, minPtByRole } from '../../templates/kit/text';
import { cardBox, contains, minQrMm, overlaps, ptToMm, safeBox, type Box } from '../../templates/kit/units';

// The design rules every card must keep, checked on the laid-out scene (no pixels involved).

const coverage = new Map<FontRole, Set<number>>();
export function stackCovers(role: FontRole, codePoint: number): boolean {
  let set = coverage.get(role);
  if (!set) {
    set = new Set<number>();
    for (const family of fontStacks[role]) {
      const face = bundledFonts.find((f) => f.family === family && f.weight === 400)!;
      for (const c of woffCodePoints(readFileSync(fontPath(face, 'woff')))) set.add(c);
    }
    coverage.set(role, set);
  }
  return set.has(codePoint);
}

const forbidden = /\b(undefined|null|NaN)\b|\[object/;

function nodeBox(node: SceneNode): Box | undefined {
  switch (node.kind) {
    case 'rect': case 'photo': case 'avatar': return node;
    case 'circle': return { x: node.cx - node.r, y: node.cy - node.r, w: 2 * node.r, h: 2 * node.r };
    case 'qr': return { x: node.x, y: node.y, w: node.size, h: node.size };
    case 'text': return node.box;
    case 'path': return undefined;
  }
}

/** Every broken rule, as readable sentences (empty when the scene is fine). */
export function sceneProblems(scene: Scene): string[] {
  const problems: string[] = [];
  const texts = scene.nodes.filter((n): n is TextNode => n.kind === 'text');
  const ids = new Set<string>();
  for (const t of texts) {
    const where = `text "${t.id}"`;
    if (ids.has(t.id)) problems.push(`${where}: id used twice`);
    ids.add(t.id);
    if (!contains(safeBox, t.box)) problems.push(`${where}: box ${fmt(t.box)} leaves the 3 mm safe area`);
    if (!contains(t.panel, t.box)) problems.push(`${where}: box ${fmt(t.box)} leaves its panel ${fmt(t.panel)}`);
    if (!contains(cardBox, t.panel)) problems.push(`${where}: panel ${fmt(t.panel)} leaves the card`);
    if (t.sizePt < minPtByRole[t.role] - 1e-9) problems.push(`${where}: ${t.sizePt} pt is under the ${t.role} minimum ${minPtByRole[t.role]} pt`);
    const lineHeight = ptToMm(t.sizePt) * lineHeightEm;
    if (t.lines.length * lineHeight > t.box.h + 0.05) problems.push(`${where}: ${t.lines.length} line(s) of ${t.sizePt} pt do not fit its ${t.box.h.toFixed(2)} mm height`);
    for (const line of t.lines) {
      if (line.width > t.box.w + 0.05) problems.push(`${where}: line "${line.text}" is ${line.width.toFixed(2)} mm in a ${t.box.w.toFixed(2)} mm box`);
      if (forbidden.test(line.text)) problems.push(`${where}: shows "${line.text}"`);
      for (const ch of line.text) {
        if (!stackCovers(t.font, ch.codePointAt(0)!)) problems.push(`${where}: "${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) is in no bundled ${t.font} font`);
      }
    }
    if (t.lines.length === 0 || t.lines.every((l) => !l.text.trim())) problems.push(`${where}: is empty`);
    const ratio = contrastRatio(t.color, t.background);
    if (ratio < 4.5) problems.push(`${where}: contrast ${ratio.toFixed(2)}:1 (${t.color} on ${t.background}) is under 4.5:1`);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlaps(texts[i]!.box, texts[j]!.box)) problems.push(`text "${texts[i]!.id}" ${fmt(texts[i]!.box)} overlaps text "${texts[j]!.id}" ${fmt(texts[j]!.box)}`);
    }
  }
  if (texts.filter((t) => t.id === 'name' && t.role === 'name').length !== 1) problems.push('there must be exactly one text "name" with role name');
  const qrIndex = scene.nodes.findIndex((n) => n.kind === 'qr');
  if (qrIndex < 0) problems.push('no QR code');
  else {
    const qr = scene.nodes[qrIndex] as QrNode;
    const box = nodeBox(qr)!;
    if (qr.size < minQrMm) problems.push(`QR is ${qr.size} mm, under ${minQrMm} mm`);
    if (!contains(safeBox, box)) problems.push(`QR ${fmt(box)} leaves the safe area`);
    if (contrastRatio(qr.dark, qr.light) < 7) problems.push(`QR contrast ${contrastRatio(qr.dark, qr.light).toFixed(2)}:1 is under 7:1`);
    if (qr.size / (qr.count + 2 * quietModules) < 0.25) problems.push('QR modules are under 0.25 mm');
    for (const later of scene.nodes.slice(qrIndex + 1)) {
      const b = nodeBox(later);
      if (!b || overlaps(b, box)) problems.push(`a ${later.kind} node is painted over the QR`);
    }
  }
  return problems;
}

const fmt = (b: Box): string => `[${b.x.toFixed(1)}, ${b.y.toFixed(1)}, ${b.w.toFixed(1)} × ${b.h.toFixed(1)}]`;
