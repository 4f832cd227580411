import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { after, before, test } from 'node:test';
import type { App } from '../../electron/core/app';
import { foldName } from '../../electron/core/mpi/normalise';
import { programmeUid, referenceMapping, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';

// GET /dhis2/enrollments over a synced sandbox programme of 300 people: everyone can be found, not only the
// 100 most recent, by name (accents, case and word order aside, prefixes as typed), UIDs, phone as people
// write it and MPI ID; filters; keyset pages that hold while the cache is written; clear refusals.

let app: App;
let close: () => Promise<void>;
const people = 300;
const get = async (query: Record<string, string | number>): Promise<any> => {
  const res = await app.dispatch('GET', `/dhis2/enrollments?${new URLSearchParams({ programme_uid: programmeUid, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`);
  return res;
};
const found = async (q: string, extra: Record<string, string | number> = {}): Promise<string[]> => {
  const res = await get({ q, limit: 100, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((r: any) => r.enrollment_id);
};
/** Every row, page after page. */
async function all(query: Record<string, string | number>, limit = 37): Promise<any[]> {
  const rows: any[] = [];
  let next: string | null = null;
  do {
    const res = await get({ ...query, limit, ...(next ? { after: next } : {}) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    rows.push(...res.body.items);
    next = res.body.next;
  } while (next);
  return rows;
}
let everyone: any[];
/** Someone well past the 100 most recent, with a name, a phone and a diacritic if the data has one. */
let target: any;

before(async () => {
  ({ app, close } = await syncedApp({ enrollments: people }));
  everyone = await all({});
  const older = everyone.slice(150);
  target = older.find((r) => r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST && r.attributes.BDwGAIpYuKy && /[À-ÿ]/.test(r.attributes.MMD_PER_NAM + r.attributes.MMD_PER_LST))
    ?? older.find((r) => r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST && r.attributes.BDwGAIpYuKy);
  assert.ok(target, 'a person with a name and a phone among the older ones');
});
after(() => close());

test('every cached enrollment, most recent first, page after page: no row twice, none left out', async () => {
  const { body } = await get({ limit: 5 });
  assert.equal(body.total, everyone.length);
  assert.ok(everyone.length >= people * 0.9, `${everyone.length} enrollments`);
  assert.equal(new Set(everyone.map((r) => r.enrollment_id)).size, everyone.length);
  const dates = everyone.map((r) => r.enrollment_date ?? '');
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.ok(everyone.indexOf(target) >= 100, 'the target is not among the 100 most recent');
});

test('by name: accents, case and order aside, and prefixes as the user types', async () => {
  const first = target.attributes.MMD_PER_NAM as string;
  const last = target.attributes.MMD_PER_LST as string;
  for (const q of [`${last.toUpperCase()} ${first}`, foldName(`${first} ${last}`), `${foldName(last).slice(0, 3)} ${foldName(first).slice(0, 2)}`, `  ${first.toLowerCase()}   ${last}  `]) {
    assert.ok((await found(q)).includes(target.enrollment_id), `"${q}" finds ${first} ${last}`);
  }
  // Every word must match some name word: a word nobody has finds nobody.
  assert.deepEqual(await found(`${first} zzqxv`), []);
  // What a name search returns all carry the words.
  const prefix = foldName(last).slice(0, 2);
  const rows = (await get({ q: prefix, limit: 100 })).body.items;
  assert.ok(rows.length > 0);
  for (const r of rows) assert.ok(foldName(`${r.attributes.MMD_PER_NAM ?? ''} ${r.attributes.MMD_PER_LST ?? ''}`).split(' ').some((w) => w.startsWith(prefix)), JSON.stringify(r.attributes));
  // The total counts every match, beyond the page.
  const byHand = everyone.filter((r) => foldName(`${r.attributes.MMD_PER_NAM ?? ''} ${r.attributes.MMD_PER_LST ?? ''}`).split(' ').some((w) => w.startsWith(prefix))).length;
  assert.equal((await get({ q: prefix, limit: 1 })).body.total, byHand);
});

test('by enrollment or tracked-entity UID, and by phone written as people write it', async () => {
  assert.deepEqual(await found(target.enrollment_id), [target.enrollment_id]);
  assert.ok((await found(target.tracked_entity_id)).includes(target.enrollment_id));
  const phone = target.attributes.BDwGAIpYuKy as string;
  const nsn = phone.replace(/\D/g, '').replace(/^221(?=\d{9}$)/, '').replace(/^00221/, '');
  assert.equal(nsn.length, 9, phone);
  for (const q of [`+221 ${nsn.slice(0, 2)} ${nsn.slice(2, 5)} ${nsn.slice(5, 7)} ${nsn.slice(7)}`, nsn, `00221${nsn}`, `00${nsn}`, `221${nsn}`, nsn.slice(0, 6), `${nsn.slice(0, 2)}-${nsn.slice(2, 5)}`]) {
    assert.ok((await found(q)).includes(target.enrollment_id), `"${q}" finds ${phone}`);
  }
  for (const id of await found(nsn)) {
    const row = everyone.find((r) => r.enrollment_id === id);
    assert.ok(row.attributes.BDwGAIpYuKy.replace(/\D/g, '').endsWith(nsn), row.attributes.BDwGAIpYuKy);
  }
});

test('by MPI ID, with or without dashes, case or the check character', async () => {
  const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  await waitForTask(app, (started.body as any).task_id);
  const row = (await get({ q: target.enrollment_id })).body.items[0];
  const mpi = row.mpi_id as string;
  assert.match(mpi, /^MPI-[2-9A-Z]{9}$/);
  for (const q of [mpi, mpi.toLowerCase(), mpi.replace('MPI-', ''), `${mpi.slice(0, 8)}-${mpi.slice(8)}`, mpi.slice(0, -1), mpi.slice(4, 12)]) {
    assert.ok((await found(q)).includes(target.enrollment_id), `"${q}" finds ${mpi}`);
  }
  // A wrong check character is not a near miss that finds someone else.
  const wrong = mpi.slice(0, -1) + (mpi.endsWith('2') ? '3' : '2');
  assert.ok(!(await found(wrong)).includes(target.enrollment_id));
});

test('filters: org unit with everything under it, dates, status; sorted by name', async () => {
  const units = await app.dispatch('GET', `/dhis2/org-units`);
  const top = (units.body as any).org_units[0].uid as string;
  assert.equal((await get({ org_unit: top, limit: 1 })).body.total, everyone.length, 'the top unit holds everyone');
  const own = await all({ org_unit: target.org_unit_id });
  assert.ok(own.some((r) => r.enrollment_id === target.enrollment_id));
  assert.ok(own.every((r) => r.org_unit_id === target.org_unit_id));
  const day = target.enrollment_date as string;
  const sameDay = await all({ from_date: day, to_date: day });
  assert.deepEqual(sameDay.map((r) => r.enrollment_id).sort(), everyone.filter((r) => r.enrollment_date === day).map((r) => r.enrollment_id).sort());
  const completed = await all({ status: 'COMPLETED' });
  assert.ok(completed.every((r) => r.status === 'COMPLETED'));
  assert.equal(completed.length, everyone.filter((r) => r.status === 'COMPLETED').length);

  const byName = await all({ sort: 'name' }, 41);
  assert.equal(byName.length, everyone.length);
  const keys = byName.map((r) => `${foldName(r.attributes.MMD_PER_LST)} ${foldName(r.attributes.MMD_PER_NAM)}`.trim());
  assert.deepEqual(keys, [...keys].sort());
});

test('pages hold while the cache is written: rows added or changed meanwhile neither repeat nor push others out', async () => {
  const first = (await get({ limit: 50 })).body;
  // A sync writes: a new enrollment today, and one already seen changes its name.
  const seen = first.items[0];
  app.db.prepare(`INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrollment_date, attributes, synced_at)
    VALUES ('NewOneAbc12', ?, ?, ?, 'ACTIVE', '2999-01-01', ?, 'test')`).run(programmeUid, target.tracked_entity_id, target.org_unit_id, JSON.stringify({ nHnN0ZFeYDI: 'Zeynab', NdTTOMmXIwK: 'Newcomer' }));
  app.db.prepare('UPDATE enrollments SET attributes = ? WHERE uid = ?').run(JSON.stringify({ nHnN0ZFeYDI: 'Renamed', NdTTOMmXIwK: 'Person' }), seen.enrollment_id);
  const rest: any[] = [];
  let next = first.next;
  while (next) {
    const page = (await get({ limit: 50, after: next })).body;
    rest.push(...page.items);
    next = page.next;
  }
  const ids = [...first.items, ...rest].map((r) => r.enrollment_id);
  assert.equal(new Set(ids).size, ids.length, 'no row twice');
  assert.deepEqual(ids, everyone.map((r) => r.enrollment_id), 'every row before the change, in order; the new one is above the first page');
  assert.deepEqual(await found('zeynab newcomer'), ['NewOneAbc12'], 'what a sync writes is found at the next search');
  assert.deepEqual(await found('renamed person'), [seen.enrollment_id]);
  const target2 = (await get({ q: 'NewOneAbc12' })).body.items[0];
  assert.ok(target2.other_enrollments >= 1, 'the same tracked entity: another enrollment of the person');
  app.db.prepare("DELETE FROM enrollments WHERE uid = 'NewOneAbc12'").run();
  assert.deepEqual(await found('zeynab newcomer'), []);
  assert.equal((app.db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'names : "zeynab"*'`).get() as any).n, 0, 'its keys went with it');
});

test('enrollments without a date come last and page like the rest; a large write is indexed in the background, and the answer says how much is left', async () => {
  const insert = app.db.prepare(`INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrollment_date, attributes, synced_at)
    VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, 'test')`);
  const made: string[] = [];
  app.db.transaction(() => {
    for (let i = 0; i < 2500; i++) {
      const uid = `Bulk${String(i).padStart(7, '0')}`;
      made.push(uid);
      insert.run(uid, programmeUid, `Te${String(i).padStart(9, '0')}`, target.org_unit_id, i < 5 ? null : '2000-01-01', JSON.stringify({ nHnN0ZFeYDI: 'Bulkfirst', NdTTOMmXIwK: `Bulklast${i}` }));
    }
  })();
  const first = (await get({ q: 'bulkfirst', limit: 100 })).body;
  assert.ok(first.unindexed > 0 && first.unindexed <= 1500, `the search indexed a bounded batch itself: ${first.unindexed} left`);
  await app.search.idle();
  const after = (await get({ q: 'bulkfirst', limit: 1 })).body;
  assert.deepEqual([after.total, after.unindexed], [2500, 0], 'the background indexed the rest');
  // 2,500 matches: more than the search sorts itself, so the date index drives and probes them.
  const rows = await all({ q: 'bulkfirst' }, 97);
  assert.equal(rows.length, 2500);
  assert.equal(new Set(rows.map((r) => r.enrollment_id)).size, 2500);
  const byName = await all({ q: 'bulkfirst', sort: 'name' }, 100);
  assert.equal(byName.length, 2500);
  const names = byName.map((r) => foldName(r.attributes.MMD_PER_LST));
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(rows.slice(-5).map((r) => r.enrollment_date), [null, null, null, null, null], 'undated last');
  assert.deepEqual(rows.slice(-5).map((r) => r.enrollment_id), made.slice(0, 5).reverse());
  // A page that ends among the undated goes on from there.
  let mark: string | null = null;
  for (let i = 0; i < 3; i++) mark = (await get({ q: 'bulkfirst', limit: 99, ...(mark ? { after: mark } : {}) })).body.next;
  for (let i = 0; i < 22; i++) mark = (await get({ q: 'bulkfirst', limit: 100, after: mark as string })).body.next;
  const rest = (await get({ q: 'bulkfirst', limit: 100, after: mark as string })).body;
  assert.deepEqual(rest.items.map((r: any) => r.enrollment_id), made.slice(0, 3).reverse());
  app.db.prepare("DELETE FROM enrollments WHERE uid LIKE 'Bulk%'").run();
  assert.equal((await get({ q: 'bulkfirst' })).body.total, 0);
});

test('while another connection holds the write lock (a sync\'s page writer), a search answers at once and the background indexes after', async () => {
  const insert = app.db.prepare(`INSERT INTO enrollments (uid, programme_uid, tracked_entity_uid, org_unit_uid, status, enrollment_date, attributes, synced_at)
    VALUES (?, ?, ?, ?, 'ACTIVE', '2001-01-01', ?, 'test')`);
  app.db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      insert.run(`Lock${String(i).padStart(7, '0')}`, programmeUid, `Tl${String(i).padStart(9, '0')}`, target.org_unit_id, JSON.stringify({ nHnN0ZFeYDI: 'Lockedfirst' }));
    }
  })();
  const writer = new BetterSqlite3(app.db.name);
  try {
    writer.exec('BEGIN IMMEDIATE');
    // Waiting for the lock would block the event loop for the busy timeout (5 s), then fail the search.
    const during = await get({ q: 'lockedfirst', limit: 10 });
    assert.equal(during.status, 200, JSON.stringify(during.body));
    assert.deepEqual([during.body.total, during.body.unindexed >= 600], [0, true], 'nothing indexed while the lock was held');
    await new Promise((r) => setTimeout(r, 120));
    assert.ok(app.search.pending() >= 600, 'the background waits for the lock instead of blocking on it');
    writer.exec('COMMIT');
    await app.search.idle();
    const after = (await get({ q: 'lockedfirst', limit: 1 })).body;
    assert.deepEqual([after.total, after.unindexed], [600, 0], 'indexed once the lock was free');
  } finally {
    writer.close();
    app.db.prepare("DELETE FROM enrollments WHERE uid LIKE 'Lock%'").run();
  }
});

test('a new mapping re-indexes the programme: the name now comes from the attribute it names', async () => {
  const village = target.attributes.MMD_PER_VIL as string | undefined;
  const withVillage = everyone.find((r) => r.attributes.MMD_PER_VIL);
  const place = village ?? withVillage.attributes.MMD_PER_VIL;
  assert.deepEqual(await found(place), [], 'a village is not a name while the mapping says so');
  const mapping = referenceMapping.map((m) => (m.card_field === 'last_name' ? { card_field: 'last_name', dhis2_attribute_code: 'MMD_PER_VIL' } : m));
  assert.equal((await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programmeUid, mappings: mapping })).status, 200);
  await app.search.idle();
  const hits = await found(place);
  assert.ok(hits.length > 0, `"${place}" now finds people`);
  assert.equal((await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programmeUid, mappings: referenceMapping })).status, 200);
  assert.ok((await found(`${target.attributes.MMD_PER_LST} ${target.attributes.MMD_PER_NAM}`)).includes(target.enrollment_id));
});

test('wrong input is refused naming the field; an unknown programme or org unit is a 404', async () => {
  const cases: [Record<string, string>, number, string][] = [
    [{ after: 'not-a-mark' }, 400, 'after'],
    [{ limit: '0' }, 400, 'limit'],
    [{ limit: '101' }, 400, 'limit'],
    [{ status: 'DONE' }, 400, 'status'],
    [{ sort: 'age' }, 400, 'sort'],
    [{ q: 'x'.repeat(201) }, 400, 'q'],
    [{ from_date: '2025-02-01', to_date: '2025-01-01' }, 400, 'to_date'],
    [{ from_date: '01/02/2025' }, 400, 'from_date'],
  ];
  for (const [query, status, field] of cases) {
    const res = await get(query);
    assert.equal(res.status, status, `${JSON.stringify(query)}: ${JSON.stringify(res.body)}`);
    assert.ok(res.body.error.details?.some((d: any) => d.field === field), `${JSON.stringify(query)}: ${JSON.stringify(res.body)}`);
  }
  const byName = (await get({ sort: 'name', limit: 2 })).body.next;
  const res = await get({ sort: 'recent', after: byName });
  assert.equal(res.status, 400);
  assert.match(res.body.error.message, /sorted by name/);
  assert.equal((await app.dispatch('GET', '/dhis2/enrollments?programme_uid=NoSuchProg1')).status, 404);
  assert.equal((await get({ org_unit: 'NoSuchUnit1' })).status, 404);
  assert.deepEqual((await get({ q: '!!!' })).body, { total: 0, items: [], next: null, unindexed: 0 });
});
