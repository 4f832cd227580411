import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the pulse design lands: draws the vital layout.
export const pulse: CardTemplate = { ...vital, id: 'pulse', description: 'placeholder' };
