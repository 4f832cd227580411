import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBitRate, formatBytes } from '../../../renderer/src/format';

// The Sync screen's link line: sizes in each language's units (powers of 1000), rates in bits as links are sold.

test('sizes and rates in French and English', () => {
  assert.equal(formatBytes('fr', 950), '950 o');
  assert.equal(formatBytes('fr', 13_400), '13 Ko');
  assert.equal(formatBytes('fr', 2_050_000), '2,1 Mo');
  assert.equal(formatBytes('en', 2_050_000), '2.1 MB');
  assert.equal(formatBytes('en', 106_830_000), '107 MB');
  assert.equal(formatBitRate('fr', 8_100), '65 kbit/s');
  assert.equal(formatBitRate('fr', 450_000), '3,6 Mbit/s');
  assert.equal(formatBitRate('en', 450_000), '3.6 Mbit/s');
  assert.equal(formatBitRate('en', 50), '400 bit/s');
});
