// The card templates and resolutions the Cards screen offers. Mirrors templates/kit/template.ts and
// templates/kit/units.ts (the renderer does not compile the template kit; the Cards e2e test checks the
// two lists agree). The core validates: these lists only drive the screen.

export const cardTemplateIds = ['vital', 'emerald', 'pulse', 'mothercare', 'shield', 'nomad', 'aero', 'horizon', 'aurora', 'sovereign'] as const;
export type CardTemplateId = (typeof cardTemplateIds)[number];

/** The names people know the templates by (the same in every language). */
export const cardTemplateNames: Record<CardTemplateId, string> = {
  vital: 'Vital',
  emerald: 'Emerald',
  pulse: 'Pulse',
  mothercare: 'Mothercare',
  shield: 'Shield',
  nomad: 'Nomad',
  aero: 'Aero',
  horizon: 'Horizon',
  aurora: 'Aurora',
  sovereign: 'Sovereign',
};

export const cardDpis = [300, 450, 600] as const;
export type CardDpi = (typeof cardDpis)[number];

/** CR80 is 85.60 × 53.98 mm: its pixel size at a DPI, as the core renders it. */
export function cardPixels(dpi: number): { width: number; height: number } {
  const px = (mm: number): number => Math.round((mm / 25.4) * dpi);
  return { width: px(85.6), height: px(53.98) };
}

/** sovereign_config as the core defaults it. */
export const sovereignDefaults = { accent_hex: '#D4AF37', bg_hex: '#0D1B2A', bg_deep_hex: '#060E1A', font_scale: 1, max_attrs: 4 } as const;
export const sovereignColourFields = ['accent_hex', 'bg_hex', 'bg_deep_hex'] as const;
export type SovereignColourField = (typeof sovereignColourFields)[number];
export const fontScaleRange = { min: 0.8, max: 1.25, step: 0.05 } as const;
export const maxAttrsRange = { min: 0, max: 6 } as const;
export const isHexColour = (v: string): boolean => /^#[0-9A-Fa-f]{6}$/.test(v);
