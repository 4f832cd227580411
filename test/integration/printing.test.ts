import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../electron/core/app';
import { a4Slots, cropMarks } from '../../electron/core/cards/print-layout';
import { programmeUid, syncedApp } from '../helpers/cards';
import { waitForTask } from '../helpers/dhis2';
import { printCards } from '../../electron/main/print-sequence';

// The print page's content for a generation run and for chosen enrollments, the run's card PNGs, and the
// record of printed cards, against a synced and generated sandbox programme.

let app: App;
let close: () => Promise<void>;
let taskId: string;
let total: number;
const get = (path: string): Promise<any> => app.dispatch('GET', path);

before(async () => {
  ({ app, close } = await syncedApp({ enrollments: 23 }));
  const res = await app.dispatch('POST', '/dhis2/generate-cards', { programme_uid: programmeUid, template: 'vital', dpi: 300 });
  taskId = (res.body as { task_id: string }).task_id;
  const task = await waitForTask(app, taskId);
  total = task.cards_generated;
  assert.ok(total >= 20, `${total} cards`);
});
after(() => close());

test('a run on A4: ten cards a sheet on the PDF\'s own slots, with its crop marks, pages numbered as the PDF', async () => {
  const res = await get(`/dhis2/print-sheet?layout=a4&task_id=${taskId}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const sheet = res.body;
  assert.deepEqual(sheet.page, { w: 210, h: 297 });
  assert.equal(sheet.total_cards, total);
  assert.equal(sheet.total_pages, Math.ceil(total / 10));
  assert.equal(sheet.pages.length, sheet.total_pages);
  const last = sheet.pages.at(-1);
  assert.equal(last.cards.length, total - (sheet.total_pages - 1) * 10);
  assert.deepEqual(last.marks, cropMarks(last.cards.length));
  sheet.pages[0].cards.forEach((c: any, i: number) => {
    const slot = a4Slots[i]!;
    assert.deepEqual([c.x, c.y, c.w, c.h], [slot.x, slot.y, slot.w, slot.h]);
    assert.equal(c.task_id, taskId);
  });
  // The PDF's order: seq ascending across pages.
  const seqs = sheet.pages.flatMap((p: any) => p.cards.map((c: any) => c.seq));
  assert.deepEqual(seqs, [...seqs].sort((a: number, b: number) => a - b));
  // Each card's PNG, from the run itself.
  const first = sheet.pages[0].cards[0];
  const png = await app.dispatch('GET', `/dhis2/tasks/${taskId}/cards/${first.seq}.png`);
  assert.equal(png.status, 200);
  assert.match(png.contentType, /image\/png/);
  assert.equal(Buffer.from(png.body as Uint8Array).subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal((await app.dispatch('GET', `/dhis2/tasks/${taskId}/cards/9999.png`)).status, 404);
});

test('a page range prints those pages only; CR80 is one card a page', async () => {
  const range = (await get(`/dhis2/print-sheet?layout=a4&task_id=${taskId}&from_page=2&to_page=2`)).body;
  assert.deepEqual(range.pages.map((p: any) => p.number), [2]);
  assert.equal(range.pages[0].cards.length, 10);
  const cr80 = (await get(`/dhis2/print-sheet?layout=cr80&task_id=${taskId}&from_page=3&to_page=5`)).body;
  assert.deepEqual(cr80.page, { w: 85.6, h: 53.98 });
  assert.equal(cr80.total_pages, total);
  assert.deepEqual(cr80.pages.map((p: any) => [p.number, p.cards.length, p.marks.length]), [[3, 1, 0], [4, 1, 0], [5, 1, 0]]);
  assert.deepEqual([cr80.pages[0].cards[0].x, cr80.pages[0].cards[0].y], [0, 0]);
});

test('chosen enrollments print their latest cards, in the order given', async () => {
  const run = (await get(`/dhis2/print-sheet?layout=a4&task_id=${taskId}`)).body;
  const ids = run.pages[0].cards.slice(0, 3).map((c: any) => c.enrollment_id).reverse();
  const sheet = (await get(`/dhis2/print-sheet?layout=cr80&enrollment_ids=${ids.join(',')},${ids[0]}`)).body;
  assert.deepEqual(sheet.pages.map((p: any) => p.cards[0].enrollment_id), ids, 'each once, in order');
  assert.ok(sheet.pages.every((p: any) => p.cards[0].seq === null && p.cards[0].task_id === taskId && /^MPI-/.test(p.cards[0].mpi_id)));
});

test('what cannot be printed is refused, naming the field', async () => {
  const cases: [string, number, string][] = [
    ['layout=a5&task_id=' + taskId, 400, 'layout'],
    ['layout=a4', 400, 'task_id'],
    [`layout=a4&task_id=${taskId}&enrollment_ids=abc`, 400, 'enrollment_ids'],
    [`layout=a4&task_id=${taskId}&from_page=99`, 400, 'from_page'],
    [`layout=a4&task_id=${taskId}&from_page=2&to_page=1`, 400, 'to_page'],
    [`layout=a4&task_id=${taskId}&to_page=99`, 400, 'to_page'],
    ['layout=a4&enrollment_ids=abc,../x', 400, 'enrollment_ids'],
    ['layout=a4&enrollment_ids=abc&from_page=1', 400, 'from_page'],
  ];
  for (const [query, status, field] of cases) {
    const res = await get(`/dhis2/print-sheet?${query}`);
    assert.equal(res.status, status, `${query}: ${JSON.stringify(res.body)}`);
    assert.ok(res.body.error.details?.some((d: any) => d.field === field), `${query}: ${JSON.stringify(res.body)}`);
  }
  assert.equal((await get('/dhis2/print-sheet?layout=a4&task_id=task_01NOPE')).status, 404);
  assert.equal((await get('/dhis2/print-sheet?layout=a4&enrollment_ids=NoCardYet01')).status, 404);
});

test('a print job is recorded with its printer and run; the printed cards say when and how often', async () => {
  const sheet = (await get(`/dhis2/print-sheet?layout=a4&task_id=${taskId}&from_page=1&to_page=1`)).body;
  const cards = sheet.pages[0].cards.map((c: any) => ({ enrollment_id: c.enrollment_id, task_id: c.task_id }));
  const job = await app.dispatch('POST', '/dhis2/print-jobs', { layout: 'a4', printer: 'Bureau_HP', copies: 2, cards });
  assert.equal(job.status, 201, JSON.stringify(job.body));
  assert.deepEqual({ ...(job.body as any), job_id: 'x', printed_at: 'x' }, { job_id: 'x', layout: 'a4', printer: 'Bureau_HP', copies: 2, cards: 10, printed_at: 'x' });
  const again = await app.dispatch('POST', '/dhis2/print-jobs', { layout: 'cr80', printer: null, cards: cards.slice(0, 1) });
  assert.equal(again.status, 201);
  const printed = (await get(`/dhis2/printed-cards?task_id=${taskId}`)).body.cards;
  assert.equal(printed.length, 10);
  const first = printed.find((p: any) => p.enrollment_id === cards[0].enrollment_id);
  assert.deepEqual({ times: first.times, printer: first.last_printer, task: first.last_task_id }, { times: 2, printer: null, task: taskId });
  const byId = (await get(`/dhis2/printed-cards?enrollment_ids=${cards[1].enrollment_id},NeverPrnt01`)).body.cards;
  assert.deepEqual(byId.map((p: any) => [p.enrollment_id, p.times, p.last_printer]), [[cards[1].enrollment_id, 1, 'Bureau_HP']]);
  for (const bad of [{ layout: 'a4', printer: 'x', cards: [] }, { layout: 'a4', printer: 'x', copies: 0, cards }, { layout: 'a4', cards }]) {
    assert.equal((await app.dispatch('POST', '/dhis2/print-jobs', bad)).status, 400, JSON.stringify(bad));
  }
});

test('Imprimer, as the desktop does it: a printer that refuses marks nothing printed; one that takes records the cards and the printer', async () => {
  const address = { layout: 'a4' as const, task_id: taskId, from_page: 3, to_page: 3 };
  const printedOnPage3 = async (): Promise<number> => {
    const sheet = (await get(`/dhis2/print-sheet?layout=a4&task_id=${taskId}&from_page=3&to_page=3`)).body;
    const ids = sheet.pages[0].cards.map((c: any) => c.enrollment_id).join(',');
    return (await get(`/dhis2/printed-cards?enrollment_ids=${ids}`)).body.cards.length;
  };
  const asked: { route: string; options: any }[] = [];
  const remembered: [string, string][] = [];
  const deps = (printer: 'refuses' | 'takes') => ({
    dispatch: app.dispatch,
    printPage: async (route: string, options: any) => {
      asked.push({ route, options });
      if (printer === 'refuses') throw new Error('Printer is out of cards');
    },
    remember: (layout: string, name: string) => remembered.push([layout, name]),
  });

  await assert.rejects(printCards(deps('refuses'), { address, printer: 'Evolis', copies: 1 }), /The printer Evolis did not take the job: Printer is out of cards\. Nothing was marked printed\./);
  assert.equal(await printedOnPage3(), 0);
  assert.deepEqual(remembered, [], 'a printer that failed is not remembered');
  assert.equal(asked[0]!.route, `/print-sheet?layout=a4&task_id=${taskId}&from_page=3&to_page=3`);
  assert.deepEqual(asked[0]!.options.pageSize, { width: 210_000, height: 297_000 });
  assert.deepEqual(asked[0]!.options.margins, { marginType: 'none' });

  const done = await printCards(deps('takes'), { address, printer: 'Bureau_HP', copies: 2 });
  assert.equal(done.job.cards, total - 20);
  assert.equal(await printedOnPage3(), total - 20);
  assert.deepEqual(remembered, [['a4', 'Bureau_HP']]);

  // A selection the API refuses is said before any window opens.
  const before = asked.length;
  await assert.rejects(printCards(deps('takes'), { address: { layout: 'a4', task_id: 'task_01NOPE' }, printer: 'Bureau_HP', copies: 1 }), /not found|no such|unknown/i);
  await assert.rejects(printCards(deps('takes'), { address, printer: 'Bureau_HP', copies: 0 }), /Copies must be a whole number/);
  assert.equal(asked.length, before);
});
