import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hardRegister } from '../../sandbox/hard-register';
import { byKind, hardSet, measure } from './hard-set';

// The MPI on the hard register (test/sandbox/hard-register.ts: common names, twins, siblings, namesakes,
// records without phone or date, a civil register with national ID and address but no phone or sex),
// whose truth comes from the generator alone. The model is estimated from the records first, labels
// unseen, as an office's cache would estimate it. Floors of the MPI issue: precision of auto-links ≥ 0.995,
// recall of auto-links + review ≥ 0.97, review items that are true duplicates ≥ 0.5.

const records = hardSet(16_000, 1);

test('the hard register is what it says: the cases planted, the truth consistent, the civil register without phone or sex, the same for a seed', () => {
  const raw = hardRegister({ persons: 16_000, seed: 1 });
  assert.deepEqual(hardRegister({ persons: 300, seed: 4 }), hardRegister({ persons: 300, seed: 4 }), 'deterministic by seed');
  assert.notDeepEqual(hardRegister({ persons: 300, seed: 4 }), hardRegister({ persons: 300, seed: 5 }));
  const persons = new Map<string, typeof raw>();
  for (const r of raw) persons.set(r.truth, [...(persons.get(r.truth) ?? []), r]);
  const share = (n: number): number => n / persons.size;
  const groupOf = (g: string): number => [...persons.values()].filter((rs) => rs[0]?.group === g).length;
  assert.ok(share(groupOf('twin')) > 0.02, `twins ${groupOf('twin')}`);
  assert.ok(share(groupOf('sibling')) > 0.3, `siblings ${groupOf('sibling')}`);
  assert.ok(share(groupOf('namesake')) > 0.01, `namesakes ${groupOf('namesake')}`);
  // Twins: two persons of one household born the same day, with two first names.
  const twins = raw.filter((r) => r.group === 'twin' && r.kind === 'original' && r.register === 'vaccination' && r.record.phone);
  const pairs = twins.filter((a) => twins.some((b) => b.truth !== a.truth && b.record.phone === a.record.phone && b.record.dateOfBirth === a.record.dateOfBirth));
  assert.ok(pairs.length > 50, `${pairs.length} twins found by phone and date`);
  for (const a of pairs) assert.ok(!twins.some((b) => b.truth !== a.truth && b.record.phone === a.record.phone && b.record.firstName === a.record.firstName), 'twins have two first names');
  // Duplicates: later records of a person share its truth; a quarter of persons have more than one record.
  const multiple = [...persons.values()].filter((rs) => rs.length > 1).length;
  assert.ok(share(multiple) > 0.25 && share(multiple) < 0.6, `${multiple} persons with several records`);
  // The commonest names are common: Fatou and Mamadou alone name over a tenth of the register.
  const common = raw.filter((r) => ['Fatou', 'Mamadou'].includes(r.record.firstName ?? '')).length / raw.length;
  assert.ok(common > 0.1, `${common}`);
  // Records with neither phone nor date, and the civil register's shape.
  const bare = raw.filter((r) => !r.record.phone || !r.record.dateOfBirth).length / raw.length;
  assert.ok(bare > 0.25, `records without phone or date: ${bare}`);
  const civil = raw.filter((r) => r.register === 'civil');
  assert.ok(civil.length / raw.length > 0.2);
  for (const r of civil) assert.deepEqual([r.record.phone, r.record.gender], [null, null]);
  assert.ok(civil.filter((r) => r.record.nationalId && r.record.address !== undefined && r.record.guardianName).length / civil.length > 0.8);
});

test('hard register: precision of auto-links ≥ 0.995, recall of auto-links + review ≥ 0.97, review items true duplicates ≥ 0.5, blocking recall ≥ 0.99', (t) => {
  const { measured, resolution } = measure(records);
  t.diagnostic(JSON.stringify(measured));
  t.diagnostic(JSON.stringify(byKind(records, resolution)));
  assert.ok(measured.true_pairs > 5000, `${measured.true_pairs} true pairs`);
  assert.ok(measured.precision_auto >= 0.995, `precision of auto-links ${measured.precision_auto}`);
  // A review item offers every person the record may be (namesakes): the reviewer picks the right one.
  assert.ok(measured.recall_auto_review >= 0.97, `recall of auto-links + review ${measured.recall_auto_review}`);
  assert.ok(measured.review_true_share >= 0.5, `review items that are true duplicates ${measured.review_true_share}`);
  assert.ok(measured.blocking_recall >= 0.99, `blocking recall ${measured.blocking_recall}`);
});


