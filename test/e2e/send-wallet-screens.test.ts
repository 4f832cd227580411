import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createFakeGraph, createFakeTwilio, graph, twilio } from '../fakes/messaging-providers';
import { launchChromium } from '../helpers/browser';
import { referenceMapping as mapping } from '../helpers/cards';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { navigation, servedApi, signInPage } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// The Send and Google Wallet screens in Debian Chromium, against `serve`, the DHIS2 sandbox and loopback
// fakes of Twilio and WhatsApp: channels set up from the screen, a card sent by SMS (the fake receives the
// exact text), a bad number refused beside its field, the outbox; Google Wallet configured with a key file
// made here, one save link, and links for three enrollments at once.
const token = 'e2e-send-token';
const programme = vaccinationProgram;
const shots = join(projectRoot, 'test-results', 'screens');
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
let fakeTwilio: Awaited<ReturnType<typeof createFakeTwilio>>;
let fakeGraph: Awaited<ReturnType<typeof createFakeGraph>>;
const errors: string[] = [];
// The answers the screens expect and show (a refused setting or number): Chromium logs each as a failed
// resource. Anything else, CSP violations included, is a defect.
const expected = /Failed to load resource: the server responded with a status of (400|404|409)/;


const { api, syncProgramme } = servedApi(() => served.url, token);
const { go, language } = navigation(() => page);

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 120 });
  fakeTwilio = await createFakeTwilio();
  fakeGraph = await createFakeGraph();
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.test(m.text())) errors.push(m.text());
  });
  await signInPage(page, served.url, token);

  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  const mapped = await api('/dhis2/assign-codes', { programme_uid: programme, mappings: mapping });
  assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
  await fakeTwilio?.close();
  await fakeGraph?.close();
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

test('Send › Channels: a wrong Account SID is refused beside its field; Twilio and WhatsApp set up against the fakes', async () => {
  await go('send');
  await page.getByRole('tab', { name: 'Canaux' }).click();
  const sms = page.locator('form[data-channel="sms"]');
  await sms.waitFor();
  assert.equal((await page.getByTestId('sms-state').textContent())?.trim(), 'Non configuré');
  await page.getByLabel('Fournisseur').selectOption('twilio');
  await page.getByLabel('Account SID').fill('AC123');
  await page.getByLabel('Auth token').fill(twilio.authToken);
  await page.getByLabel('Expéditeur').fill(twilio.from);
  await page.getByLabel('Adresse de l’API (facultatif)').last().fill(fakeTwilio.url);
  await page.getByRole('button', { name: 'Enregistrer le SMS' }).click();
  const sidErrors = page.locator('#sms-account_sid-errors');
  await sidErrors.getByText('must be the Account SID').waitFor();
  assert.equal(await page.getByLabel('Account SID').getAttribute('aria-invalid'), 'true');
  assert.equal((await api('/dhis2/channels')).body.sms.configured, false);
  await shot('send-channels-error-fr');

  await page.getByLabel('Account SID').fill(twilio.accountSid);
  await page.getByRole('button', { name: 'Enregistrer le SMS' }).click();
  await page.getByTestId('sms-state').getByText(/Twilio · Configuré le/).waitFor();
  await sidErrors.waitFor({ state: 'detached' });
  // The token is never shown again: the field is empty, and says an empty field keeps it.
  assert.equal(await page.getByLabel('Auth token').inputValue(), '');
  assert.equal(await page.getByLabel('Auth token').getAttribute('placeholder'), 'Enregistré — laisser vide pour le garder');

  const wa = page.locator('form[data-channel="whatsapp"]');
  await wa.getByLabel('Identifiant du numéro WhatsApp').fill(graph.phoneNumberId);
  await wa.getByLabel('Jeton d’accès').fill(graph.token);
  await wa.getByLabel('Adresse de l’API (facultatif)').fill(fakeGraph.url);
  await page.getByRole('button', { name: 'Enregistrer WhatsApp' }).click();
  await page.getByTestId('whatsapp-state').getByText(/Configuré le/).waitFor();

  // A second save without the secrets keeps them (the sender changes, the token stays).
  await page.getByRole('button', { name: 'Enregistrer le SMS' }).click();
  await sms.getByText('Enregistré.', { exact: true }).waitFor();
  const view = (await api('/dhis2/channels')).body;
  assert.equal(view.sms.provider, 'twilio');
  assert.equal(view.sms.api_base_url, fakeTwilio.url);
  assert.equal(view.whatsapp.configured, true);
  assert.ok(!JSON.stringify(view).includes(twilio.authToken) && !JSON.stringify(view).includes(graph.token));
  await shot('send-channels-fr');
  await language('EN');
  await page.getByTestId('sms-state').getByText(/Twilio · Configured on/).waitFor();
  await shot('send-channels-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

let sentTo = '';
test('Send › Send a card: a bad number is refused beside the field; an SMS is sent and Twilio gets the exact text', async () => {
  await go('send');
  await page.getByRole('tab', { name: 'Envoyer une carte' }).click();
  await page.getByLabel('Programme', { exact: true }).selectOption(programme);
  await page.getByTestId('enrollment-count').getByText(/inscriptions dans le cache/).waitFor({ timeout: 10_000 });
  const preview = (await api(`/dhis2/preview-enrollments?programme_uid=${programme}&limit=50`)).body;
  const saved = (await api(`/dhis2/mapping?programme_uid=${programme}`)).body;
  const phoneMapping = saved.mappings.find((m: any) => m.card_field === 'phone_number');
  const phoneKey = phoneMapping.dhis2_attribute_code ?? phoneMapping.dhis2_attribute_uid;
  const row = preview.preview.find((r: any, i: number) => i > 2 && r.attributes.MMD_PER_NAM && r.attributes[phoneKey]);
  assert.ok(row, 'an enrollment with a first name and a phone number');
  sentTo = row.enrollment_id;
  await page.locator(`.enrollment-pick[data-enrollment="${row.enrollment_id}"]`).click();
  await page.getByTestId('send-to').getByText(row.attributes.MMD_PER_NAM, { exact: false }).waitFor();
  // The number on the card is there already.
  assert.equal(await page.getByLabel('Numéro de téléphone').inputValue(), row.attributes[phoneKey]);

  await page.getByLabel('SMS', { exact: true }).check();
  const message = page.getByLabel('Message', { exact: true });
  await message.fill('Bonjour ');
  await page.locator('button.chip[data-placeholder="first_name"]').click();
  await message.press('End');
  await message.pressSequentially(', voici votre carte ');
  await page.locator('button.chip[data-placeholder="programme_name"]').click();
  assert.equal(await message.inputValue(), 'Bonjour {first_name}, voici votre carte {programme_name}');
  const counter = page.getByTestId('sms-counter');
  assert.match((await counter.textContent()) ?? '', /56 caractères · GSM-7 · 1 SMS/);

  // A number too short for Senegal: refused, said beside the field, nothing sent.
  await page.getByLabel('Numéro de téléphone').fill('77 12');
  await page.getByTestId('send-button').click();
  const phoneErrors = page.locator('#send-phone-errors');
  await phoneErrors.waitFor();
  assert.ok(((await phoneErrors.textContent()) ?? '').length > 5);
  assert.equal(await page.getByLabel('Numéro de téléphone').getAttribute('aria-invalid'), 'true');
  assert.equal(fakeTwilio.delivered.length, 0);
  await shot('send-bad-phone-fr');

  await page.getByLabel('Numéro de téléphone').fill('77 123 45 67');
  await page.getByTestId('send-button').click();
  const result = page.getByTestId('send-result');
  await result.waitFor({ timeout: 20_000 });
  assert.equal(await result.getAttribute('data-status'), 'sent');
  assert.match((await result.locator('.outcome-title').textContent()) ?? '', /Envoyé\s+Carte envoyée/);
  assert.equal((await page.getByTestId('sent-phone').textContent())?.trim(), '+221771234567');
  assert.equal(fakeTwilio.delivered.length, 1);
  const body = fakeTwilio.delivered[0]?.form?.Body ?? '';
  assert.equal(await page.getByTestId('sent-text').textContent(), body);
  assert.ok(body.startsWith(`Bonjour ${row.attributes.MMD_PER_NAM.trim()}, voici votre carte `), body);
  assert.equal(fakeTwilio.delivered[0]?.form?.To, '+221771234567');
  assert.match((await page.getByTestId('sms-facts').textContent()) ?? '', /\d+ caractères, (GSM-7|UCS-2), \d+ SMS/);
  await page.locator('#send-phone-errors').waitFor({ state: 'detached' });
  await shot('send-sent-fr');
  await language('EN');
  await result.getByText('Card sent').waitFor();
  await shot('send-sent-en');
  await language('FR');
  assert.deepEqual(errors, []);
});

test('Send › Outbox: the message sent, with its status, provider and number', async () => {
  await go('send');
  await page.getByRole('tab', { name: 'File d’envoi' }).click();
  const row = page.locator('table.outbox-table tbody tr').first();
  await row.waitFor();
  assert.equal(await page.locator('table.outbox-table tbody tr').count(), 1);
  assert.equal(await row.getAttribute('data-status'), 'sent');
  const text = (await row.textContent()) ?? '';
  assert.match(text, /Envoyé/);
  assert.match(text, /twilio/);
  assert.match(text, /\+221771234567/);
  assert.match(text, new RegExp(sentTo));
  assert.match((await page.getByTestId('outbox-counts').textContent()) ?? '', /Envoyé 1/);
  await page.getByTestId('outbox-refresh').click();
  await row.waitFor();
  await shot('send-outbox-fr');
  assert.deepEqual(errors, []);
});

test('Google Wallet: configured with a key file chosen in the form, read back without the key', async () => {
  await go('wallet');
  await page.getByTestId('wallet-not-configured').waitFor();
  await page.getByTestId('wallet-needs-config').waitFor();
  await shot('wallet-not-configured-fr');

  const dir = tempDir();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clientEmail = 'oomus-wallet@oomus-e2e.iam.gserviceaccount.com';
  const keyFile = join(dir, 'service-account.json');
  writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'oomus-e2e', private_key_id: 'e2e0001', private_key: pem, client_email: clientEmail }));
  // A PKCS#1 key is refused, the problem shown beside the file field.
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const badFile = join(dir, 'pkcs1.json');
  writeFileSync(badFile, JSON.stringify({ type: 'service_account', private_key: pkcs1, client_email: clientEmail }));

  await page.getByLabel('Issuer ID (Google Pay & Wallet Console)').fill('3388000000012345678');
  await page.getByLabel('Clé du compte de service (fichier .json)').setInputFiles(badFile);
  await page.getByTestId('key-read').getByText(clientEmail).waitFor();
  await page.getByRole('button', { name: 'Enregistrer la configuration' }).click();
  await page.locator('#wallet-key-errors').getByText(/private_key/).waitFor();
  assert.equal((await api('/dhis2/google-wallet/config')).status, 404);
  await shot('wallet-config-error-fr');

  await page.getByLabel('Clé du compte de service (fichier .json)').setInputFiles(keyFile);
  await page.getByRole('button', { name: 'Enregistrer la configuration' }).click();
  await page.getByTestId('wallet-client-email').getByText(clientEmail).waitFor();
  await page.locator('#wallet-key-errors').waitFor({ state: 'detached' });
  const stored = (await api('/dhis2/google-wallet/config')).body;
  assert.equal(stored.issuer_id, '3388000000012345678');
  assert.equal(stored.client_email, clientEmail);
  assert.ok(!(await page.content()).includes('PRIVATE KEY'));
  assert.deepEqual(errors, []);
});

test('Google Wallet: a save link for one enrollment, then links for three at once', async () => {
  await go('wallet');
  await page.getByLabel('Programme', { exact: true }).selectOption(programme);
  await page.getByTestId('enrollment-count').getByText(/inscriptions dans le cache/).waitFor({ timeout: 10_000 });
  const preview = (await api(`/dhis2/preview-enrollments?programme_uid=${programme}&limit=50`)).body;
  const chosen = preview.preview[5].enrollment_id as string;
  await page.locator(`.enrollment-pick[data-enrollment="${chosen}"]`).click();
  // A link is made when asked, since each one made is recorded as given to that person.
  await page.getByTestId('wallet-for').getByText(chosen).waitFor();
  await page.getByTestId('wallet-make').click();
  const box = page.locator(`[data-testid="wallet-link"][data-enrollment="${chosen}"]`);
  await box.waitFor({ timeout: 10_000 });
  const link = box.getByTestId('wallet-save-link');
  assert.equal((await link.textContent())?.trim(), 'Enregistrer dans Google Wallet');
  const href = (await link.getAttribute('href')) ?? '';
  assert.match(href, /^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match((await link.getAttribute('rel')) ?? '', /noopener/);
  assert.match((await box.getByTestId('wallet-valid-until').textContent()) ?? '', /Valable jusqu’au \d{2}\/\d{2}\/\d{4}/);
  // The JWT carries this enrollment's pass.
  const claims = JSON.parse(Buffer.from(href.split('/').pop()!.split('.')[1]!, 'base64url').toString());
  assert.equal(claims.payload.genericObjects[0].id, `3388000000012345678.oomus_enrollment_${chosen}`);

  const three = preview.preview.slice(10, 13).map((r: any) => r.enrollment_id as string);
  for (const id of three) await page.locator(`.bulk-list input[data-enrollment="${id}"]`).check();
  assert.equal((await page.getByTestId('bulk-count').textContent())?.trim(), '3 inscriptions cochées');
  await page.getByTestId('bulk-make').click();
  const rows = page.locator('table.bulk-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-enrollment'))), three);
  for (let i = 0; i < 3; i++) {
    assert.equal(await rows.nth(i).getAttribute('data-ok'), 'true');
    assert.match((await rows.nth(i).locator('a').getAttribute('href')) ?? '', /^https:\/\/pay\.google\.com\/gp\/v\/save\//);
  }
  assert.match((await page.getByTestId('bulk-summary').textContent()) ?? '', /3 liens créés sur 3, 0 sans lien/);
  await shot('wallet-links-fr');
  await language('EN');
  await page.getByTestId('bulk-summary').getByText('3 links made out of 3').waitFor();
  await shot('wallet-links-en');
  await language('FR');
  assert.deepEqual(errors, []);
});
