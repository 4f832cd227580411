import { defaultSovereignConfig, fontScaleRange, isHexColour, maxAttrsRange, sovereignColourFields, type SovereignConfig } from '../api/contract/card-templates';
import { AppError, type ErrorDetail } from '../errors';

// `sovereign_config` as people send it: every field optional, each checked, every problem named at once.


export function parseSovereignConfig(input: unknown, template: string, field = 'sovereign_config'): SovereignConfig | undefined {
  if (input === undefined || input === null) return undefined;
  if (template !== 'sovereign') {
    throw new AppError('validation_failed', `${field} applies to the sovereign template only (template is ${template})`, [
      { field, problem: 'only allowed with template "sovereign"' },
    ]);
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('validation_failed', `${field} must be an object`, [{ field, problem: 'must be an object' }]);
  }
  const given = input as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const known = new Set(Object.keys(defaultSovereignConfig));
  for (const key of Object.keys(given)) if (!known.has(key)) problems.push({ field: `${field}.${key}`, problem: 'is not a sovereign_config field' });
  const config: SovereignConfig = { ...defaultSovereignConfig };
  for (const key of sovereignColourFields) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isHexColour(v)) problems.push({ field: `${field}.${key}`, problem: 'must be a colour written #RRGGBB' });
    else config[key] = v.toUpperCase();
  }
  const scale = given.font_scale;
  if (scale !== undefined) {
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < fontScaleRange.min || scale > fontScaleRange.max) {
      problems.push({ field: `${field}.font_scale`, problem: `must be a number from ${fontScaleRange.min} to ${fontScaleRange.max}` });
    } else config.font_scale = scale;
  }
  const attrs = given.max_attrs;
  if (attrs !== undefined) {
    if (typeof attrs !== 'number' || !Number.isInteger(attrs) || attrs < maxAttrsRange.min || attrs > maxAttrsRange.max) {
      problems.push({ field: `${field}.max_attrs`, problem: `must be a whole number from ${maxAttrsRange.min} to ${maxAttrsRange.max}` });
    } else config.max_attrs = attrs;
  }
  if (problems.length) {
    throw new AppError('validation_failed', `${field} is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
  }
  return config;
}
