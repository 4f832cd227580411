import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameSimilarity, oneEditApart, prepareName, typoSimilarity } from '../../../electron/core/mpi/names';

// A name with one letter wrong, added, dropped or two neighbours swapped is a typo: close enough to be the
// same name, where Jaro-Winkler alone undersells a slip near the start of a short word.

test('one edit apart: a letter replaced, added or dropped, or two neighbours swapped; nothing else', () => {
  for (const [a, b] of [['babacar', 'bobacar'], ['mamadou', 'mrmadou'], ['moussa', 'mousa'], ['ibrahima', 'ibraaima'], ['dieynaba', 'dieanaba'], ['aminata', 'aminaat'], ['fatou', 'fatuo']]) {
    assert.ok(oneEditApart(a!, b!), `${a} / ${b}`);
    assert.ok(oneEditApart(b!, a!), `${b} / ${a}`);
  }
  for (const [a, b] of [['fatou', 'fatou'], ['mamadou', 'modou'], ['awa', 'adama'], ['aminata', 'aminatou'], ['fatou', 'fatoumata'], ['abcde', 'badce']]) {
    assert.ok(!oneEditApart(a!, b!), `${a} / ${b}`);
  }
});

test('a typo in a name of five letters or more compares as close; shorter names and other names do not gain', () => {
  const sim = (a: string, b: string): number => nameSimilarity(prepareName(a)!, prepareName(b)!);
  assert.equal(sim('Babacar', 'Bobacar'), typoSimilarity);
  assert.ok(sim('Mamadou', 'Mrmadou') >= typoSimilarity);
  // Three or four letters: one letter is too much of the name (Awa / Ava, Fama / Fema stay as they are).
  assert.ok(sim('Fama', 'Fema') < typoSimilarity, `${sim('Fama', 'Fema')}`);
  // Different names, more than one edit apart, keep their own similarity.
  assert.ok(sim('Aminata', 'Adama') < 0.88);
  assert.ok(sim('Ousmane', 'Oumar') < 0.88);
});
