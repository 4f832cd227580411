import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the mothercare design lands: draws the vital layout.
export const mothercare: CardTemplate = { ...vital, id: 'mothercare', description: 'placeholder' };
