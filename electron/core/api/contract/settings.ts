import type { Language } from '../../../../templates/kit/card-model';

// The languages of the interface, the cards and the default messages: those the card templates word.
export const languages = ['fr', 'en'] as const satisfies readonly Language[];
export type { Language };
