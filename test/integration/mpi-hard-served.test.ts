import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { referenceMapping } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// The hard register served by the sandbox as DHIS2 data (`--population hard`), through the whole app: synced,
// mapped (the civil register with its national ID, address and guardian, no phone and no sex), carded, each
// enrollment resolved by the MPI in the order an office would (the vaccination programme, then the civil
// register). Measured against the sandbox's truth (GET /__sandbox/truth), which the app never sees: pair
// precision of the links the app made, and recall of links + review items decided as a careful reviewer
// would (the person offered that the record truly is).

// The civil register: the names, date and health centre as the vaccination programme maps them (no sex, no
// phone there), and its own three.
const civilMapping = [
  ...referenceMapping.filter((m) => m.card_field !== 'gender' && m.card_field !== 'phone_number'),
  { card_field: 'national_id', dhis2_attribute_code: 'MMD_PER_NID' },
  { card_field: 'address', dhis2_attribute_code: 'MMD_PER_ADR' },
  { card_field: 'guardian_name', dhis2_attribute_code: 'MMD_PER_GRD' },
];

test('the hard register served as DHIS2 data: the app\'s links are precise, and links + review find the true pairs', async (t) => {
  const sandbox = await createSandbox({ population: 'hard', persons: 3000, seed: 5 });
  const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, renderWorkers: 2, dhis2: { pageSize: 500 } });
  try {
    const civil = sandbox.population.programmes.find((p) => p.code === 'REC')!.id;
    assert.equal((await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
    for (const [programme, mappings] of [[vaccinationProgram, referenceMapping], [civil, civilMapping]] as const) {
      const started = await app.dispatch('POST', '/dhis2/sync', { programme_uid: programme });
      assert.equal((await waitForTask(app, (started.body as any).task_id, 120_000)).status, 'completed');
      const mapped = await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programme, mappings });
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
    }
    for (const programme of [vaccinationProgram, civil]) {
      const started = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      assert.match((await waitForTask(app, (started.body as any).task_id, 600_000)).status, /^completed/);
    }
    const truth = new Map(Object.entries(((await (await fetch(`${sandbox.url}/__sandbox/truth`)).json()) as any).trackedEntities as Record<string, string>));
    const rows = app.db.prepare('SELECT e.uid, e.tracked_entity_uid AS te, l.mpi_id FROM enrollments e LEFT JOIN mpi_links l ON l.enrollment_uid = e.uid').all() as { uid: string; te: string; mpi_id: string | null }[];
    assert.equal(rows.length, truth.size, 'every record synced');
    const truthOf = new Map(rows.map((r) => [r.uid, truth.get(r.te)!]));
    // Clusters as the app made them; each waiting enrollment on its own until reviewed.
    const cluster = new Map(rows.map((r) => [r.uid, r.mpi_id ?? `waiting:${r.uid}`]));
    const pairs = (labels: Iterable<[string, string]>): { predicted: number; correct: number } => {
      const size = new Map<string, number>();
      const both = new Map<string, number>();
      for (const [uid, label] of labels) {
        size.set(label, (size.get(label) ?? 0) + 1);
        const k = `${label} ${truthOf.get(uid)}`;
        both.set(k, (both.get(k) ?? 0) + 1);
      }
      const p = (n: number): number => (n * (n - 1)) / 2;
      return { predicted: [...size.values()].reduce((s, n) => s + p(n), 0), correct: [...both.values()].reduce((s, n) => s + p(n), 0) };
    };
    const truePairs = pairs([...truthOf].map(([uid, person]) => [uid, person])).predicted;
    const auto = pairs(cluster);
    // A careful reviewer: each waiting enrollment joins the person offered that it truly is, if one is.
    const members = new Map<string, string[]>();
    for (const [uid, mpi] of cluster) members.set(mpi, [...(members.get(mpi) ?? []), uid]);
    const items = ((await app.dispatch('GET', '/dhis2/mpi/review?limit=500')).body as any);
    const all: any[] = [...items.items];
    for (let next = items.next; next; ) {
      const page = (await app.dispatch('GET', `/dhis2/mpi/review?limit=500&after=${next}`)).body as any;
      all.push(...page.items);
      next = page.next;
    }
    let reviewTrue = 0;
    const reviewed = new Map(cluster);
    for (const item of all) {
      const offered = [item.candidate_mpi_id, ...item.alternatives.map((a: any) => a.mpi_id)];
      const right = offered.find((id: string) => (members.get(id) ?? []).some((uid) => truthOf.get(uid) === truthOf.get(item.enrollment_uid)));
      if (right) {
        reviewTrue++;
        reviewed.set(item.enrollment_uid, right);
      }
    }
    const withReview = pairs(reviewed);
    const measured = {
      records: rows.length, true_pairs: truePairs, reviews: all.length,
      precision_auto: Math.round((auto.correct / auto.predicted) * 10_000) / 10_000,
      recall_auto: Math.round((auto.correct / truePairs) * 10_000) / 10_000,
      recall_auto_review: Math.round((withReview.correct / truePairs) * 10_000) / 10_000,
      review_true_share: Math.round((reviewTrue / Math.max(1, all.length)) * 1000) / 1000,
    };
    t.diagnostic(JSON.stringify(measured));
    assert.ok(truePairs > 1000, `${truePairs} true pairs`);
    assert.ok(measured.precision_auto >= 0.995, `precision of the app's links ${measured.precision_auto}`);
    assert.ok(measured.recall_auto_review >= 0.97, `recall of links + review ${measured.recall_auto_review}`);
    assert.ok(measured.review_true_share >= 0.5, `review items offering the true person ${measured.review_true_share}`);
  } finally {
    await app.close();
    await sandbox.close();
  }
});
