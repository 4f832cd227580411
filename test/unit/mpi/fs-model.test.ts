import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareAddresses, prepareAddress } from '../../../electron/core/mpi/address';
import { weightsOf } from '../../../electron/core/mpi/fs-model';
import { MpiIndex } from '../../../electron/core/mpi/mpi-index';
import type { PersonRecord } from '../../../electron/core/mpi/record';
import { labelledSet } from './labelled-set';

// The Fellegi–Sunter model as estimated from a cache (no labels used), term frequencies, and the fields
// beyond names, date, sex and phone: national ID, address, guardian, health centre, household phones.

const field = (r: { fields: { field: string; level: string; weight: number }[] }, name: string) => {
  const f = r.fields.find((x) => x.field === name);
  assert.ok(f, name);
  return f;
};

test('EM on the cache, without its labels, finds weights that make sense and the true share of matching pairs', () => {
  const records = labelledSet(12_000, 5);
  const index = new MpiIndex();
  records.forEach((r, i) => index.add({ mpiId: `R${i}`, record: r.record }));
  const model = index.estimate(new Date('2026-12-05T00:00:00Z'));
  assert.equal(model.source, 'estimated');
  assert.equal(model.records, records.length);
  assert.deepEqual(model.sessions.map((s) => s.name), ['same date of birth', 'same names']);
  const w = weightsOf(model);
  // Agreement for, disagreement against, and the strong identifiers strongest.
  for (const f of ['firstName', 'lastName', 'dateOfBirth'] as const) assert.ok((w[f][0] as number) > 4 && (w[f].at(-1) as number) < -3, `${f}: ${w[f].join(' ')}`);
  assert.ok((w.dateOfBirth[0] as number) > (w.firstName[0] as number), 'a date agreeing says more than a first name');
  assert.ok((w.phone[0] as number) > 15, `phone ${w.phone.join(' ')}`);
  assert.ok((w.gender[1] as number) < -3, 'sex disagreeing is strong evidence against');
  // λ: the probability two random records are one person, against the truth the labels know.
  const size = new Map<string, number>();
  for (const r of records) size.set(r.truth, (size.get(r.truth) ?? 0) + 1);
  let truePairs = 0;
  for (const n of size.values()) truePairs += (n * (n - 1)) / 2;
  const trueLambda = truePairs / ((records.length * (records.length - 1)) / 2);
  assert.ok(model.lambda > trueLambda / 2 && model.lambda < trueLambda * 2, `λ ${model.lambda} vs ${trueLambda}`);
});

test('term frequencies: agreeing on a common name weighs less than on a rare one', () => {
  const index = new MpiIndex();
  // A cache where Fatou Diop is common and Ramatoulaye Thiongane is not.
  for (let i = 0; i < 3000; i++) {
    const common = i % 10 === 0;
    index.add({ mpiId: `P${i}`, record: { firstName: common ? 'Fatou' : `Name${i.toString(36)}`, lastName: common ? 'Diop' : `Family${(i * 7).toString(36)}`, dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 9}` } });
  }
  const rare: PersonRecord = { firstName: 'Ramatoulaye', lastName: 'Thiongane', dateOfBirth: '2001-04-12', gender: 'female' };
  const usual: PersonRecord = { firstName: 'Fatou', lastName: 'Diop', dateOfBirth: '2001-04-12', gender: 'female' };
  index.add({ mpiId: 'RARE', record: rare });
  index.add({ mpiId: 'USUAL', record: usual });
  const r = index.match(rare);
  const u = index.match(usual);
  assert.equal(r.candidate?.mpiId, 'RARE');
  assert.equal(u.candidate?.mpiId, 'USUAL');
  assert.ok(field(r, 'firstName').weight > field(u, 'firstName').weight + 2, `${field(r, 'firstName').weight} vs ${field(u, 'firstName').weight}`);
  assert.ok(field(r, 'lastName').weight > field(u, 'lastName').weight + 2);
  assert.ok(r.score > u.score);
});

test('national ID: exact, one digit or two neighbours swapped, different; it links a person with no phone, sex or date', () => {
  const base: PersonRecord = { firstName: 'Mamadou', lastName: 'Ba', nationalId: '1 751 1990 01234', address: '12 Rue Carnot, Médina' };
  const index = MpiIndex.from([{ mpiId: 'MPI-ID', record: base }]);
  const level = (id: string) => field(index.match({ ...base, nationalId: id }), 'nationalId').level;
  assert.equal(level('1751199001234'), 'exact');
  assert.equal(level('1751199001235'), 'one_digit');
  assert.equal(level('1751199002134'), 'one_digit', 'two neighbours swapped');
  assert.equal(level('2899199955555'), 'different');
  assert.equal(index.match({ ...base, nationalId: '1751-1990-01234', address: null }).decision, 'linked');
  assert.equal(index.match({ ...base, nationalId: '1751199001235' }).decision, 'linked', 'one digit wrong, the address and names agree');
  assert.notEqual(index.match({ ...base, nationalId: '2899199955555', address: null }).decision, 'linked', 'another ID: not linked unseen');
  // Blocking finds it by the ID even when both names were written otherwise.
  assert.ok(index.candidates({ firstName: 'Mouhamadou', lastName: 'Bah', nationalId: '1751199001243' }).some((c) => c.mpiId === 'MPI-ID'));
});

test('addresses: number, street and place, abbreviations and word order ignored', () => {
  const a = prepareAddress('12 Rue Carnot, Médina')!;
  const level = (text: string) => compareAddresses(a, prepareAddress(text)!).level;
  assert.equal(level('12 r. carnot medina'), 'exact');
  assert.equal(level('Rue Carnot 12 Médina'), 'exact');
  assert.equal(level('12 rue Carnot'), 'close');
  assert.equal(level('Médina'), 'locality');
  assert.equal(level('5 Rue Blanchot, Médina'), 'locality');
  assert.equal(level('Villa 40, Sicap Liberté 2'), 'different');
  assert.equal(prepareAddress('  ,  '), null);
});

test('a phone several persons give (a household\'s) is its own level, weaker than a person\'s own', () => {
  const index = new MpiIndex();
  const mother = '+221 77 400 10 10';
  index.add({ mpiId: 'KID1', record: { firstName: 'Awa', lastName: 'Sow', dateOfBirth: '2018-02-02', phone: mother } });
  index.add({ mpiId: 'KID2', record: { firstName: 'Moussa', lastName: 'Sow', dateOfBirth: '2020-06-06', phone: mother } });
  index.add({ mpiId: 'ALONE', record: { firstName: 'Khady', lastName: 'Fall', dateOfBirth: '2019-03-03', phone: '+221 76 222 33 44' } });
  const household = index.match({ firstName: 'Awa', lastName: 'Sow', dateOfBirth: '2018-02-02', phone: mother });
  const own = index.match({ firstName: 'Khady', lastName: 'Fall', dateOfBirth: '2019-03-03', phone: '762223344' });
  assert.equal(field(household, 'phone').level, 'household');
  assert.equal(field(own, 'phone').level, 'same');
  assert.ok(field(household, 'phone').weight < field(own, 'phone').weight);
});
