import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { launchChromium } from '../helpers/browser';
import { referenceMapping } from '../helpers/cards';
import { projectRoot, startServe, type Served } from '../helpers/cli';
import { navigation, servedApi, signInPage } from '../helpers/e2e';
import { tempDir } from '../helpers/temp';
import { vaccinationProgram as programme } from '../sandbox/metadata';
import { createSandbox } from '../sandbox/server';

// The Vérifier screen in Chromium at 1366 × 768: a card the office generated is checked from its pasted
// text, from its PNG, and from a camera (Chromium's fake camera playing a video of the card); an altered
// card, a card from before signing and a photo without a QR each get their answer in words.
const token = 'e2e-verify-token';
const shots = join(projectRoot, 'test-results', 'screens-verify');
const work = tempDir();
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const { api, syncProgramme } = servedApi(() => served.url, token);
const { go, language } = navigation(() => page);
const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });
let cardPng = '';
let qr = '';
let holder = '';

/** A Y4M video (what Chromium's fake camera plays) of one still image on white, in 4:2:0. */
function y4mOf(png: PNG, width = 1280, height = 720): Buffer {
  const y = Buffer.alloc(width * height, 235);
  const u = Buffer.alloc((width / 2) * (height / 2), 128);
  const v = Buffer.alloc((width / 2) * (height / 2), 128);
  const ox = Math.floor((width - png.width) / 2) & ~1;
  const oy = Math.floor((height - png.height) / 2) & ~1;
  for (let row = 0; row < png.height; row++) {
    for (let col = 0; col < png.width; col++) {
      const i = (row * png.width + col) * 4;
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      const x = ox + col;
      const yy = oy + row;
      if (x >= width || yy >= height) continue;
      y[yy * width + x] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
      if (x % 2 === 0 && yy % 2 === 0) {
        u[(yy / 2) * (width / 2) + x / 2] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
        v[(yy / 2) * (width / 2) + x / 2] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
      }
    }
  }
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, u, v]);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  sandbox = await createSandbox({ enrollments: 40 });
  served = await startServe(tempDir(), { OOMUS_TOKEN: token });
  assert.equal((await api('/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
  await syncProgramme(programme);
  assert.equal((await api('/dhis2/assign-codes', { programme_uid: programme, mappings: referenceMapping })).status, 200);
  const started = await api('/dhis2/generate-cards', { programme_uid: programme, template: 'vital', dpi: 300 });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let until = Date.now() + 60_000; ; ) {
    const task = (await api(`/dhis2/tasks/${started.body.task_id}`)).body;
    if (task.status === 'completed' || task.status === 'completed_with_errors') break;
    assert.ok(Date.now() < until && !['failed', 'cancelled'].includes(task.status), JSON.stringify(task));
    await new Promise((r) => setTimeout(r, 200));
  }
  const found = (await api(`/dhis2/enrollments?programme_uid=${programme}&limit=20`)).body.items.find((r: any) => r.mpi_id && r.attributes.MMD_PER_NAM && r.attributes.MMD_PER_LST);
  assert.ok(found, 'a carded person with a name');
  holder = `${found.attributes.MMD_PER_NAM.trim()} ${found.attributes.MMD_PER_LST.trim()}`;
  const png = (await api(`/dhis2/cards/${found.enrollment_id}.png`)).body as ArrayBuffer;
  cardPng = join(work, 'card.png');
  writeFileSync(cardPng, Buffer.from(png));
  const decoded = PNG.sync.read(Buffer.from(png));
  qr = jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data ?? '';
  assert.match(qr, /^OC1:/);
  const video = join(work, 'card.y4m');
  writeFileSync(video, y4mOf(decoded));

  browser = await launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream']);
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await signInPage(page, served.url, token);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await sandbox?.close();
});

const result = () => page.getByTestId('verify-result');

test('a card pasted, loaded as a PNG, or held to the camera: valid, issued here, with the holder', async () => {
  await go('verify');
  await page.getByLabel('Ou collez le texte du QR').fill(qr);
  await page.getByTestId('verify-check').click();
  await result().waitFor();
  assert.equal(await result().getAttribute('data-status'), 'valid');
  assert.match((await result().textContent()) ?? '', /Carte valide/);
  assert.equal((await page.getByTestId('verify-issuer').textContent())?.trim(), 'Émise par ce bureau');
  await page.getByTestId('verify-holder').getByText(holder).waitFor();
  const title = await page.locator('.verify-title').evaluate((el) => Number.parseFloat((globalThis as any).getComputedStyle(el).fontSize));
  assert.ok(title >= 36, `the answer is large: ${title}px`);
  await shot('verify-valid-fr');
  await language('EN');
  await result().getByText('Valid card').waitFor();
  await shot('verify-valid-en');
  await language('FR');

  await page.getByLabel('Ou collez le texte du QR').fill('');
  await page.setInputFiles('#verify-file', cardPng);
  await result().getByText('Carte valide').waitFor();

  // The camera: Chromium's fake camera plays a video of the card; the QR is read from its frames.
  await page.reload();
  await page.locator('section[data-area="verify"]').waitFor();
  await page.getByTestId('camera-start').click();
  await result().waitFor({ timeout: 15_000 });
  assert.equal(await result().getAttribute('data-status'), 'valid');
  assert.equal(await page.getByTestId('camera-video').count(), 0, 'the camera stops once the card is read');
  await shot('verify-camera-fr');
  assert.deepEqual(errors, []);
});

test('an altered card, a card from before signing, and a photo without a QR are each said in words', async () => {
  await go('verify');
  const box = page.getByLabel('Ou collez le texte du QR');
  const altered = qr.slice(0, 20) + (qr[20] === 'A' ? 'B' : 'A') + qr.slice(21);
  await box.fill(altered);
  await page.getByTestId('verify-check').click();
  await page.locator('[data-testid="verify-result"][data-reason="bad_signature"]').waitFor();
  assert.match((await page.getByTestId('verify-reason').textContent()) ?? '', /modifiée ou contrefaite/);
  assert.equal(await page.getByTestId('verify-holder').count(), 0, 'an altered card says nothing of a holder');
  await shot('verify-altered-fr');
  await language('EN');
  await page.getByTestId('verify-reason').getByText('altered or forged').waitFor();
  await shot('verify-altered-en');
  await language('FR');

  await box.fill(`OOMUS1/EnrAb12Cd34/${programme}/-`);
  await page.getByTestId('verify-check').click();
  await page.locator('[data-testid="verify-result"][data-reason="unsigned"]').waitFor();
  assert.match((await result().textContent()) ?? '', /Carte non signée/);

  const blank = new PNG({ width: 200, height: 120 });
  blank.data.fill(255);
  const blankFile = join(work, 'blank.png');
  writeFileSync(blankFile, PNG.sync.write(blank));
  await page.setInputFiles('#verify-file', blankFile);
  await page.getByTestId('image-problem').getByText('Aucun QR lisible').waitFor();
  assert.deepEqual(errors, []);
});
