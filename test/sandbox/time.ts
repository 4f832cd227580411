// DHIS2 sends timestamps in server-local time without a zone. The sandbox's zone is Africa/Dakar (UTC+0),
// so local time is UTC and the ISO string without its 'Z' is exactly what the server would print.

export const day = 86_400_000;

// Formatting is on the hot path of generating 100 000 records. Strings built with fromCharCode are flat;
// template literals would leave a tree of cons-strings per timestamp (about 230 bytes each, all kept alive).
const dayCodes = new Map<number, number[]>();

function prefixCodes(dayNumber: number): number[] {
  let codes = dayCodes.get(dayNumber);
  if (codes === undefined) {
    codes = [...new Date(dayNumber * day).toISOString().slice(0, 11)].map((c) => c.charCodeAt(0));
    dayCodes.set(dayNumber, codes);
  }
  return codes;
}

export function stamp(ms: number): string {
  const d = Math.floor(ms / day);
  const p = prefixCodes(d);
  let rest = ms - d * day;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const f = Math.floor(rest - s * 1000);
  // 48 is '0', 58 ':', 46 '.'; no helper closure here: this runs millions of times.
  return String.fromCharCode(
    p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0, p[4] ?? 0, p[5] ?? 0, p[6] ?? 0, p[7] ?? 0, p[8] ?? 0, p[9] ?? 0, p[10] ?? 0,
    48 + Math.floor(h / 10), 48 + (h % 10), 58, 48 + Math.floor(m / 10), 48 + (m % 10), 58,
    48 + Math.floor(s / 10), 48 + (s % 10), 46, 48 + Math.floor(f / 100), 48 + (Math.floor(f / 10) % 10), 48 + (f % 10),
  );
}

/** Date-only values in timestamp form, as DHIS2 stores enrolledAt: "2024-03-05T00:00:00.000". */
const midnights = new Map<number, string>();
export function midnight(ms: number): string {
  const d = Math.floor(ms / day);
  let value = midnights.get(d);
  if (value === undefined) {
    value = stamp(d * day);
    midnights.set(d, value);
  }
  return value;
}

const dateLike = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A request's date or date-time (with or without zone) as a comparable local timestamp string, or undefined
 * when it is not a date. A zone, if given, is honoured (local time is UTC).
 */
export function parseParamDate(value: string): string | undefined {
  const m = dateLike.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(t)) return undefined;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (z) t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return stamp(t);
}

/** ISO-8601 durations as DHIS2's updatedWithin takes them (P1D, PT12H, P2W …), in milliseconds. */
export function parseDuration(value: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((x) => Number(x ?? 0));
  return ((((y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (mi ?? 0)) * 60_000 + (s ?? 0) * 1000;
}
