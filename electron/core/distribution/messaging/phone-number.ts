import { countries, countryOf, defaultCountry, type Country } from '../../api/contract/countries';

// Phone numbers as people write them ("77 123 45 67", "+221 77-123-45-67", "00221771234567") turned into
// E.164 (+221771234567). A number without a country code takes the configured default country
// (Senegal unless set otherwise). Countries we know are checked for their national number length and,
// where it is well defined, for a mobile prefix (SMS and WhatsApp need a mobile); other country codes
// get the general E.164 rule (8 to 15 digits, no leading zero).

export type PhoneResult = { ok: true; e164: string; country: string | null } | { ok: false; problem: string };

const byCallingCode = [...countries].sort((a, b) => b.callingCode.length - a.callingCode.length);

function checkNational(country: Country, nsn: string): PhoneResult {
  if (!country.lengths.includes(nsn.length)) {
    return { ok: false, problem: `is not a ${country.name} number: after +${country.callingCode} it needs ${country.lengths.join(' or ')} digits, not ${nsn.length}` };
  }
  if (country.mobile && !country.mobile.test(nsn)) {
    return { ok: false, problem: `is not a ${country.name} mobile number (+${country.callingCode} ${nsn}); SMS and WhatsApp need a mobile` };
  }
  return { ok: true, e164: `+${country.callingCode}${nsn}`, country: country.iso };
}

function international(digits: string): PhoneResult {
  if (digits.startsWith('0')) return { ok: false, problem: 'has no country code after + or 00' };
  const country = byCallingCode.find((c) => digits.startsWith(c.callingCode));
  if (country) {
    let nsn = digits.slice(country.callingCode.length);
    // "+33 (0)6…" style: a trunk prefix written after the country code.
    if (country.trunk && nsn.startsWith(country.trunk) && !country.lengths.includes(nsn.length)) nsn = nsn.slice(country.trunk.length);
    return checkNational(country, nsn);
  }
  if (digits.length < 8 || digits.length > 15) return { ok: false, problem: `is not an international number: E.164 has 8 to 15 digits, not ${digits.length}` };
  return { ok: true, e164: `+${digits}`, country: null };
}

/** E.164 for a number written as people write it; numbers without a country code belong to defaultIso. */
export function normalisePhone(input: string, defaultIso: string = defaultCountry): PhoneResult {
  const raw = input.trim();
  if (!raw) return { ok: false, problem: 'is empty' };
  if (!/^\+?[\d\s.\-()/\u00a0]+$/.test(raw)) return { ok: false, problem: 'may only hold digits, spaces, dots, dashes, brackets and a leading +' };
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  const home = countryOf(defaultIso);
  if (!home) return { ok: false, problem: `cannot be read: the default country ${defaultIso} is not known` };
  let nsn = digits;
  if (home.trunk && nsn.startsWith(home.trunk)) nsn = nsn.slice(home.trunk.length);
  else if (digits.startsWith(home.callingCode) && home.lengths.includes(digits.length - home.callingCode.length)) {
    // "221771234567": the country code written without + or 00.
    nsn = digits.slice(home.callingCode.length);
  }
  return checkNational(home, nsn);
}
