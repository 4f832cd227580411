import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the nomad design lands: draws the vital layout.
export const nomad: CardTemplate = { ...vital, id: 'nomad', description: 'placeholder' };
