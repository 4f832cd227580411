// The fonts every card is drawn with, all SIL Open Font License, shipped as npm packages (@fontsource)
// and registered at start under our own family names, so Skia never silently borrows a system font.
// Each stack lists Latin, Latin Extended (ŋ ɓ ɗ ƴ …) and an Arabic face; Skia picks per glyph in order.

export type FontRole = 'sans' | 'serif' | 'mono';
export type FontWeight = 400 | 600 | 700;

export interface BundledFont {
  family: string;
  /** npm package and the file name inside its files/ folder, without extension (.woff2 drawn, .woff read for coverage). */
  pkg: string;
  file: string;
  weight: FontWeight;
}

export const fontStacks: Record<FontRole, string[]> = {
  sans: ['Oomus Sans', 'Oomus Sans Ext', 'Oomus Sans Arabic'],
  serif: ['Oomus Serif', 'Oomus Serif Ext', 'Oomus Naskh'],
  mono: ['Oomus Mono', 'Oomus Mono Ext', 'Oomus Sans Arabic'],
};

/** Weights each stack has; others are drawn with the nearest one below. */
export const stackWeights: Record<FontRole, FontWeight[]> = { sans: [400, 600, 700], serif: [400, 700], mono: [400, 700] };

const faces = (family: string, pkg: string, prefix: string, weights: FontWeight[]): BundledFont[] =>
  weights.map((weight) => ({ family, pkg, file: `${prefix}-${weight}-normal`, weight }));

export const bundledFonts: BundledFont[] = [
  ...faces('Oomus Sans', '@fontsource/noto-sans', 'noto-sans-latin', [400, 600, 700]),
  ...faces('Oomus Sans Ext', '@fontsource/noto-sans', 'noto-sans-latin-ext', [400, 600, 700]),
  ...faces('Oomus Sans Arabic', '@fontsource/noto-sans-arabic', 'noto-sans-arabic-arabic', [400, 600, 700]),
  ...faces('Oomus Serif', '@fontsource/noto-serif', 'noto-serif-latin', [400, 700]),
  ...faces('Oomus Serif Ext', '@fontsource/noto-serif', 'noto-serif-latin-ext', [400, 700]),
  ...faces('Oomus Naskh', '@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic', [400, 700]),
  ...faces('Oomus Mono', '@fontsource/noto-sans-mono', 'noto-sans-mono-latin', [400, 700]),
  ...faces('Oomus Mono Ext', '@fontsource/noto-sans-mono', 'noto-sans-mono-latin-ext', [400, 700]),
];

export function nearestWeight(role: FontRole, weight: FontWeight): FontWeight {
  const available = stackWeights[role];
  return [...available].reverse().find((w) => w <= weight) ?? available[0]!;
}

/** A CSS font shorthand for the canvas: size in canvas units (millimetres once the context is scaled). */
export function cssFont(role: FontRole, weight: FontWeight, size: number): string {
  return `${nearestWeight(role, weight)} ${size}px ${fontStacks[role].map((f) => `"${f}"`).join(', ')}`;
}
