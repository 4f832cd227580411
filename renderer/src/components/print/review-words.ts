import type { ComparisonLevel } from '@contract';
import type { MessageKey } from '../../i18n';

// How the MPI review words one field's comparison. The engine says "missing" whenever a side has no value;
// when neither side has one, "missing on one side" would be wrong: nothing was there to compare.
export function comparisonWords(level: ComparisonLevel, thisValue: string, knownValue: string): MessageKey {
  if (level === 'missing' && !thisValue.trim() && !knownValue.trim()) return 'print.review.emptyBoth';
  return `print.review.level.${level}`;
}
