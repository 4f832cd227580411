import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the sovereign design lands: draws the vital layout.
export const sovereign: CardTemplate = { ...vital, id: 'sovereign', description: 'placeholder' };
