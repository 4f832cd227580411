import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { newMpiId } from '../../electron/core/mpi/mpi-id';
import { foldName } from '../../electron/core/mpi/normalise';
import { searchEnrollments } from '../../electron/core/search/enrollment-search';
import { referenceMapping } from '../helpers/cards';
import { startSandboxProcess } from './sandbox-process';

// GET /dhis2/enrollments over 100,000 cached enrollments (the sandbox's people, synced and mapped): name
// searches as people type them, the next page of a broad one, phone, MPI ID and UID lookups, and memory
// across a thousand searches. Beside them, in the same run and on the same words: an unindexed LIKE scan
// (what a search without the index costs) and an FTS5 table holding the same folded words (the other way
// the issue allowed), each counting its matches and reading its first page of 50, as the route does.
// Targets: name search p50 <= 20 ms and p95 <= 50 ms; next page <= 20 ms.

const programme = 'P3jJH5Tu5VC';
const first = 'nHnN0ZFeYDI';
const last = 'NdTTOMmXIwK';
const phone = 'BDwGAIpYuKy';

async function waitTask(app: App, id: string): Promise<void> {
  for (;;) {
    const t = (await app.dispatch('GET', `/dhis2/tasks/${id}`)).body as { status: string };
    if (!['pending', 'running'].includes(t.status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(2));
};

function timed(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export async function benchSearch(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_SEARCH_ENROLLMENTS ?? 100_000);
  const sandbox = await startSandboxProcess(n);
  const dataDir = mkdtempSync(join(tmpdir(), 'oomus-bench-search-'));
  const app = await createApp({ dataDir, logger: silentLogger, background: false });
  try {
    await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' });
    await waitTask(app, ((await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme })).body as { task_id: string }).task_id);
    await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping });
    const t0 = performance.now();
    const indexed = app.search.catchUp();
    const indexS = (performance.now() - t0) / 1000;
    const { db } = app;
    // MPI IDs as generation would give them (rendering 100k cards is not what this measures).
    const uids = db.prepare('SELECT uid FROM enrollments WHERE programme_uid = ?').pluck().all(programme) as string[];
    db.transaction(() => {
      const person = db.prepare("INSERT INTO mpi_persons (mpi_id, record, created_at) VALUES (?, '{}', '2026-01-01')");
      const link = db.prepare("INSERT INTO mpi_links (enrollment_uid, mpi_id, programme_uid, score, how, linked_at) VALUES (?, ?, ?, 1, 'created', '2026-01-01')");
      for (const uid of uids) {
        const id = newMpiId();
        person.run(id);
        link.run(uid, id, programme);
      }
    })();

    // People to look for: a spread of the cache, most of them far from the 100 most recent.
    const sample = db.prepare(`SELECT e.uid, e.tracked_entity_uid AS te, e.attributes, l.mpi_id FROM enrollments e JOIN mpi_links l ON l.enrollment_uid = e.uid
      WHERE e.programme_uid = ? ORDER BY e.uid LIMIT 300`).all(programme) as { uid: string; te: string; attributes: string; mpi_id: string }[];
    const people = sample.map((r) => ({ ...r, a: JSON.parse(r.attributes) as Record<string, string> })).filter((p) => p.a[first] && p.a[last]);
    const nameQueries = people.flatMap((p) => {
      const f = foldName(p.a[first]);
      const l = foldName(p.a[last]);
      return [`${p.a[last]} ${p.a[first]}`, l, `${l.slice(0, 3)} ${f.slice(0, 2)}`];
    });
    const time = async (query: Record<string, string>): Promise<{ ms: number; body: { total: number; next: string | null } }> => {
      // One request per turn of the event loop, as IPC and HTTP requests arrive: a loop of awaits alone never
      // reaches the loop's check phase, and Fastify's inject then keeps every response until it ends.
      await new Promise((r) => setImmediate(r));
      const t = performance.now();
      const res = await app.dispatch('GET', `/dhis2/enrollments?${new URLSearchParams({ programme_uid: programme, limit: '50', ...query })}`);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body)}`);
      return { ms, body: res.body as { total: number; next: string | null } };
    };

    for (const q of nameQueries.slice(0, 30)) await time({ q }); // warm the page cache
    const rssBefore = process.memoryUsage().rss;
    const name: number[] = [];
    const totals: number[] = [];
    for (const q of nameQueries) {
      const r = await time({ q });
      name.push(r.ms);
      totals.push(r.body.total);
    }
    // The next page of broad searches (a last name's first letters) and of the whole list.
    const nextPage: number[] = [];
    for (const q of [...people.slice(0, 60).map((p) => foldName(p.a[last]).slice(0, 2)), '']) {
      const page1 = await time(q ? { q } : {});
      if (!page1.body.next) continue;
      nextPage.push((await time({ ...(q ? { q } : {}), after: page1.body.next })).ms);
    }
    const deep: number[] = [];
    let mark: string | null = null;
    for (let i = 0; i < 40; i++) {
      const r = await time(mark ? { after: mark } : {});
      deep.push(r.ms);
      mark = r.body.next;
    }
    const phones: number[] = [];
    const mpis: number[] = [];
    const ids: number[] = [];
    for (const p of people.slice(0, 100)) {
      if (p.a[phone]) phones.push((await time({ q: p.a[phone] })).ms);
      mpis.push((await time({ q: p.mpi_id.slice(0, -1).toLowerCase() })).ms);
      ids.push((await time({ q: p.te })).ms);
    }
    const byNameSort: number[] = [];
    for (const q of nameQueries.slice(0, 150)) byNameSort.push((await time({ q, sort: 'name' })).ms);
    // Memory over many more searches: flat means the second half adds nothing to what the first reached.
    const mb = (): number => process.memoryUsage().rss / 1024 / 1024;
    const rssAt: number[] = [];
    for (let i = 0; i < 4000; i++) {
      await time({ q: nameQueries[i % nameQueries.length] ?? '' });
      if (i % 1000 === 999) rssAt.push(Math.round(mb()));
    }
    const rssGrowth = mb() - rssBefore / 1024 / 1024;

    // Baselines on the same words, in the same run.
    const words = nameQueries.map((q) => foldName(q).split(' ').filter(Boolean));
    const like = db.prepare(`SELECT count(*) FROM enrollments e WHERE e.programme_uid = ? AND lower(e.attributes) LIKE ? AND lower(e.attributes) LIKE ?`).pluck();
    const likePage = db.prepare(`SELECT e.uid FROM enrollments e WHERE e.programme_uid = ? AND lower(e.attributes) LIKE ? AND lower(e.attributes) LIKE ?
      ORDER BY e.enrollment_date DESC, e.uid DESC LIMIT 51`);
    const likeMs = words.slice(0, 150).map((w) => timed(() => {
      const a = `%${w[0] ?? ''}%`;
      const b = `%${w[1] ?? w[0] ?? ''}%`;
      like.get(programme, a, b);
      likePage.all(programme, a, b);
    }));
    db.exec(`CREATE VIRTUAL TABLE bench_fts USING fts5(words, programme_uid UNINDEXED, content='', tokenize='unicode61 remove_diacritics 2')`);
    const ftsBuild = timed(() => db.transaction(() => {
      const ins = db.prepare('INSERT INTO bench_fts (rowid, words, programme_uid) VALUES (?, ?, ?)');
      for (const r of db.prepare('SELECT rowid, programme_uid, attributes FROM enrollments').all() as { rowid: number; programme_uid: string; attributes: string }[]) {
        const a = JSON.parse(r.attributes) as Record<string, string>;
        ins.run(r.rowid, foldName(`${a[first] ?? ''} ${a[last] ?? ''}`), r.programme_uid);
      }
    })());
    const ftsCount = db.prepare(`SELECT count(*) FROM bench_fts f JOIN enrollments e ON e.rowid = f.rowid WHERE bench_fts MATCH ? AND e.programme_uid = ?`).pluck();
    const ftsPage = db.prepare(`SELECT e.uid FROM bench_fts f JOIN enrollments e ON e.rowid = f.rowid WHERE bench_fts MATCH ? AND e.programme_uid = ?
      ORDER BY e.enrollment_date DESC, e.uid DESC LIMIT 51`);
    const ftsMs = words.map((w) => timed(() => {
      const match = w.map((x) => `"${x}"*`).join(' ');
      ftsCount.get(match, programme);
      ftsPage.all(match, programme);
    }));
    // The index's own SQL, without the route around it, to compare like with like.
    const keysMs = nameQueries.map((q) => timed(() => searchEnrollments(db, { filter: { programmeUid: programme }, q, sort: 'recent', limit: 50, defaultCountry: 'SN' })));

    return {
      benchmark: 'search',
      enrollments: uids.length,
      index_all_s: Number(indexS.toFixed(2)),
      indexed_rows: indexed,
      name_queries: name.length,
      name_median_total: percentile(totals, 50),
      name_p50_ms: percentile(name, 50),
      name_p95_ms: percentile(name, 95),
      name_sorted_by_name_p50_ms: percentile(byNameSort, 50),
      name_sorted_by_name_p95_ms: percentile(byNameSort, 95),
      next_page_p50_ms: percentile(nextPage, 50),
      next_page_p95_ms: percentile(nextPage, 95),
      list_page_40_deep_p95_ms: percentile(deep, 95),
      phone_p50_ms: percentile(phones, 50),
      mpi_p50_ms: percentile(mpis, 50),
      uid_p50_ms: percentile(ids, 50),
      rss_growth_mb_over_searches: Number(rssGrowth.toFixed(1)),
      rss_mb_after_each_1000_more: rssAt,
      rss_growth_mb_last_2000: (rssAt[3] ?? 0) - (rssAt[1] ?? 0),
      like_scan_p50_ms: percentile(likeMs, 50),
      like_scan_p95_ms: percentile(likeMs, 95),
      fts5_build_s: Number((ftsBuild / 1000).toFixed(2)),
      fts5_p50_ms: percentile(ftsMs, 50),
      fts5_p95_ms: percentile(ftsMs, 95),
      keys_sql_p50_ms: percentile(keysMs, 50),
      keys_sql_p95_ms: percentile(keysMs, 95),
    };
  } finally {
    await app.close();
    sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
