import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MpiIndex, type IndexedPerson } from '../../../electron/core/mpi/mpi-index';
import type { PersonRecord } from '../../../electron/core/mpi/record';
import { checkThresholds, decisionStatus, defaultThresholds } from '../../../electron/core/mpi/thresholds';
import { labelledSet } from './labelled-set';

const fatou: PersonRecord = { firstName: 'Fatou', lastName: 'Diop', dateOfBirth: '2019-03-04', gender: 'female', phone: '+221 77 123 45 67' };

// Persons of the sandbox population: first records only (no planted duplicates among them).
const population = labelledSet(3000, 11);
const originals = population.filter((r) => r.truth === r.uid);

const replaceAt = (s: string, i: number, ch: string): string => s.slice(0, i) + (s[i] === ch ? 'q' : ch) + s.slice(i + 1);

/** One slip at a time, as a second register would make it. */
function slips(r: PersonRecord): [string, PersonRecord][] {
  const out: [string, PersonRecord][] = [];
  const first = r.firstName ?? '';
  const last = r.lastName ?? '';
  out.push(['first letter of the first name', { ...r, firstName: replaceAt(first, 0, 'z') }]);
  out.push(['typo in the first name', { ...r, firstName: replaceAt(first, 2, 'e') }]);
  out.push(['typo in the last name', { ...r, lastName: replaceAt(last, 1, 'a') }]);
  out.push(['first letter of the last name', { ...r, lastName: replaceAt(last, 0, 'z') }]);
  out.push(['names swapped', { ...r, firstName: last, lastName: first }]);
  out.push(['no sex', { ...r, gender: null }]);
  if (r.phone) out.push(['phone written otherwise', { ...r, phone: `00221${r.phone.replace(/\D/g, '').slice(-9)}` }]);
  const m = r.dateOfBirth ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.dateOfBirth) : null;
  if (m) {
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    if (Number(d) <= 12 && d !== mo) out.push(['day and month swapped', { ...r, dateOfBirth: `${y}-${d}-${mo}` }]);
    out.push(['a wrong digit in the day', { ...r, dateOfBirth: `${y}-${mo}-${d === '01' ? '02' : d === '11' ? '12' : `${d[0]}1`}` }]);
    out.push(['a wrong digit in the year', { ...r, dateOfBirth: `${Number(y) + (y.endsWith('9') ? -1 : 1)}-${mo}-${d}` }]);
    out.push(['no date of birth', { ...r, dateOfBirth: null }]);
  }
  return out;
}

test('blocking: a second record with any one slip shares a block with the first, even without phones', () => {
  const index = MpiIndex.from(originals.map((r) => ({ mpiId: r.uid, record: r.record })));
  let checked = 0;
  for (const o of originals.slice(0, 400)) {
    if (!/^[\p{Script=Latin} '-]+$/u.test(`${o.record.firstName}${o.record.lastName}`)) continue;
    for (const phoneless of [false, true]) {
      // Without a phone or a date, only the names block (first letters of each): such a pair could at best
      // go to review, since nothing but names would confirm it.
      if (phoneless && !o.record.dateOfBirth) continue;
      const base = phoneless ? { ...o.record, phone: null } : o.record;
      const target = phoneless ? MpiIndex.from([{ mpiId: o.uid, record: base }]) : index;
      for (const [what, variant] of slips(base)) {
        const found = target.candidates(variant).some((c) => c.mpiId === o.uid);
        assert.ok(found, `${what}${phoneless ? ' (no phones)' : ''}: ${JSON.stringify(base)} → ${JSON.stringify(variant)}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 3000, `${checked} slips checked`);
});

test('blocking keeps the cost per record small: blocks, not the whole index', () => {
  const index = MpiIndex.from(originals.map((r) => ({ mpiId: r.uid, record: r.record })));
  let compared = 0;
  const queries = population.slice(0, 1000);
  for (const q of queries) compared += index.match(q.record).compared;
  assert.ok(compared / queries.length < 10, `${compared / queries.length} comparisons per record for ${index.size} persons`);
});

test('match: linked, review and new, with the candidate, its score and the score per field', () => {
  const index = new MpiIndex();
  const first = index.match(fatou);
  assert.deepEqual([first.decision, first.status, first.reason, first.candidate, first.score], ['new', 'mpi_created', 'no_candidate', null, 0]);
  index.add({ mpiId: 'MPI-FATOU', record: fatou });
  const again = index.match({ ...fatou, firstName: 'Fatu', phone: '771234567' });
  assert.equal(again.decision, 'linked');
  assert.equal(again.status, decisionStatus.linked);
  assert.equal(again.candidate?.mpiId, 'MPI-FATOU');
  assert.deepEqual(again.candidate?.record, fatou);
  assert.deepEqual(again.fields.map((f) => f.field), ['firstName', 'lastName', 'dateOfBirth', 'gender', 'phone', 'nationalId', 'address', 'guardianName', 'healthCenter']);
  assert.ok(again.fields.every((f) => typeof f.weight === 'number' && typeof f.level === 'string'));
  // Day and month swapped, no phone to confirm: likely, not certain.
  const unsure = index.match({ ...fatou, phone: null, dateOfBirth: '2019-04-03' });
  assert.equal(unsure.decision, 'review');
  assert.equal(unsure.status, 'mpi_pending_review');
  assert.ok(unsure.score >= defaultThresholds.review && unsure.score < defaultThresholds.link);
  assert.equal(index.match({ ...fatou, firstName: 'Aminata', dateOfBirth: '1990-01-02', phone: null }).decision, 'new');
});

test('a linked record adds its spelling: later records match whichever they resemble most', () => {
  const index = MpiIndex.from([{ mpiId: 'MPI-A', record: { firstName: 'Aïssatou', lastName: 'Ndiaye', dateOfBirth: '1990-05-17', gender: 'F', phone: '776665544' } }]);
  const second: PersonRecord = { firstName: 'Aissatou', lastName: 'Njie', dateOfBirth: '1990-05-17', gender: 'F', phone: '77 666 55 44' };
  assert.equal(index.match(second).decision, 'linked');
  index.add({ mpiId: 'MPI-A', record: second });
  const third = index.match({ ...second, phone: '+221 77 666 55 44' });
  assert.equal(third.decision, 'linked');
  assert.equal(third.candidate?.record, second, 'the closest record of the person is the one compared');
  assert.equal(third.fields.find((f) => f.field === 'lastName')?.level, 'exact');
  assert.equal(index.size, 2);
  assert.equal(index.personCount, 1);
});

test('two persons equally close: review (ambiguous), never a guess', () => {
  const index = MpiIndex.from([{ mpiId: 'MPI-1', record: fatou }, { mpiId: 'MPI-2', record: fatou }]);
  const r = index.match(fatou);
  assert.equal(r.decision, 'review');
  assert.equal(r.reason, 'ambiguous');
  assert.equal(r.alternatives.length, 1);
  assert.equal(r.alternatives[0]?.candidate.mpiId, r.candidate?.mpiId === 'MPI-1' ? 'MPI-2' : 'MPI-1');
});

test('persons are plain JSON: an index rebuilt from its saved records decides the same', () => {
  const index = MpiIndex.from(originals.slice(0, 500).map((r) => ({ mpiId: r.uid, record: r.record })));
  const saved = JSON.stringify(index.records());
  const restored = MpiIndex.from(JSON.parse(saved) as IndexedPerson[]);
  assert.equal(restored.size, index.size);
  for (const q of population.slice(0, 600)) {
    const [a, b] = [index.match(q.record), restored.match(q.record)];
    assert.deepEqual([b.decision, b.candidate?.mpiId, b.score], [a.decision, a.candidate?.mpiId, a.score]);
  }
});

test('thresholds are configurable and checked', () => {
  const index = MpiIndex.from([{ mpiId: 'MPI-1', record: fatou }]);
  const unsure = { ...fatou, phone: null, dateOfBirth: '2019-04-03' };
  const p = index.match(unsure).score;
  assert.equal(index.match(unsure).decision, 'review');
  assert.equal(index.match(unsure, { link: p - 0.01, review: 0.1 }).decision, 'linked');
  assert.equal(index.match(unsure, { link: 0.999, review: p + 0.001 }).decision, 'new');
  for (const bad of [{ link: 0.5, review: 0.6 }, { link: 1, review: 0.5 }, { link: 0.8, review: 0 }, { link: Number.NaN, review: 0.3 }]) {
    assert.throws(() => checkThresholds(bad), RangeError);
    assert.throws(() => index.match(fatou, bad), RangeError);
  }
  assert.ok(defaultThresholds.review < defaultThresholds.link);
});

test('an oversized block (a placeholder phone shared by many) is not scanned; other keys still find the person', () => {
  const shared = '+221 77 000 11 22';
  const persons = Array.from({ length: 30 }, (_, i) => ({ mpiId: `MPI-${i}`, record: { ...originals[i]?.record, phone: shared } }));
  const index = MpiIndex.from(persons, { maxBlock: 10 });
  const stranger = { firstName: 'Zz', lastName: 'Yy', dateOfBirth: '2001-02-03', phone: shared };
  assert.equal(index.match(stranger).compared, 0);
  const known = persons[3]?.record ?? {};
  assert.equal(index.match(known).candidate?.mpiId, 'MPI-3');
});

test('namesakes each too unlikely alone, likely together: review, offering them all; alone, a new person', () => {
  const bare = { firstName: 'Fatou', lastName: 'Diallo', dateOfBirth: null, gender: 'female' as const, phone: null, healthCenter: 'Centre de santé Médina' };
  const known = ['2019-03-04', '2017-11-20', '2021-06-02', '2015-01-30'].map((d, i) => ({ mpiId: `MPI-${i}`, record: { ...bare, dateOfBirth: d, phone: `77123450${i}` } }));
  const index = MpiIndex.from(known);
  const one = index.match(bare);
  assert.ok(one.score > 0.05 && one.score < 0.3, `each about ${one.score}`);
  const together = index.match(bare, { link: 0.99, review: 0.3 });
  assert.equal(together.decision, 'review');
  assert.equal(together.reason, 'namesakes');
  assert.deepEqual([together.candidate?.mpiId, ...together.alternatives.map((a) => a.candidate.mpiId)].sort(), known.map((k) => k.mpiId));
  for (const a of together.alternatives) assert.ok(a.fields.some((f) => f.field === 'firstName' && f.level === 'exact'));
  const alone = MpiIndex.from(known.slice(0, 1)).match(bare, { link: 0.99, review: 0.3 });
  assert.deepEqual([alone.decision, alone.reason, alone.alternatives.length], ['new', 'below_review', 0]);
});
