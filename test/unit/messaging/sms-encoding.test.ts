import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countSms, gsmSeptets } from '../../../electron/core/api/contract/sms-count';

test('GSM-7: basic table 1 septet, extension table 2, anything else none', () => {
  for (const c of ['@', '£', 'é', 'è', 'à', 'ù', 'Ç', 'Ñ', 'ß', '\n', ' ', 'Z', '¿']) assert.equal(gsmSeptets(c), 1, c);
  for (const c of ['€', '^', '{', '}', '[', ']', '~', '|', '\\', '\f']) assert.equal(gsmSeptets(c), 2, c);
  for (const c of ['ê', 'ç', 'ï', 'ô', 'â', 'û', 'ë', '\t', '\u001b', '😀', 'ɓ', 'ŋ']) assert.equal(gsmSeptets(c), 0, c);
});

test('GSM-7 single message holds 160 septets, concatenated ones 153 each', () => {
  assert.deepEqual(countSms(''), { encoding: 'GSM-7', characters: 0, units: 0, segments: 1, perSegment: 160, remaining: 160, nonGsmCharacters: [] });
  assert.deepEqual(countSms('a'.repeat(160)), { encoding: 'GSM-7', characters: 160, units: 160, segments: 1, perSegment: 160, remaining: 0, nonGsmCharacters: [] });
  assert.deepEqual(countSms('a'.repeat(161)), { encoding: 'GSM-7', characters: 161, units: 161, segments: 2, perSegment: 153, remaining: 145, nonGsmCharacters: [] });
  assert.equal(countSms('a'.repeat(306)).segments, 2);
  assert.equal(countSms('a'.repeat(307)).segments, 3);
});

test('extension characters count two septets and are never split across segments', () => {
  assert.deepEqual([countSms('€'.repeat(80)).units, countSms('€'.repeat(80)).segments], [160, 1]);
  assert.deepEqual([countSms('€'.repeat(81)).units, countSms('€'.repeat(81)).segments], [162, 2]);
  // 152 + € (2) + 152 = 306 septets: exactly two full segments by arithmetic, three because € cannot straddle.
  const s = countSms(`${'a'.repeat(152)}€${'a'.repeat(152)}`);
  assert.equal(s.units, 306);
  assert.equal(s.segments, 3);
  assert.equal(s.remaining, 153 - 1);
});

test('one character outside GSM-7 makes the whole message UCS-2: 70 units single, 67 per segment', () => {
  const fr = countSms('Bonjour Aïssatou, voici votre carte.');
  assert.equal(fr.encoding, 'UCS-2');
  assert.deepEqual(fr.nonGsmCharacters, ['ï']);
  assert.equal(countSms('Née à Thiès le 12/03/1995').encoding, 'GSM-7', 'é, è and à are in the GSM basic table');
  assert.deepEqual(countSms('ê'.repeat(70)).segments, 1);
  assert.deepEqual(countSms('ê'.repeat(71)), { encoding: 'UCS-2', characters: 71, units: 71, segments: 2, perSegment: 67, remaining: 63, nonGsmCharacters: ['ê'] });
  assert.equal(countSms('ê'.repeat(134)).segments, 2);
  assert.equal(countSms('ê'.repeat(135)).segments, 3);
});

test('UCS-2 counts UTF-16 units: an emoji is one character, two units, never split', () => {
  const one = countSms('😀');
  assert.deepEqual([one.characters, one.units, one.segments], [1, 2, 1]);
  assert.equal(countSms('😀'.repeat(35)).segments, 1);
  const s = countSms(`${'ê'.repeat(66)}😀${'ê'.repeat(66)}`);
  assert.equal(s.units, 134);
  assert.equal(s.segments, 3, '66 + 2 does not fit 67: the emoji opens segment two');
});

test('a typical card SMS stays in one GSM-7 segment', () => {
  const s = countSms('Bonjour Aminata, voici votre carte National Vaccination Program. Gardez ce message.\nID MPI : MPI-ABCDEFGH2');
  assert.equal(s.encoding, 'GSM-7');
  assert.equal(s.segments, 1);
});
