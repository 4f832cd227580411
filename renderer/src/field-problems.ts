import type { MessageKey } from './i18n';

// The engine names each refused field in English ("must not be before from_date"). Beside the field the
// screen says it in the user's language, by the problem's shape where it is known, else in general words;
// the engine's sentence follows in brackets as the detail (it names the exact rule).

const shapes: readonly [RegExp, MessageKey][] = [
  [/^is required/, 'fieldProblems.required'],
  [/must not be before/, 'fieldProblems.beforeStart'],
  [/valid date|yyyy-mm-dd|must be a valid (date|full-date)/, 'fieldProblems.date'],
  [/^must be one of /, 'fieldProblems.oneOf'],
  [/^is too long|^must be at most|characters long/, 'fieldProblems.tooLong'],
  [/web address|^must start with http:\/\/ or https:\/\/|web origin/, 'fieldProblems.address'],
  [/phone|number is too (short|long)|digits, spaces/, 'fieldProblems.phone'],
  [/colour written #RRGGBB/, 'fieldProblems.colour'],
  [/^is not a known field|^is not a .* field$/, 'fieldProblems.unknown'],
];

/** The problem's words in the user's language, with the engine's sentence as the detail. */
export function fieldProblem(t: (key: MessageKey) => string, problem: string): string {
  const known = shapes.find(([shape]) => shape.test(problem));
  return `${t(known ? known[1] : 'fieldProblems.other')} (${problem})`;
}
