import { languages, type Language } from '@contract';
import { en } from './en';
import { fr, type Messages } from './fr';

/** The interface speaks the languages the core words cards and messages in. */
export const locales = languages;
export type Locale = Language;
export const defaultLocale: Locale = 'fr';

const catalogues: Record<Locale, Messages> = { fr, en };

// "a.b.c" paths that lead to a string in the catalogue, so a typo in a key is a type error.
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;
/** Keys with "one" and "other" forms ("sync.total" for "sync.total.one" / "sync.total.other"). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  let node: unknown = catalogues[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);
