import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutCard } from '../../../electron/core/cards/render-card';
import { templateIds } from '../../../templates/index';
import type { SovereignConfig } from '../../../templates/kit/card-model';
import type { TextNode } from '../../../templates/kit/scene';
import { sampleCards } from '../../fixtures/cards/sample-cards';
import { sceneProblems } from '../../helpers/scene-checks';

// Every template, every sample card, both languages: the design rules hold on the laid-out scene.

const sovereignExtremes: SovereignConfig[] = [
  { accent_hex: '#D4AF37', bg_hex: '#0D1B2A', bg_deep_hex: '#060E1A', font_scale: 1.25, max_attrs: 6 },
  { accent_hex: '#FFFFFF', bg_hex: '#F5F0E1', bg_deep_hex: '#E8E0C8', font_scale: 0.8, max_attrs: 0 },
  { accent_hex: '#FF0000', bg_hex: '#808080', bg_deep_hex: '#404040', font_scale: 1.1, max_attrs: 3 },
];

for (const template of templateIds) {
  test(`${template}: text stays in its box, panel and the safe area; sizes, contrast, glyphs and QR rules hold`, () => {
    const configs = template === 'sovereign' ? [undefined, ...sovereignExtremes] : [undefined];
    const problems: string[] = [];
    for (const [name, card] of Object.entries(sampleCards)) {
      for (const language of ['fr', 'en'] as const) {
        for (const sovereign of configs) {
          const scene = layoutCard({ card, template, language, ...(sovereign ? { sovereign } : {}) });
          for (const p of sceneProblems(scene)) problems.push(`${name}/${language}${sovereign ? `/${JSON.stringify(sovereign)}` : ''}: ${p}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${template}: shows the holder's name, date of birth, health centre and programme`, () => {
    const scene = layoutCard({ card: sampleCards.short!, template, language: 'fr' });
    const text = scene.nodes.filter((n): n is TextNode => n.kind === 'text').map((t) => t.lines.map((l) => l.text).join(' ')).join(' | ');
    for (const expected of ['Awa', 'Ba', '07/03/2019', 'Plateau Health Center', 'National Vaccination Program']) {
      assert.ok(text.includes(expected), `"${expected}" missing from: ${text}`);
    }
    const name = scene.nodes.find((n): n is TextNode => n.kind === 'text' && n.id === 'name')!;
    assert.equal(name.truncated, false);
    assert.ok(name.sizePt >= 9);
  });

  test(`${template}: a right-to-left name is set right-to-left`, () => {
    const scene = layoutCard({ card: sampleCards.arabic!, template, language: 'fr' });
    const name = scene.nodes.find((n): n is TextNode => n.kind === 'text' && n.id === 'name')!;
    assert.equal(name.dir, 'rtl');
    assert.notEqual(name.align, 'left');
  });
}

test('a long name shrinks, then wraps, then ellipsises; a short one is not shrunk', () => {
  for (const template of templateIds) {
    const short = layoutCard({ card: sampleCards.short!, template, language: 'fr' }).nodes.find((n): n is TextNode => n.kind === 'text' && n.id === 'name')!;
    const long = layoutCard({ card: sampleCards.long!, template, language: 'fr' }).nodes.find((n): n is TextNode => n.kind === 'text' && n.id === 'name')!;
    assert.ok(long.sizePt < short.sizePt || long.lines.length > 1 || long.truncated, `${template}: the long name was neither shrunk nor wrapped`);
  }
});

test('the ten templates are ten different designs', () => {
  const signatures = new Map<string, string>();
  for (const template of templateIds) {
    const scene = layoutCard({ card: sampleCards.short!, template, language: 'fr' });
    const name = scene.nodes.find((n): n is TextNode => n.kind === 'text' && n.id === 'name')!;
    const qr = scene.nodes.find((n) => n.kind === 'qr')!;
    const colours = new Set(scene.nodes.flatMap((n) => ('fill' in n && typeof n.fill === 'string' ? [n.fill.toLowerCase()] : [])));
    const signature = JSON.stringify([name.box, name.font, name.sizePt, 'x' in qr ? [qr.x, qr.y, qr.size] : 0, [...colours].sort()]);
    for (const [other, sig] of signatures) assert.notEqual(sig, signature, `${template} lays out like ${other}`);
    signatures.set(template, signature);
  }
});
