import type { CardModel, Language } from '../../../../templates/kit/card-model';
import { formatDate, labelsFor } from '../../../../templates/kit/labels';
import { placeholders, type Placeholder } from '../../api/contract/messaging';
import { tokenPrefix } from '../../verify/card-token';

// The text of a message is a template over the card's fields: "Bonjour {first_name}, voici votre carte".
// Anything between single braces is a placeholder and must be a known one; "{{" and "}}" write a brace.


const known = new Set<string>(placeholders);

export type TemplatePart = { text: string } | { placeholder: string };

/** Splits a template into literal text and placeholders (known or not). */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if ((c === '{' && next === '{') || (c === '}' && next === '}')) {
      text += c;
      i++;
      continue;
    }
    if (c === '{') {
      const end = template.indexOf('}', i + 1);
      const inner = end < 0 ? '' : template.slice(i + 1, end);
      if (end > i && !inner.includes('{')) {
        if (text) parts.push({ text });
        text = '';
        parts.push({ placeholder: inner.trim() });
        i = end;
        continue;
      }
    }
    text += c;
  }
  if (text) parts.push({ text });
  return parts;
}

/** The placeholders a template uses that are not known, each once. */
export function unknownPlaceholders(template: string): string[] {
  const names = parseTemplate(template).flatMap((p) => ('placeholder' in p && !known.has(p.placeholder) ? [p.placeholder] : []));
  return [...new Set(names)];
}

/** The value of every placeholder for a card, as a person reads it (dates dd/mm/yyyy, gender in words). */
export function placeholderValues(card: CardModel, language: Language): Record<Placeholder, string> {
  const labels = labelsFor(language);
  const v = (s: string | null | undefined): string => (s ?? '').trim();
  return {
    first_name: v(card.firstName),
    last_name: v(card.lastName),
    full_name: [card.firstName, card.lastName].map(v).filter(Boolean).join(' '),
    programme_name: v(card.programmeName),
    mpi_id: v(card.mpiId),
    enrollment_id: card.enrollmentId,
    date_of_birth: v(formatDate(card.dateOfBirth)),
    gender: card.gender ? labels[card.gender] : '',
    phone_number: v(card.phone),
    health_center: v(card.healthCenter),
    zone: v(card.zone),
    enrollment_date: v(formatDate(card.enrollmentDate)),
    national_id: v(card.nationalId),
    address: v(card.address),
    guardian_name: v(card.guardianName),
    // The signed token the card's QR carries (empty for a card made before cards were signed).
    card_token: card.qrPayload.startsWith(tokenPrefix) ? card.qrPayload : '',
  };
}

/** Fills a template whose placeholders are all known (check with unknownPlaceholders first); a missing value is empty. */
export function renderTemplate(template: string, values: Record<Placeholder, string>): string {
  return parseTemplate(template)
    .map((p) => ('text' in p ? p.text : known.has(p.placeholder) ? values[p.placeholder as Placeholder] : `{${p.placeholder}}`))
    .join('');
}

export const defaultMessage: Record<Language, string> = {
  fr: 'Bonjour {first_name}, voici votre carte {programme_name}. Gardez ce message.',
  en: 'Hello {first_name}, here is your {programme_name} card. Keep this message.',
};
