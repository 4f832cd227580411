import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the aurora design lands: draws the vital layout.
export const aurora: CardTemplate = { ...vital, id: 'aurora', description: 'placeholder' };
