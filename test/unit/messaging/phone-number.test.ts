import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalisePhone } from '../../../electron/core/distribution/messaging/phone-number';

const e164 = (input: string, country?: string): string => {
  const r = normalisePhone(input, country);
  assert.ok(r.ok, `${input}: ${r.ok ? '' : r.problem}`);
  return r.e164;
};
const problem = (input: string, country?: string): string => {
  const r = normalisePhone(input, country);
  assert.ok(!r.ok, `${input} should be refused, got ${r.ok ? r.e164 : ''}`);
  return r.problem;
};

test('Senegal by default: the ways people write a mobile number all give +221…', () => {
  for (const input of ['77 123 45 67', '771234567', '77-123-45-67', '77.123.45.67', '(77) 123 45 67', '+221 77 123 45 67', '+221771234567',
    '00221 77 123 45 67', '221771234567', ' 77 123 45 67 ', '77\u00a0123\u00a045\u00a067']) {
    assert.equal(e164(input), '+221771234567', input);
  }
  assert.equal(e164('76 000 00 00'), '+221760000000');
});

test('invalid numbers are refused with a reason', () => {
  assert.match(problem('12345'), /Senegal.*9 digits, not 5/);
  assert.match(problem('77 123 45 6'), /9 digits, not 8/);
  assert.match(problem('77 123 45 678'), /9 digits, not 10/);
  assert.match(problem('33 823 45 67'), /not a Senegal mobile/);
  assert.match(problem('+221 33 823 45 67'), /not a Senegal mobile/);
  assert.match(problem('abc'), /only hold digits/);
  assert.match(problem('77 123 45 67 ext 2'), /only hold digits/);
  assert.match(problem(''), /empty/);
  assert.match(problem('+0123456789'), /no country code/);
  assert.match(problem('+99 1'), /8 to 15 digits/);
});

test('another default country, trunk prefixes, and numbers of other countries', () => {
  assert.equal(e164('07 07 12 34 56', 'CI'), '+2250707123456');
  assert.equal(e164('024 123 4567', 'GH'), '+233241234567');
  assert.equal(e164('76 12 34 56', 'ML'), '+22376123456');
  assert.equal(e164('+33 6 12 34 56 78'), '+33612345678');
  assert.equal(e164('+33 (0)6 12 34 56 78'), '+33612345678');
  assert.equal(e164('+49 151 23456789'), '+4915123456789', 'unknown to the table: the general E.164 rule');
  assert.equal(e164('0044 7911 123456'), '+447911123456');
  assert.match(problem('77 123 45 67', 'XX'), /default country XX/);
});
