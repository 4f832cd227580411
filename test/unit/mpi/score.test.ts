import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MpiIndex } from '../../../electron/core/mpi/mpi-index';
import { prepareRecord, type PersonRecord } from '../../../electron/core/mpi/record';
import { priorModel } from '../../../electron/core/mpi/fs-model';
import { plainContext, scorePair, similarityByField, type FieldScore } from '../../../electron/core/mpi/score';
import { defaultThresholds, type Thresholds } from '../../../electron/core/mpi/thresholds';

const fatou: PersonRecord = { firstName: 'Fatou', lastName: 'Diop', dateOfBirth: '2019-03-14', gender: 'female', phone: '+221 77 123 45 67' };
const aminata: PersonRecord = { firstName: 'Aminata', lastName: 'Ndiaye', dateOfBirth: '1987-06-23', gender: 'female', phone: '76 555 12 34' };

const score = (a: PersonRecord, b: PersonRecord) => scorePair(prepareRecord(a), prepareRecord(b), plainContext(priorModel));
const field = (fields: FieldScore[], name: FieldScore['field']): FieldScore => {
  const f = fields.find((x) => x.field === name);
  assert.ok(f, name);
  return f;
};
/** The decision for `b` when the index holds only `a`. */
const decide = (a: PersonRecord, b: PersonRecord, thresholds?: Thresholds) => MpiIndex.from([{ mpiId: 'MPI-A', record: a }]).match(b, thresholds);

test('the same record, or the same person written differently in the usual ways, is linked', () => {
  assert.equal(decide(fatou, fatou).decision, 'linked');
  const variants: [string, PersonRecord, PersonRecord][] = [
    ['accents and case', aminata, { ...aminata, firstName: 'AMINATA', lastName: 'NDIAYE' }],
    ['phone format', aminata, { ...aminata, phone: '00221765551234' }],
    ['spelling variant', fatou, { ...fatou, firstName: 'Fatu' }],
    ['spelling variant', { ...fatou, firstName: 'Mouhamed', gender: 'male' }, { ...fatou, firstName: 'Mohamed', gender: 'male' }],
    ["N'Diaye", aminata, { ...aminata, lastName: "N'Diaye" }],
    ['no date of birth this time', aminata, { ...aminata, dateOfBirth: null }],
    ['no sex this time', aminata, { ...aminata, gender: null }],
  ];
  for (const [what, a, b] of variants) assert.equal(decide(a, b).decision, 'linked', what);
  // Names, date and sex without a phone: likely (the names' frequencies in a cache decide), a reviewer confirms.
  assert.equal(decide(aminata, { ...aminata, phone: null }).decision, 'review');
});

test('a typo in a name: close, still linked', () => {
  const typo = { ...aminata, firstName: 'Amineta' };
  const s = score(aminata, typo);
  assert.equal(field(s.fields, 'firstName').level, 'close');
  assert.ok((field(s.fields, 'firstName').similarity ?? 0) > 0.9);
  assert.equal(decide(aminata, typo).decision, 'linked');
  assert.equal(decide(aminata, { ...aminata, lastName: 'Ndaiye' }).decision, 'linked', 'two letters swapped');
  assert.equal(decide(aminata, { ...aminata, lastName: 'Ndiye' }).decision, 'linked', 'a dropped letter');
});

test('first and last names swapped: compared crosswise, linked', () => {
  const swapped = { ...fatou, firstName: 'Diop', lastName: 'Fatou' };
  const s = score(fatou, swapped);
  assert.equal(s.swapped, true);
  assert.equal(field(s.fields, 'firstName').comparedWith, 'lastName');
  assert.equal(field(s.fields, 'firstName').level, 'exact');
  const r = decide(fatou, swapped);
  assert.equal(r.decision, 'linked');
  assert.equal(r.swapped, true);
  assert.equal(score(fatou, fatou).swapped, false);
});

test('day and month swapped in the date of birth: recognised, linked', () => {
  const dm = { ...fatou, dateOfBirth: '2019-03-04' };
  const md = { ...fatou, dateOfBirth: '2019-04-03' };
  assert.equal(field(score(dm, md).fields, 'dateOfBirth').level, 'day_month_swap');
  assert.equal(decide(dm, md).decision, 'linked');
  assert.equal(decide({ ...dm, phone: null }, { ...md, phone: null }).decision, 'review', 'without a phone to confirm');
});

test('one wrong digit in the year: recognised; linked with a phone to confirm, reviewed without', () => {
  const wrongYear = { ...aminata, dateOfBirth: '1988-06-23' };
  assert.equal(field(score(aminata, wrongYear).fields, 'dateOfBirth').level, 'one_digit');
  assert.equal(field(score(aminata, { ...aminata, dateOfBirth: '1978-06-23' }).fields, 'dateOfBirth').level, 'one_digit', 'digits swapped');
  assert.equal(field(score(aminata, { ...aminata, dateOfBirth: '1989-06-23' }).fields, 'dateOfBirth').level, 'one_digit');
  assert.equal(decide(aminata, wrongYear).decision, 'linked');
  // Without a phone, names and a year one apart: a reviewer's call.
  assert.equal(decide({ ...aminata, phone: null }, { ...wrongYear, phone: null }).decision, 'review');
});

test('two different persons called Fatou Diop, born on other days: not linked', () => {
  const other = { ...fatou, dateOfBirth: '2017-09-02', phone: '70 987 65 43' };
  assert.equal(decide(fatou, other).decision, 'new');
  assert.equal(field(score(fatou, other).fields, 'dateOfBirth').level, 'different');
  assert.ok(score(fatou, other).score < defaultThresholds.review);
  assert.equal(decide({ ...fatou, phone: null }, { ...other, phone: null }).decision, 'new', 'no phones either');
  assert.equal(decide(fatou, { ...other, dateOfBirth: '2019-07-30' }).decision, 'new', 'same year only');
});

test('sex disagreement is strong evidence against; phone equality strong evidence for', () => {
  const s = score(fatou, { ...fatou, gender: 'male' });
  assert.ok(field(s.fields, 'gender').weight <= -4);
  assert.notEqual(decide(fatou, { ...fatou, gender: 'male', phone: null }).decision, 'linked');
  const samePhone = score({ ...fatou, dateOfBirth: null }, fatou);
  assert.ok(field(samePhone.fields, 'phone').weight >= 8);
  assert.equal(decide({ ...fatou, dateOfBirth: null }, fatou).decision, 'linked', 'names and phone, no date');
  assert.ok(field(score(fatou, { ...fatou, phone: '70 000 11 22' }).fields, 'phone').weight < 0);
});

test('twins or siblings (same family name, date and phone, other first name): a new person, not a typo', () => {
  const awa = { ...fatou, firstName: 'Awa' };
  const r = decide(fatou, awa);
  assert.equal(r.decision, 'new');
  assert.equal(field(r.fields, 'firstName').level, 'different');
  // What a family shares weighs nothing once the first names differ; only the disagreement counts.
  for (const f of ['lastName', 'dateOfBirth', 'phone'] as const) assert.equal(field(r.fields, f).weight, 0, f);
  assert.ok(field(r.fields, 'firstName').weight < -4);
  // The same national ID all the same: one person whose first name was written otherwise.
  const id = { nationalId: '1 234 1990 01234' };
  const sameId = decide({ ...fatou, ...id }, { ...awa, ...id });
  assert.equal(sameId.decision, 'review', 'proposed to a reviewer');
  assert.equal(decide({ ...fatou, ...id }, { ...awa, ...id }, { link: 0.01, review: 0.005 }).reason, 'names_disagree', 'never linked unseen, whatever the threshold');
});

test('missing fields add nothing, and nothing to compare never matches', () => {
  const namesOnly = { firstName: 'Fatou', lastName: 'Diop' };
  const r = decide(namesOnly, namesOnly);
  assert.notEqual(r.decision, 'linked');
  assert.equal(field(r.fields, 'dateOfBirth').level, 'missing');
  assert.equal(field(r.fields, 'dateOfBirth').weight, 0);
  assert.equal(field(r.fields, 'phone').similarity, null);
  const noName = { firstName: null, lastName: '', dateOfBirth: fatou.dateOfBirth ?? null, phone: fatou.phone ?? null };
  assert.equal(score(noName, noName).score, 0);
  assert.equal(decide(noName, noName).decision, 'new');
  assert.equal(decide({}, {}).decision, 'new');
  // A missing phone adds nothing either way: the other fields stand alone.
  assert.equal(score({ ...fatou, phone: null }, fatou).weight, score({ ...fatou, phone: null }, { ...fatou, phone: null }).weight);
});

test('compound first names: a word left out, words joined, words in another order', () => {
  const ndeyeFatou = { ...fatou, firstName: 'Ndèye Fatou' };
  const sim = (a: string, b: string): number => field(score({ ...fatou, firstName: a }, { ...fatou, firstName: b }).fields, 'firstName').similarity ?? 0;
  assert.ok(sim('Ndèye Fatou', 'Fatou') >= 0.85, 'an honorific dropped');
  assert.ok(sim('Abdou Lahad', 'Abdoulahad') >= 0.95, 'joined');
  assert.ok(sim('Mame Diarra', 'Diarra Mame') >= 0.95, 'order');
  assert.ok(sim('Mame Diarra', 'Mame Coumba') < 0.8, 'a different second name');
  assert.equal(decide(ndeyeFatou, fatou).decision, 'linked');
  const long = 'Aminata Mouhamadou Moustapha Abdou Lahad Bousso';
  assert.ok(sim(long, long.replace('Moustapha', 'Moustafa')) > 0.95, 'a typo in a long compound name');
});

test('scores stay in [0, 1] and rank by evidence', () => {
  const pairs: [PersonRecord, PersonRecord][] = [[fatou, fatou], [fatou, aminata], [fatou, { ...fatou, gender: 'male', dateOfBirth: '1950-01-02' }], [{}, fatou]];
  for (const [a, b] of pairs) {
    const s = score(a, b);
    assert.ok(s.score >= 0 && s.score <= 1, String(s.score));
  }
  assert.ok(score(fatou, fatou).weight > score(fatou, { ...fatou, firstName: 'Fatoumata' }).weight);
  assert.ok(score(fatou, aminata).score < 0.01);
});

test('per-field similarities flatten for a review item; missing fields are left out', () => {
  const s = score(fatou, { ...fatou, firstName: 'Fatu', phone: null });
  assert.deepEqual(similarityByField(s.fields), { firstName: 0.96, lastName: 1, dateOfBirth: 1, gender: 1 });
});
