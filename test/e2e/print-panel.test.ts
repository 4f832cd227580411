import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { projectRoot } from '../helpers/cli';
import { servedRun } from '../helpers/served-run';

// The Print screen's printing panel at 1366 × 768 in French. In a browser: the format, a page range, and
// the print page opened in its own tab. As the desktop app: the same screen with the desktop bridge the
// preload gives (here a stand-in that lists two printers and records what it was asked to print, then
// records the job through the API as the shell does), the printer chosen per format, and "printed" shown
// in the Enrollments list with a way to print again.
const token = 'e2e-print-panel-token';
const shots = join(projectRoot, 'test-results', 'screens');
let run: Awaited<ReturnType<typeof servedRun>>;
let browser: Browser;
const errors: string[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  run = await servedRun(token, 23);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await run?.close();
});

async function openPage(context: BrowserContext): Promise<Page> {
  await context.addInitScript(`localStorage.setItem('oomus.apiToken', ${JSON.stringify(token)}); localStorage.setItem('oomus.locale', 'fr')`);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${run.served.url}/#/print`);
  await page.locator('[data-testid="recent"]').waitFor();
  await page.locator(`tr[data-task="${run.taskId}"] button.link`).click();
  await page.getByTestId('print-panel').waitFor();
  return page;
}

test('in a browser: a page range in CR80 opens the print page in its own tab', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await openPage(context);
  await page.getByLabel('Imprimante à cartes (une carte CR80 par page)').check();
  await page.getByLabel('Des pages').check();
  await page.getByLabel('De la page').fill('2');
  await page.getByLabel('à la page').fill('3');
  await page.getByTestId('print-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'print-panel-browser-fr.png') });
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-button').click()]);
  await tab.waitForLoadState();
  assert.match(tab.url(), new RegExp(`#/print-sheet\\?layout=cr80&task_id=${run.taskId}&from_page=2&to_page=3&auto=1`));
  await tab.evaluate('window.print = () => {}');
  await tab.locator('body[data-print-ready="true"]').waitFor({ timeout: 30_000 });
  assert.match((await tab.getByTestId('print-summary').textContent()) ?? '', /2 cartes · 2 pages/);
  await page.getByText('Page d’impression ouverte dans un nouvel onglet.').waitFor();
  // The format chosen is offered again next time.
  await page.reload();
  await page.locator(`tr[data-task="${run.taskId}"] button.link`).click();
  await page.getByTestId('print-panel').waitFor();
  assert.equal(await page.getByLabel('Imprimante à cartes (une carte CR80 par page)').isChecked(), true);
  await context.close();
  assert.deepEqual(errors, []);
});

test('as the desktop app: printers per format, Print at true size, then "printed" with a reprint link', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  // The preload's bridge, as the renderer sees it: invoke over the route table, and the desktop commands.
  await context.addInitScript(`(() => {
    const token = ${JSON.stringify(token)};
    window.__asked = [];
    window.oomus = {
      async invoke(method, path, body) {
        const res = await fetch(path, { method, headers: { authorization: 'Bearer ' + token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        const type = res.headers.get('content-type') || '';
        return { status: res.status, contentType: type, body: type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()) };
      },
      desktop: {
        async run(command, input) {
          window.__asked.push({ command, input });
          if (command === 'printers') return { ok: true, answer: { printers: [{ name: 'Bureau_HP', displayName: 'HP LaserJet (bureau)', isDefault: true }, { name: 'Evolis_Primacy_2', displayName: 'Evolis Primacy 2', isDefault: false }], chosen: { a4: 'Bureau_HP', cr80: 'Evolis_Primacy_2' } } };
          if (command === 'print') {
            const q = new URLSearchParams({ layout: input.address.layout, ...(input.address.task_id ? { task_id: input.address.task_id } : {}), ...(input.address.from_page ? { from_page: String(input.address.from_page), to_page: String(input.address.to_page) } : {}) });
            const sheet = await this.parent.invoke('GET', '/dhis2/print-sheet?' + q);
            const cards = sheet.body.pages.flatMap((p) => p.cards).map((c) => ({ enrollment_id: c.enrollment_id, task_id: c.task_id }));
            const job = await this.parent.invoke('POST', '/dhis2/print-jobs', { layout: input.address.layout, printer: input.printer, copies: input.copies, cards });
            return { ok: true, answer: { job: job.body } };
          }
          return { ok: false, message: 'No desktop command ' + command };
        },
      },
    };
    window.oomus.desktop.parent = window.oomus;
  })()`);
  const page = await openPage(context);
  const printer = page.getByTestId('print-printer');
  await page.waitForFunction(`document.querySelector('[data-testid="print-printer"]')?.value === 'Bureau_HP'`);
  await page.getByLabel('Imprimante à cartes (une carte CR80 par page)').check();
  assert.equal(await printer.inputValue(), 'Evolis_Primacy_2', 'CR80 goes to the card printer');
  await page.getByLabel('Feuilles A4 (10 cartes par page, traits de coupe)').check();
  assert.equal(await printer.inputValue(), 'Bureau_HP', 'A4 goes to the office printer');
  await page.getByLabel('Exemplaires').fill('2');
  await page.getByTestId('print-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'print-panel-desktop-fr.png') });
  await page.getByTestId('print-button').click();
  await page.getByTestId('print-done').waitFor();
  assert.match((await page.getByTestId('print-done').textContent()) ?? '', new RegExp(`${run.made} cartes envoyées à Bureau_HP \\(2 exemplaire`));
  const asked = await page.evaluate('window.__asked.filter((a) => a.command === "print").map((a) => a.input)') as unknown[];
  assert.deepEqual(asked, [{ address: { layout: 'a4', task_id: run.taskId }, printer: 'Bureau_HP', copies: 2 }]);

  // The Enrollments list says which cards are printed, and offers to print one again.
  await page.locator('nav a[data-area="enrollments"]').click();
  const cell = page.getByTestId('printed-cell').first();
  await cell.getByText(/imprimée le/).waitFor();
  await page.screenshot({ path: join(shots, 'enrollments-printed-fr.png') });
  await cell.getByRole('link', { name: 'Réimprimer' }).click();
  await page.getByTestId('print-cards').locator('input[type="checkbox"]:checked').first().waitFor();
  assert.equal(await page.getByTestId('print-cards').locator('input[type="checkbox"]:checked').count(), 1);
  assert.equal(await page.getByTestId('printed-badge').count(), 1);
  await context.close();
  assert.deepEqual(errors, []);
});
