import type { CardTemplate } from './kit/template';
import { vital } from './vital';

// Placeholder until the aero design lands: draws the vital layout.
export const aero: CardTemplate = { ...vital, id: 'aero', description: 'placeholder' };
