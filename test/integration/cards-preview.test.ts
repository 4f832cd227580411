import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import type { App } from '../../electron/core/app';
import { parseQrPayload } from '../../electron/core/cards/qr-payload';
import { decodePng, pngPhys, programmeUid, syncedApp } from '../helpers/cards';

let app: App;
let close: () => Promise<void>;
let enrollment: string;

before(async () => {
  ({ app, close } = await syncedApp());
  enrollment = (app.db.prepare('SELECT uid FROM enrollments WHERE programme_uid = ? ORDER BY uid LIMIT 1').get(programmeUid) as { uid: string }).uid;
});
after(() => close());

const preview = (query: string) => app.dispatch('GET', `/dhis2/preview-card-png?${query}`);

test('preview-card-png renders a cached enrollment at true CR80 size for each DPI, with pHYs', async () => {
  const expected = { 300: [1011, 638], 450: [1517, 956], 600: [2022, 1275] } as const;
  for (const [dpi, [width, height]] of Object.entries(expected)) {
    const res = await preview(`enrollment_id=${enrollment}&template=pulse&dpi=${dpi}`);
    assert.equal(res.status, 200);
    assert.equal(res.contentType, 'image/png');
    const png = decodePng(res.body as Uint8Array);
    assert.deepEqual([png.width, png.height], [width, height], `size at ${dpi} DPI`);
    const phys = pngPhys(res.body as Uint8Array);
    assert.equal(phys?.unit, 1, 'pHYs unit is the metre');
    assert.equal(phys?.x, Math.round(Number(dpi) / 0.0254));
    assert.equal(phys?.y, phys?.x);
  }
});

test('the default DPI is 300 and the QR decodes to the enrollment and programme', async () => {
  const res = await preview(`enrollment_id=${enrollment}&template=vital`);
  assert.equal(res.status, 200);
  const png = decodePng(res.body as Uint8Array);
  assert.equal(png.width, 1011);
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code is found on the card');
  assert.deepEqual(parseQrPayload(code.data), { enrollmentUid: enrollment, programmeUid, mpiId: null });
});

test('unknown enrollment → 404; unknown template, DPI or bad sovereign_config → 400 naming the field', async () => {
  const missing = await preview('enrollment_id=NoSuchEnrol&template=vital');
  assert.equal(missing.status, 404);
  assert.match((missing.body as any).error.message, /NoSuchEnrol/);

  for (const [query, field] of [
    [`enrollment_id=${enrollment}&template=gold`, 'template'],
    [`enrollment_id=${enrollment}&template=vital&dpi=72`, 'dpi'],
    [`enrollment_id=${enrollment}&template=vital&dpi=abc`, 'dpi'],
    [`enrollment_id=../etc&template=vital`, 'enrollment_id'],
    [`template=vital`, 'enrollment_id'],
    [`enrollment_id=${enrollment}&template=vital&sovereign_config=${encodeURIComponent('{"font_scale":1}')}`, 'sovereign_config'],
    [`enrollment_id=${enrollment}&template=sovereign&sovereign_config=${encodeURIComponent('{"accent_hex":"gold"}')}`, 'sovereign_config.accent_hex'],
    [`enrollment_id=${enrollment}&template=sovereign&sovereign_config=${encodeURIComponent('{"font_scale":3}')}`, 'sovereign_config.font_scale'],
    [`enrollment_id=${enrollment}&template=sovereign&sovereign_config=${encodeURIComponent('{"max_attrs":2.5}')}`, 'sovereign_config.max_attrs'],
    [`enrollment_id=${enrollment}&template=sovereign&sovereign_config=not-json`, 'sovereign_config'],
  ] as const) {
    const res = await preview(query);
    assert.equal(res.status, 400, query);
    const details = (res.body as any).error.details as { field: string }[];
    assert.ok(details.some((d) => d.field === field), `${query}: ${JSON.stringify(res.body)}`);
  }
});

test('a valid sovereign_config changes the sovereign card', async () => {
  const plain = await preview(`enrollment_id=${enrollment}&template=sovereign`);
  const green = await preview(`enrollment_id=${enrollment}&template=sovereign&sovereign_config=${encodeURIComponent('{"bg_hex":"#0B3D2E","bg_deep_hex":"#06261C"}')}`);
  assert.equal(plain.status, 200);
  assert.equal(green.status, 200);
  assert.notDeepEqual(plain.body, green.body);
});

test('a programme with no mapping yet → 409 saying so', async () => {
  const bare = await syncedApp({ enrollments: 5, mapped: false });
  try {
    const uid = (bare.app.db.prepare('SELECT uid FROM enrollments LIMIT 1').get() as { uid: string }).uid;
    const res = await bare.app.dispatch('GET', `/dhis2/preview-card-png?enrollment_id=${uid}&template=vital`);
    assert.equal(res.status, 409);
    assert.match((res.body as any).error.message, /no card mapping/);
  } finally {
    await bare.close();
  }
});
