import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the shield design lands: draws the vital layout.
export const shield: CardTemplate = { ...vital, id: 'shield', description: 'placeholder' };
