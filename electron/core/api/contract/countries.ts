// The countries the phone numbers of messages are checked for: the UI lists them as the default country,
// the engine normalises numbers with them.

export interface Country {
  iso: string;
  name: string;
  callingCode: string;
  /** Lengths of the national significant number (without trunk prefix). */
  lengths: number[];
  /** National trunk prefix dropped after the country code ("0" in Ghana, France…). */
  trunk?: string;
  /** Mobile numbers, on the national significant number. */
  mobile?: RegExp;
}

// West Africa first (where the app is used), then neighbours and common destinations.
export const countries: readonly Country[] = [
  { iso: 'SN', name: 'Senegal', callingCode: '221', lengths: [9], mobile: /^7[05-8]\d{7}$/ },
  { iso: 'ML', name: 'Mali', callingCode: '223', lengths: [8] },
  { iso: 'BF', name: 'Burkina Faso', callingCode: '226', lengths: [8] },
  { iso: 'CI', name: "Côte d'Ivoire", callingCode: '225', lengths: [10], mobile: /^0[157]\d{8}$/ },
  { iso: 'GN', name: 'Guinea', callingCode: '224', lengths: [9], mobile: /^6\d{8}$/ },
  { iso: 'NE', name: 'Niger', callingCode: '227', lengths: [8] },
  { iso: 'TG', name: 'Togo', callingCode: '228', lengths: [8] },
  { iso: 'BJ', name: 'Benin', callingCode: '229', lengths: [8, 10] },
  { iso: 'GM', name: 'Gambia', callingCode: '220', lengths: [7] },
  { iso: 'GW', name: 'Guinea-Bissau', callingCode: '245', lengths: [7, 9] },
  { iso: 'MR', name: 'Mauritania', callingCode: '222', lengths: [8] },
  { iso: 'CV', name: 'Cabo Verde', callingCode: '238', lengths: [7] },
  { iso: 'GH', name: 'Ghana', callingCode: '233', lengths: [9], trunk: '0' },
  { iso: 'NG', name: 'Nigeria', callingCode: '234', lengths: [8, 10], trunk: '0' },
  { iso: 'LR', name: 'Liberia', callingCode: '231', lengths: [7, 8, 9], trunk: '0' },
  { iso: 'SL', name: 'Sierra Leone', callingCode: '232', lengths: [8], trunk: '0' },
  { iso: 'CM', name: 'Cameroon', callingCode: '237', lengths: [9], mobile: /^6\d{8}$/ },
  { iso: 'MA', name: 'Morocco', callingCode: '212', lengths: [9], trunk: '0' },
  { iso: 'FR', name: 'France', callingCode: '33', lengths: [9], trunk: '0', mobile: /^[67]\d{8}$/ },
  { iso: 'GB', name: 'United Kingdom', callingCode: '44', lengths: [10], trunk: '0', mobile: /^7\d{9}$/ },
  { iso: 'US', name: 'United States / Canada', callingCode: '1', lengths: [10] },
];

export const defaultCountry = 'SN';

export const countryOf = (iso: string): Country | undefined => countries.find((c) => c.iso === iso.toUpperCase());
