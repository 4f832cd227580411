import { defaultSovereignConfig, type SovereignConfig } from '../../../../templates/kit/card-model';

// The card designs, resolutions and the sovereign template's settings as the API takes them. The lists
// live with the templates (pure, import-free modules) and are offered here to the UI.

export { templateIds, type TemplateId } from '../../../../templates/kit/template-ids';
export { cardPixels, supportedDpis, type Dpi } from '../../../../templates/kit/units';
export { defaultSovereignConfig, type SovereignConfig };

export const sovereignColourFields = ['accent_hex', 'bg_hex', 'bg_deep_hex'] as const satisfies readonly (keyof SovereignConfig)[];
export type SovereignColourField = (typeof sovereignColourFields)[number];
export const fontScaleRange = { min: 0.8, max: 1.25, step: 0.05 } as const;
export const maxAttrsRange = { min: 0, max: 6 } as const;
export const isHexColour = (v: string): boolean => /^#[0-9A-Fa-f]{6}$/.test(v);
