import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spellingGroups } from '../../../electron/core/mpi/name-variants';
import { foldName, isShortFormPair, normalisePhone, normaliseSex, parseDate, phoneticKey } from '../../../electron/core/mpi/normalise';

const key = (name: string): string => foldName(name).split(' ').map(phoneticKey).join(' ');

test('names fold: accents, case, hyphens, apostrophes, punctuation, spaces', () => {
  assert.equal(foldName('  Ndèye-Fatou   DIOP '), 'ndeye fatou diop');
  assert.equal(foldName('AÏSSATOU'), 'aissatou');
  assert.equal(foldName("N'Diaye"), 'ndiaye');
  assert.equal(foldName('M’BAYE'), 'mbaye');
  assert.equal(foldName("Mame-Diarra d'Almeida."), 'mame diarra d almeida');
  assert.equal(foldName('Guèye2'), 'gueye');
  assert.equal(foldName('Cœur'), 'coeur');
  assert.equal(foldName(null), '');
  assert.equal(foldName(' - '), '');
  assert.equal(foldName('إبراهيم'), 'ابراهيم', 'Arabic: hamza marks dropped, letters kept');
});

test('the phonetic key joins the spellings West African registers use for one name', () => {
  const same = [
    ['Mouhamed', 'Mohamed', 'Muhammad', 'Mohammed'], ['Ndèye', 'Ndeye', 'Ndaye'], ['Aïssatou', 'Aissatou', 'Aisatou', 'Aissata'],
    ['Ousmane', 'Usman'], ['Abdoulaye', 'Abdulaye'], ['Cheikh', 'Cheick', 'Sheikh'], ['Mamadou', 'Mamadu'], ['Fatou', 'Fatu'],
    ['Ibrahima', 'Ibrahim'], ['Khady', 'Xady', 'Khadi'], ['Coumba', 'Koumba'], ['Awa', 'Aoua'], ['Cissé', 'Sissé', 'Cisse'],
    ['Djibril', 'Jibril'], ['Sarr', 'Sar'], ['Bâ', 'Bah'], ['Thioro', 'Tioro'], ['Mbaye', 'Mbay'], ['Diallo', 'Jallow'],
    ['Seck', 'Sek'], ['Fallou', 'Falou'], ['Guèye', 'Gueye'],
  ];
  for (const names of same) {
    const keys = names.map(key);
    assert.equal(new Set(keys).size, 1, `${names.join(' / ')} → ${keys.join(' / ')}`);
  }
});

test('the phonetic key keeps different names apart', () => {
  const different = [['Fatou', 'Fama'], ['Gaye', 'Guèye'], ['Diop', 'Diouf'], ['Awa', 'Hawa'], ['Modou', 'Mamadou'], ['Fall', 'Faye'],
    ['Aminata', 'Adama'], ['Dieynaba', 'Djénéba'], ['Sow', 'Sy'], ['Ndiaye', 'Ndao'], ['Alioune', 'Aliou']];
  for (const [a, b] of different) assert.notEqual(key(a ?? ''), key(b ?? ''), `${a} / ${b}`);
});

test('every spelling group has one key of its own, and short forms are known pairs', () => {
  const canonical = spellingGroups.map((g) => key(g[0] ?? ''));
  assert.equal(new Set(canonical).size, canonical.length, 'two groups share a key');
  for (const group of spellingGroups) for (const spelling of group) assert.equal(key(spelling), key(group[0] ?? ''), `${spelling} in ${group[0]}`);
  assert.ok(isShortFormPair(key('Modou'), key('Mamadou')));
  assert.ok(isShortFormPair(key('Abdoulaye'), key('Ablaye')));
  assert.ok(!isShortFormPair(key('Modou'), key('Moussa')));
});

test('phones: digits only, +221 / 00221 dropped, the last 9 digits, placeholders refused', () => {
  for (const raw of ['+221 77 123 45 67', '00221 77 123 45 67', '+221771234567', '771234567', '77 123 45 67', '(221) 77-123-45-67']) {
    assert.equal(normalisePhone(raw), '771234567', raw);
  }
  assert.equal(normalisePhone('0033 6 12 34 56 78'), '612345678', 'foreign numbers: still the last 9 digits');
  for (const raw of [null, '', 'néant', '12345', '000000000', '77 777 77 77', '123456789']) assert.equal(normalisePhone(raw), null, String(raw));
});

test('dates: yyyy-mm-dd, a timestamp, or dd/mm/yyyy; impossible dates refused', () => {
  assert.deepEqual(parseDate('2019-03-04'), { year: 2019, month: 3, day: 4 });
  assert.deepEqual(parseDate('2019-03-04T00:00:00.000'), { year: 2019, month: 3, day: 4 });
  assert.deepEqual(parseDate('04/03/2019'), { year: 2019, month: 3, day: 4 });
  for (const raw of [null, '', '2019-02-30', '2019-13-01', '2019-00-10', '19-03-04', 'hier', '0000-01-01']) assert.equal(parseDate(raw), null, String(raw));
});

test('sex: codes and words in French and English; other and unknown count as missing', () => {
  for (const raw of ['F', 'female', 'Féminin', 'femme']) assert.equal(normaliseSex(raw), 'F', raw);
  for (const raw of ['M', 'male', 'Masculin', 'homme']) assert.equal(normaliseSex(raw), 'M', raw);
  for (const raw of ['other', '', null, 'X']) assert.equal(normaliseSex(raw), null, String(raw));
});
