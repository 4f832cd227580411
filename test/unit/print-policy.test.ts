import assert from 'node:assert/strict';
import { test } from 'node:test';
import { a4, cr80Page } from '../../electron/core/cards/print-layout';
import { choosePrinter, pageMicrons, printOptions, waitUntilReady } from '../../electron/main/print-policy';

// How the desktop app prints, held in Node: true-size options for webContents.print, the printer each
// format goes to, and never printing a page whose cards are not all loaded.

test('a print job is at true size: the format\'s page in microns, no margins, no scaling, no dialog', () => {
  assert.deepEqual(printOptions('a4', 'Bureau_HP', 2), {
    silent: true, deviceName: 'Bureau_HP', copies: 2, printBackground: true, color: true, landscape: false, scaleFactor: 100,
    margins: { marginType: 'none' }, pageSize: { width: 210_000, height: 297_000 },
  });
  assert.deepEqual(printOptions('cr80', 'Evolis_Primacy', 1).pageSize, { width: 85_600, height: 53_980 });
  // The same pages as the print page draws.
  assert.deepEqual(pageMicrons.a4, { width: a4.w * 1000, height: a4.h * 1000 });
  assert.deepEqual(pageMicrons.cr80, { width: Math.round(cr80Page.w * 1000), height: Math.round(cr80Page.h * 1000) });
  assert.throws(() => printOptions('a4', ' ', 1), /Choose a printer/);
  for (const copies of [0, 21, 1.5]) assert.throws(() => printOptions('a4', 'x', copies), /Copies/);
});

test('each format goes to its printer: the one last used, a card printer for CR80, the default for A4', () => {
  const printers = [
    { name: 'Bureau_HP', displayName: 'HP LaserJet (bureau)', isDefault: true },
    { name: 'Evolis_Primacy_2', displayName: 'Evolis Primacy 2', isDefault: false },
    { name: 'Canon_couleur', displayName: 'Canon couleur', isDefault: false },
  ];
  assert.equal(choosePrinter(printers, undefined, 'a4'), 'Bureau_HP');
  assert.equal(choosePrinter(printers, undefined, 'cr80'), 'Evolis_Primacy_2');
  assert.equal(choosePrinter(printers, 'Canon_couleur', 'a4'), 'Canon_couleur', 'the one chosen last time');
  assert.equal(choosePrinter(printers, 'Gone_Printer', 'cr80'), 'Evolis_Primacy_2', 'a printer since removed is not kept');
  assert.equal(choosePrinter([{ name: 'Evolis', displayName: 'Evolis', isDefault: true }, { name: 'Laser', displayName: 'Laser', isDefault: false }], undefined, 'a4'), 'Laser', 'A4 never goes to the card printer first');
  assert.equal(choosePrinter([printers[0]!], undefined, 'cr80'), 'Bureau_HP', 'no card printer: the default');
  assert.equal(choosePrinter([], undefined, 'a4'), null);
});

test('a print waits for every card; a page that failed or never finished prints nothing', async () => {
  let reads = 0;
  await waitUntilReady(async () => (++reads < 3 ? undefined : 'true'), { everyMs: 1 });
  assert.equal(reads, 3);
  await assert.rejects(waitUntilReady(async () => 'failed', { everyMs: 1 }), /could not load its cards/);
  await assert.rejects(waitUntilReady(async () => undefined, { everyMs: 1, timeoutMs: 20 }), /did not finish loading/);
});
