import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import type { App } from '../../electron/core/app';
import { newMpiId } from '../../electron/core/mpi/mpi-id';
import { decodePng, programmeUid, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';

// Managing persons through the API on real SQLite: splitting an enrollment off the person it was wrongly
// linked to (a new MPI ID, its signed card revoked), merging two persons (the other MPI ID answers as an
// alias where it is typed or scanned), "not the same person" remembered, the review queue page by page in
// either order, and the audit trail of every link, decision, split and merge.

let app: App;
let close: () => Promise<void>;
before(async () => {
  ({ app, close } = await syncedApp({ enrollments: 240 }));
  const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.match((await waitForTask(app, (started.body as any).task_id)).status, /^completed/);
});
after(() => close());

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const res = await app.dispatch(method, path, body);
  return { status: res.status, body: res.body };
};
/** A person with at least two enrollments (a planted duplicate the generation linked). */
const personWithTwo = (skip: string[] = []): { mpiId: string; enrollments: string[] } => {
  const row = app.db.prepare(`SELECT mpi_id, group_concat(enrollment_uid) AS uids FROM mpi_links GROUP BY mpi_id HAVING count(*) >= 2 ORDER BY mpi_id`).all()
    .find((r: any) => !skip.includes(r.mpi_id)) as { mpi_id: string; uids: string } | undefined;
  assert.ok(row, 'the sandbox plants duplicates that generation links');
  return { mpiId: row.mpi_id, enrollments: row.uids.split(',').sort() };
};
const qrOf = async (uid: string): Promise<string> => {
  const res = await app.dispatch('GET', `/dhis2/cards/${uid}.png`);
  assert.equal(res.status, 200);
  const png = decodePng(res.body as Uint8Array);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
};

test('a split gives the enrollment a person of its own, revokes its card, and is in the audit trail with its reason', async () => {
  const { mpiId, enrollments } = personWithTwo();
  const off = enrollments.at(-1)!;
  const token = await qrOf(off);
  assert.equal((await call('POST', '/dhis2/verify', { qr: token })).body.status, 'valid');

  const split = await call('POST', `/dhis2/mpi/enrollments/${off}/split`, { reason: 'Jumelles : même date, autre prénom' });
  assert.equal(split.status, 200, JSON.stringify(split.body));
  assert.equal(split.body.previous_mpi_id, mpiId);
  assert.notEqual(split.body.mpi_id, mpiId);
  assert.equal(split.body.revoked_cards, 1);
  const newId = split.body.mpi_id;
  const old = (await call('GET', `/dhis2/mpi/persons/${mpiId}`)).body;
  assert.ok(!old.enrollments.some((e: any) => e.enrollment_uid === off));
  const mine = (await call('GET', `/dhis2/mpi/persons/${newId}`)).body;
  assert.deepEqual(mine.enrollments.map((e: any) => [e.enrollment_uid, e.how]), [[off, 'split']]);
  assert.deepEqual([mine.aliases, mine.merged_from], [[], null]);
  // The card it carried names the other person: revoked, to be printed again.
  const verified = (await call('POST', '/dhis2/verify', { qr: token })).body;
  assert.deepEqual([verified.status, verified.reason, verified.holder.mpi_id], ['invalid', 'revoked', newId]);
  // Its card is not printed again as it is: it must be made anew.
  const sheet = await call('GET', `/dhis2/print-sheet?layout=a4&enrollment_ids=${off}`);
  assert.equal(sheet.status, 409, JSON.stringify(sheet.body));
  assert.match(sheet.body.error.message, new RegExp(`latest card of enrollment ${off} was revoked \\(MPI split\\): generate its card again`));
  assert.equal((await call('GET', `/dhis2/print-sheet?layout=a4&enrollment_ids=${enrollments[0]}`)).status, 200, 'the other enrollment\'s card prints');
  // The matching index follows: the split enrollment's record no longer stands for the old person.
  assert.ok(!app.mpi.store.allRecords().some((r) => r.mpiId === mpiId && JSON.stringify(r.record) === JSON.stringify(app.mpi.store.recordOf(off))));

  const trail = (await call('GET', `/dhis2/mpi/audit?enrollment_id=${off}&limit=10`)).body;
  assert.equal(trail.items[0].action, 'split');
  assert.deepEqual([trail.items[0].mpi_id, trail.items[0].other_mpi_id, trail.items[0].reason], [newId, mpiId, 'Jumelles : même date, autre prénom']);
  assert.ok(trail.items.some((e: any) => ['matched', 'created', 'reviewed_link'].includes(e.action) && e.mpi_id === mpiId), 'the link it undid is there too');

  // Nothing left to split it from; unknown enrollments; a reason is required.
  const again = await call('POST', `/dhis2/mpi/enrollments/${off}/split`, { reason: 'encore' });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /only enrollment of MPI-/);
  assert.equal((await call('POST', '/dhis2/mpi/enrollments/Zzzzzzzzzzz/split', { reason: 'erreur' })).status, 404);
  const noReason = await call('POST', `/dhis2/mpi/enrollments/${enrollments[0]}/split`, { reason: '' });
  assert.equal(noReason.status, 400);
  assert.deepEqual(noReason.body.error.details.map((d: any) => d.field), ['reason']);
});

test('a merge makes one person; the other MPI ID answers as an alias in the person view, the search and on its cards', async () => {
  const a = personWithTwo();
  const b = personWithTwo([a.mpiId]);
  const bToken = await qrOf(b.enrollments[0]!);
  const merged = await call('POST', `/dhis2/mpi/persons/${b.mpiId}/merge`, { into: a.mpiId, reason: 'Même mère, deux dossiers' });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.deepEqual(merged.body, { mpi_id: a.mpiId, merged: b.mpiId, enrollments_moved: b.enrollments.length });
  const viaAlias = (await call('GET', `/dhis2/mpi/persons/${b.mpiId}`)).body;
  assert.equal(viaAlias.mpi_id, a.mpiId);
  assert.equal(viaAlias.merged_from, b.mpiId);
  assert.ok(viaAlias.aliases.includes(b.mpiId));
  for (const uid of b.enrollments) assert.ok(viaAlias.enrollments.some((e: any) => e.enrollment_uid === uid), uid);
  // Typed into the search, the old ID finds the person's enrollments.
  const found = (await call('GET', `/dhis2/enrollments?q=${b.mpiId}&programme_uid=${programmeUid}&limit=50`)).body;
  for (const uid of b.enrollments) assert.ok(found.items.some((i: any) => i.enrollment_id === uid), `search by alias finds ${uid}`);
  // Scanned, its card still verifies (same person) and says the MPI ID it now has.
  const scanned = (await call('POST', '/dhis2/verify', { qr: bToken })).body;
  assert.deepEqual([scanned.status, scanned.card.mpi_id, scanned.holder.mpi_id], ['valid', b.mpiId, a.mpiId]);
  const trail = (await call('GET', `/dhis2/mpi/audit?mpi_id=${b.mpiId}&limit=5`)).body;
  assert.equal(trail.items[0].action, 'merge');
  assert.equal(trail.items[0].reason, 'Même mère, deux dossiers', 'the reason as the reviewer wrote it');

  const twice = await call('POST', `/dhis2/mpi/persons/${b.mpiId}/merge`, { into: a.mpiId, reason: 'encore' });
  assert.equal(twice.status, 409);
  assert.match(twice.body.error.message, /already one person/);
  assert.equal((await call('POST', `/dhis2/mpi/persons/${a.mpiId}/merge`, { into: 'MPI-12', reason: 'typo' })).status, 400);
  assert.equal((await call('POST', `/dhis2/mpi/persons/${a.mpiId}/merge`, { into: newMpiId(), reason: 'inconnu' })).status, 404);
});

test('"not the same person" is remembered: a merge against it is refused unless confirmed, and the matcher passes over it', async () => {
  const { mpiId, enrollments } = personWithTwo();
  const off = enrollments.at(-1)!;
  const split = (await call('POST', `/dhis2/mpi/enrollments/${off}/split`, { reason: 'Sœurs, pas la même personne' })).body;
  const refused = await call('POST', `/dhis2/mpi/persons/${split.mpi_id}/merge`, { into: mpiId, reason: 'Finalement oui' });
  assert.equal(refused.status, 409);
  assert.match(refused.body.error.message, new RegExp(`Enrollment ${off} was judged not the same person as ${mpiId}.*override_not_same`));

  // Resolved anew (its link gone), the enrollment is not proposed for the person it was judged not to be.
  app.db.prepare('DELETE FROM mpi_links WHERE enrollment_uid = ?').run(off);
  const record = app.mpi.store.person(split.mpi_id)!.record;
  const again = app.mpi.resolver().resolve(off, programmeUid, record);
  assert.notEqual(again.mpiId, mpiId);
  assert.ok(!app.db.prepare(`SELECT 1 FROM mpi_reviews WHERE enrollment_uid = ? AND candidate_mpi_id = ? AND status = 'pending'`).get(off, mpiId));

  const forced = await call('POST', `/dhis2/mpi/persons/${again.mpiId}/merge`, { into: mpiId, reason: 'Vérifié avec la mère', override_not_same: true });
  assert.equal(forced.status, 200, JSON.stringify(forced.body));
  assert.equal(app.mpi.store.mpiIdOf(off), mpiId);
  assert.equal(app.mpi.store.notSameOf(off).size, 0, 'the decision it overrode is lifted');
});

test('the review queue pages through every item, likeliest first or oldest first, with its total', async () => {
  const { mpiId } = personWithTwo();
  const record = app.mpi.store.person(mpiId)!.record;
  const made: string[] = [];
  for (let i = 0; i < 23; i++) {
    made.push(app.mpi.store.addReview({ enrollment_uid: `EnrRev${String(i).padStart(5, '0')}`, programme_uid: programmeUid, candidate_mpi_id: mpiId, score: [0.41, 0.77, 0.55][i % 3]!, field_scores: [], record, alternatives: [] }).review_id);
  }
  const pending = (app.db.prepare(`SELECT count(*) FROM mpi_reviews WHERE status = 'pending'`).pluck().get() as number);
  for (const sort of ['probability', 'oldest'] as const) {
    const seen: any[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await call('GET', `/dhis2/mpi/review?status=pending&limit=5&sort=${sort}${after ? `&after=${after}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.total, pending);
      seen.push(...page.body.items);
      after = page.body.next;
      pages++;
    } while (after);
    assert.equal(seen.length, pending, `${sort}: every item once`);
    assert.equal(new Set(seen.map((r) => r.review_id)).size, pending);
    assert.equal(pages, Math.ceil(pending / 5));
    for (const id of made) assert.ok(seen.some((r) => r.review_id === id));
    const keys = seen.map((r) => (sort === 'probability' ? -r.score : r.created_at));
    assert.deepEqual(keys, [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), `${sort} order`);
  }
  const bad = await call('GET', '/dhis2/mpi/review?status=pending&limit=5&after=bm90LWEtY3Vyc29y');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.details.map((d: any) => d.field), ['after']);
  // A page mark of one order is refused in the other rather than skip items.
  const first = (await call('GET', '/dhis2/mpi/review?status=pending&limit=2&sort=oldest')).body;
  assert.equal((await call('GET', `/dhis2/mpi/review?status=pending&limit=2&sort=probability&after=${first.next}`)).status, 400);
});
