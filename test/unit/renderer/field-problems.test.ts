import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDetails } from '../../../electron/core/api/validation';
import { fieldProblem } from '../../../renderer/src/field-problems';
import { translate, type MessageKey } from '../../../renderer/src/i18n';

// A field's problem beside its input: in the user's language by the engine sentence's shape, the sentence
// itself kept in brackets as the detail; a sentence of unknown shape still gets words of the language.

const fr = (key: MessageKey): string => translate('fr', key);
const en = (key: MessageKey): string => translate('en', key);

test('known shapes of the engine\'s sentences get their own words, in French and English', () => {
  const cases: [string, MessageKey][] = [
    ['is required', 'fieldProblems.required'],
    ['must not be before from_date', 'fieldProblems.beforeStart'],
    ['must be one of 300, 450, 600', 'fieldProblems.oneOf'],
    ['must be a colour written #RRGGBB', 'fieldProblems.colour'],
    ['is not a valid web address', 'fieldProblems.address'],
    ['is not a known field', 'fieldProblems.unknown'],
  ];
  for (const [sentence, key] of cases) {
    assert.equal(fieldProblem(fr, sentence), `${fr(key)} (${sentence})`);
    assert.equal(fieldProblem(en, sentence), `${en(key)} (${sentence})`);
    assert.notEqual(fr(key), en(key), key);
  }
  const odd = 'was already used for a different request';
  assert.equal(fieldProblem(fr, odd), `Valeur refusée : corrigez ce champ. (${odd})`);
});

test('the sentences the API\'s validator writes are each worded, none left to the general words', () => {
  const details = toDetails([
    { keyword: 'required', instancePath: '', params: { missingProperty: 'programme_uid' } },
    { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'colour' } },
    { keyword: 'enum', instancePath: '/dpi', params: { allowedValues: [300, 450, 600] } },
  ], 'body');
  assert.equal(details.length, 3);
  for (const d of details) assert.notEqual(fieldProblem(fr, d.problem), `${fr('fieldProblems.other')} (${d.problem})`, d.problem);
});
