import { aero } from './aero';
import { aurora } from './aurora';
import { emerald } from './emerald';
import { horizon } from './horizon';
import type { CardTemplate, TemplateId } from './kit/template';
import { mothercare } from './mothercare';
import { nomad } from './nomad';
import { pulse } from './pulse';
import { shield } from './shield';
import { sovereign } from './sovereign';
import { vital } from './vital';

export { templateIds, type TemplateId } from './kit/template';

export const templates: Record<TemplateId, CardTemplate> = { vital, emerald, pulse, mothercare, shield, nomad, aero, horizon, aurora, sovereign };
