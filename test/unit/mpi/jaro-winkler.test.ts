import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jaro, jaroWinkler } from '../../../electron/core/mpi/jaro-winkler';

const near = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 0.0015, `${what}: ${actual.toFixed(4)}, expected ${expected}`);

test('Jaro-Winkler gives the published values (Winkler 1990)', () => {
  near(jaroWinkler('MARTHA', 'MARHTA'), 0.961, 'MARTHA/MARHTA');
  near(jaroWinkler('DWAYNE', 'DUANE'), 0.84, 'DWAYNE/DUANE');
  near(jaroWinkler('DIXON', 'DICKSONX'), 0.813, 'DIXON/DICKSONX');
  near(jaro('MARTHA', 'MARHTA'), 0.944, 'Jaro MARTHA/MARHTA');
  near(jaro('DWAYNE', 'DUANE'), 0.822, 'Jaro DWAYNE/DUANE');
});

test('Jaro-Winkler edge cases: identical, empty, nothing in common, symmetric, long strings', () => {
  assert.equal(jaroWinkler('fatou', 'fatou'), 1);
  assert.equal(jaroWinkler('', ''), 1);
  assert.equal(jaroWinkler('fatou', ''), 0);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
  for (const [a, b] of [['diop', 'diouf'], ['aminata', 'amineta'], ['ndeye', 'ndaye'], ['sow', 'sew']] as const) {
    assert.equal(jaroWinkler(a, b), jaroWinkler(b, a), `${a}/${b} symmetric`);
  }
  const long = 'aminata mouhamadou moustapha abdou lahad bousso fatimata'.repeat(3);
  assert.ok(jaroWinkler(long, `${long}x`) > 0.99, 'buffers grow for long strings');
  assert.ok(jaroWinkler('aminata', 'amimata') > 0.9, 'one typo in a long name stays high');
});
