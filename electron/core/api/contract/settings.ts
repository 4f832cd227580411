// The languages of the interface, the cards and the default messages.
export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];
