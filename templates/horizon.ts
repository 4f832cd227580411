import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the horizon design lands: draws the vital layout.
export const horizon: CardTemplate = { ...vital, id: 'horizon', description: 'placeholder' };
