import type { Locale } from './i18n';

// Dates as district staff read them: dd/mm/yyyy (French and British English agree), 24-hour clock.
const tag: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-01-15" → "15/01/2026", without any time-zone shift; other text is returned as it is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** "15/01/2026" (also 15.01.2026, 15-01-2026, or ISO 2026-01-15) → "2026-01-15"; null if not a real date. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const [y, m, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!y || !m || !d) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** A UTC timestamp ("…Z") in the computer's local time: "15/05/2026 09:15". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** DHIS2's server date has no zone ("2026-05-15T09:00:00"): shown as the server wrote it. */
export function formatServerDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value);
  if (!m) return value;
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(tag[locale]).format(n);
}

/** 72 → "72 %" in French, "72%" in English. */
export function formatPercent(locale: Locale, n: number): string {
  return new Intl.NumberFormat(tag[locale], { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}

/** 45 → "45 s", 150 → "2 min 30 s", 3900 → "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (h > 0) return min ? `${h} h ${min} min` : `${h} h`;
  const rest = s % 60;
  return rest ? `${min} min ${rest} s` : `${min} min`;
}

const byteUnits: Record<Locale, string[]> = { fr: ['o', 'Ko', 'Mo', 'Go'], en: ['B', 'kB', 'MB', 'GB'] };

/** A size in the language's units, powers of 1000: "2,1 Mo" in French, "2.1 MB" in English. */
export function formatBytes(locale: Locale, bytes: number): string {
  return scaled(locale, bytes, byteUnits[locale]);
}

/** A download rate in bits per second, as links are sold: "480 kbit/s", "3,6 Mbit/s". */
export function formatBitRate(locale: Locale, bytesPerSecond: number): string {
  return scaled(locale, bytesPerSecond * 8, ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s']);
}

function scaled(locale: Locale, value: number, units: string[]): string {
  let v = Math.max(0, value);
  let unit = 0;
  while (v >= 1000 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = unit > 0 && v < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(tag[locale], { maximumFractionDigits: digits }).format(v)} ${units[unit]}`;
}

/** "one" or "other", by the language's own plural rule (French: 0 and 1 are singular). */
export function pluralForm(locale: Locale, n: number): 'one' | 'other' {
  return new Intl.PluralRules(tag[locale]).select(n) === 'one' ? 'one' : 'other';
}
