import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { foldName } from '../../electron/core/mpi/normalise';
import { createFakeTwilio, twilio } from '../fakes/messaging-providers';
import { launchChromium } from '../helpers/browser';
import { referenceMapping } from '../helpers/cards';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { navigation, servedApi, signInPage } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram as programme } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// Finding anyone, as a district officer does on a 1366 × 768 laptop in French: a person who is not among
// the 100 most recent is found on the Enrollments screen by name (words in any order, accents and case
// aside), by enrollment UID, by phone as people write it and by MPI ID; their record opens with what DHIS2
// says, the card and the MPI ID; the card is sent by SMS to a loopback Twilio; the pickers of Cards and
// Google Wallet find people the same way. Screenshots of each screen in French and English.
const token = 'e2e-find-token';
const shots = join(projectRoot, 'test-results', 'screens-search');
const people = 300;
const phoneKey = 'BDwGAIpYuKy';
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
let fakeTwilio: Awaited<ReturnType<typeof createFakeTwilio>>;
const errors: string[] = [];
const { api, syncProgramme } = servedApi(() => served.url, token);
const { go, language } = navigation(() => page);
const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

/** Everyone, most recent first, as the API pages them. */
async function everyone(): Promise<any[]> {
  const rows: any[] = [];
  let next: string | null = null;
  do {
    const res = await api(`/dhis2/enrollments?programme_uid=${programme}&limit=100${next ? `&after=${next}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    rows.push(...res.body.items);
    next = res.body.next;
  } while (next);
  return rows;
}
let target: any;
let rank = -1;

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: people });
  fakeTwilio = await createFakeTwilio();
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 404/.test(m.text())) errors.push(m.text());
  });
  // The one 404 expected: Google Wallet not configured. A photo not cached is not even asked for.
  page.on('response', (r) => {
    if (r.status() === 404 && !r.url().endsWith('/dhis2/google-wallet/config')) errors.push(`404 ${r.url()}`);
  });

  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  const mapped = await api('/dhis2/assign-codes', { programme_uid: programme, mappings: [...referenceMapping, { card_field: 'photo', dhis2_attribute_code: 'MMD_PER_PHOTO' }] });
  assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
  await syncProgramme(programme); // fetches the photos of the mapped photo attribute
  const sms = await api('/dhis2/channels', { sms: { provider: 'twilio', account_sid: twilio.accountSid, auth_token: twilio.authToken, sender: twilio.from, api_base_url: fakeTwilio.url } });
  assert.equal(sms.status, 200, JSON.stringify(sms.body));
  // A generation gives everyone an MPI ID.
  const started = await api('/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let until = Date.now() + 120_000; ; ) {
    const task = (await api(`/dhis2/tasks/${started.body.task_id}`)).body;
    if (task.status === 'completed' || task.status === 'completed_with_errors') break;
    assert.ok(Date.now() < until && !['failed', 'cancelled'].includes(task.status), JSON.stringify(task));
    await new Promise((r) => setTimeout(r, 200));
  }

  const all = await everyone();
  rank = all.findIndex((r, i) => i >= 150 && r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST && r.attributes[phoneKey] && r.mpi_id && r.attributes.MMD_PER_PHOTO);
  if (rank < 0) rank = all.findIndex((r, i) => i >= 150 && r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST && r.attributes[phoneKey] && r.mpi_id);
  assert.ok(rank >= 150, 'someone well past the 100 most recent, with a name, a phone and an MPI ID');
  target = all[rank];

  await signInPage(page, served.url, token);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
  await fakeTwilio?.close();
});

const nsnOf = (phone: string): string => phone.replace(/\D/g, '').replace(/^00221|^221(?=\d{9}$)/, '');
const row = (id: string) => page.locator(`[data-testid="enrollment-table"] tbody tr[data-enrollment="${id}"]`);

test('Enrollments: someone past the 100 most recent is found by name, UID, phone and MPI ID', async () => {
  await go('enrollments');
  const total = page.getByTestId('total');
  await total.getByText(/inscriptions au total/).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-testid="enrollment-table"] tbody tr').count(), 50);
  assert.equal(await row(target.enrollment_id).count(), 0, `rank ${rank}: not on the first page`);
  // Titles are card fields and attribute names, never UIDs; photos are thumbnails, not file-resource ids.
  const headers = (await page.locator('[data-testid="enrollment-table"] thead th').allTextContents()).map((h) => h.trim());
  for (const h of ['Nom', 'ID MPI', 'Téléphone', 'Date d’inscription', 'Centre de santé', 'Suivi']) assert.ok(headers.includes(h), `${h} in ${headers.join('|')}`);
  for (const h of headers) assert.doesNotMatch(h, /^[A-Za-z][A-Za-z0-9]{10}$/, `no attribute UID as a title: ${h}`);
  await page.locator('[data-testid="photo-thumb"]').first().waitFor();
  assert.ok(!(await page.locator('[data-testid="enrollment-table"]').textContent())?.includes(target.attributes.MMD_PER_PHOTO ?? 'none'));
  await shot('enrollments-fr');
  await language('EN');
  await total.getByText(/enrollments in all/).waitFor();
  await shot('enrollments-en');
  await language('FR');

  const search = page.getByLabel('Rechercher une personne');
  const first = target.attributes.MMD_PER_NAM as string;
  const last = target.attributes.MMD_PER_LST as string;
  const nsn = nsnOf(target.attributes[phoneKey]);
  const mpi = target.mpi_id as string;
  const keys: [kind: string, typed: string][] = [
    ['name', `${foldName(last).toLowerCase()} ${foldName(first).toUpperCase()}`],
    ['uid', target.enrollment_id],
    ['phone', target.attributes[phoneKey].startsWith('+') ? `${nsn.slice(0, 2)} ${nsn.slice(2)}` : `+221 ${nsn.slice(0, 2)} ${nsn.slice(2, 5)} ${nsn.slice(5)}`],
    ['mpi', mpi.replace('MPI-', '').toLowerCase()],
  ];
  for (const [kind, typed] of keys) {
    await search.fill(typed);
    await row(target.enrollment_id).waitFor({ timeout: 10_000 });
    await total.getByText(/trouvées?/).waitFor();
    const shown = await page.locator('[data-testid="enrollment-table"] tbody tr').count();
    if (kind !== 'name') assert.ok(shown <= 3, `${kind} "${typed}": ${shown} rows`);
    assert.equal((await row(target.enrollment_id).getByTestId('mpi-cell').textContent())?.trim(), mpi);
    await shot(`enrollments-found-by-${kind}-fr`);
  }
  await search.fill('zzqxv wwkj');
  await page.getByText('Personne ne correspond à cette recherche.').waitFor();
  assert.deepEqual(errors, []);
});

test('the person opens with what DHIS2 says, the card and the MPI ID; the card is sent by SMS', async () => {
  const search = page.getByLabel('Rechercher une personne');
  await search.fill(`${target.attributes.MMD_PER_NAM} ${target.attributes.MMD_PER_LST}`);
  await row(target.enrollment_id).locator('button.person-open').click();
  await page.locator('section[data-area="person"]').waitFor();
  const name = `${target.attributes.MMD_PER_NAM.trim()} ${target.attributes.MMD_PER_LST.trim()}`;
  await page.getByTestId('person-name').getByText(name).waitFor();
  assert.equal((await page.getByTestId('person-mpi').textContent())?.trim(), target.mpi_id);
  const facts = (await page.getByTestId('person-attributes').textContent()) ?? '';
  assert.ok(facts.includes('Téléphone') && facts.includes(target.attributes[phoneKey]), facts);
  assert.ok(!facts.includes(phoneKey), 'no attribute UID');
  const card = page.locator(`img[data-testid="card-image"][data-enrollment="${target.enrollment_id}"]`);
  await card.waitFor({ timeout: 20_000 });
  assert.ok(await card.evaluate((img: any) => img.complete && img.naturalWidth === 1011));
  await page.getByTestId('person-mpi-panel').locator(`[data-linked="${target.enrollment_id}"]`).waitFor();
  await page.getByText('Aucun message pour cette inscription.').waitFor();
  await shot('person-fr');
  await language('EN');
  await page.getByText('No message for this enrollment.').waitFor();
  await shot('person-en');
  await language('FR');

  // Send the card: the Send screen opens on this person, with the card's number.
  await page.getByTestId('to-send').click();
  await page.locator('section[data-area="send"]').waitFor();
  await page.getByTestId('send-to').getByText(name, { exact: false }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByLabel('Numéro de téléphone').inputValue(), target.attributes[phoneKey]);
  await page.getByLabel('SMS', { exact: true }).check();
  await shot('send-chosen-fr');
  await language('EN');
  await page.getByTestId('send-to').getByText(`To ${name}`, { exact: false }).waitFor();
  await shot('send-chosen-en');
  await language('FR');
  await page.getByTestId('send-button').click();
  const result = page.getByTestId('send-result');
  await result.waitFor({ timeout: 20_000 });
  assert.equal(await result.getAttribute('data-status'), 'sent');
  assert.equal(fakeTwilio.delivered.length, 1);
  assert.equal(fakeTwilio.delivered[0]?.form?.To, `+221${nsnOf(target.attributes[phoneKey])}`);

  // Back on the record and the list: the message and the "sent" follow-up are there.
  await page.goto(`${served.url}/#/enrollments/${target.enrollment_id}?programme=${programme}`);
  await page.getByTestId('person-messages').locator('tr[data-status="sent"]').waitFor({ timeout: 10_000 });
  await go('enrollments');
  await page.getByLabel('Rechercher une personne').fill(target.enrollment_id);
  await row(target.enrollment_id).getByTestId('printed-cell').getByText(/envoyée le \d{2}\/\d{2}\/\d{4}/).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
});

test('the pickers of Cards and Google Wallet search the whole cache too', async () => {
  await go('cards');
  const picker = page.locator('.person-picker');
  await picker.getByTestId('enrollment-count').getByText(/inscriptions dans le cache/).waitFor({ timeout: 10_000 });
  await page.getByLabel('Rechercher une personne').fill(target.mpi_id);
  await picker.locator(`.enrollment-pick[data-enrollment="${target.enrollment_id}"]`).click();
  await page.locator(`img[data-testid="card-image"][data-enrollment="${target.enrollment_id}"]`).waitFor({ timeout: 20_000 });
  await shot('cards-found-fr');
  await language('EN');
  await page.getByRole('link', { name: 'Download PNG' }).waitFor();
  await shot('cards-found-en');
  await language('FR');

  await go('wallet');
  await page.locator('.person-picker').getByTestId('enrollment-count').getByText(/inscriptions dans le cache/).waitFor({ timeout: 10_000 });
  await page.getByLabel('Rechercher une personne').fill(nsnOf(target.attributes[phoneKey]));
  await page.locator(`.person-picker .enrollment-pick[data-enrollment="${target.enrollment_id}"]`).click();
  await page.getByTestId('wallet-needs-config').waitFor();
  await shot('wallet-picker-fr');
  await language('EN');
  await page.getByTestId('wallet-needs-config').waitFor();
  await shot('wallet-picker-en');
  await language('FR');
  assert.deepEqual(errors, []);
});
