import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the emerald design lands: draws the vital layout.
export const emerald: CardTemplate = { ...vital, id: 'emerald', description: 'placeholder' };
