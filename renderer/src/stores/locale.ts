import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useApi } from '../api';
import { wordFieldProblemsWith } from '../api-error';
import { fieldProblem } from '../field-problems';
import { formatNumber, formatPercent, pluralForm } from '../format';
import { defaultLocale, isLocale, translate, type Locale, type MessageKey, type PluralKey } from '../i18n';

// The core's settings hold the language (LAN clients and later SMS texts follow it); localStorage keeps a
// copy so the first paint is already in the right language, and so a browser without a token still works.
const storageKey = 'oomus.locale';

export const useLocaleStore = defineStore('locale', () => {
  const saved = localStorage.getItem(storageKey);
  const locale = ref<Locale>(isLocale(saved) ? saved : defaultLocale);
  document.documentElement.lang = locale.value;

  function apply(next: Locale): void {
    locale.value = next;
    localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
  }
  async function load(): Promise<void> {
    try {
      apply((await useApi().call('GET /dhis2/settings')).language);
    } catch {
      // No token yet in a browser, or the core is down: keep the local choice.
    }
  }
  /** The last language change sent to the core (cards are worded in the core's language). */
  let saving: Promise<unknown> = Promise.resolve();
  function setLocale(next: Locale): void {
    apply(next);
    saving = useApi().call('POST /dhis2/settings', { body: { language: next } }).catch(() => undefined);
  }
  /** Resolves once the core has the language last chosen here (or failed to save it). */
  const whenSaved = (): Promise<unknown> => saving;
  const t = (key: MessageKey, vars?: Record<string, string>): string => translate(locale.value, key, vars);
  /** The singular or plural form for n, with {count} filled in as a formatted number. */
  const tn = (key: PluralKey, n: number, vars: Record<string, string> = {}): string =>
    translate(locale.value, `${key}.${pluralForm(locale.value, n)}` as MessageKey, { count: formatNumber(locale.value, n), ...vars });
  /** A number written the language's way ("12 450" in French). */
  const n = (value: number): string => formatNumber(locale.value, value);

  const pct = (value: number): string => formatPercent(locale.value, value);
  // Problems beside fields follow the language chosen here.
  wordFieldProblemsWith((problem) => fieldProblem(t, problem));

  return { locale, load, setLocale, whenSaved, t, tn, n, pct };
});
