import type { TemplateId } from '@contract';

/** The name people know a template by, the same in every language: its id, capitalised ("Vital"). */
export const templateName = (id: TemplateId): string => id.charAt(0).toUpperCase() + id.slice(1);
