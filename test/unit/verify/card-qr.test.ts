import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { supportedDpis } from '../../../electron/core/api/contract/card-templates';
import type { Clock } from '../../../electron/core/clock';
import { pngFile } from '../../../electron/core/cards/png-encoder';
import { layoutCard, renderCard } from '../../../electron/core/cards/render-card';
import { createKeyFileBox } from '../../../electron/core/secrets/key-file-box';
import { openStore } from '../../../electron/core/store/database';
import { createCardIssuer } from '../../../electron/core/verify/card-issuer';
import { createCardVerifier } from '../../../electron/core/verify/card-verifier';
import { createSigningKeys } from '../../../electron/core/verify/signing-keys';
import { templateIds } from '../../../templates/index';
import type { QrNode } from '../../../templates/kit/scene';
import { quietModules } from '../../../templates/kit/qr';
import { sampleCards } from '../../fixtures/cards/sample-cards';
import { tempDir } from '../../helpers/temp';

// A signed card on every template: the QR is a version 7 code (45 modules) whose modules are at least
// 0.25 mm, and at 300, 450 and 600 DPI the printed pixels decode back to a token that verifies.

const clock: Clock = { now: () => new Date('2026-12-04T10:00:00Z') };
const db = openStore(tempDir());
const keys = createSigningKeys(db, createKeyFileBox(randomBytes(32)), clock);
const issuer = createCardIssuer(db, keys, clock);
const verifier = createCardVerifier(db, clock);

for (const template of templateIds) {
  test(`${template}: a version 7 QR, modules ≥ 0.25 mm; rendered at each DPI it decodes to a token that verifies`, () => {
    const base = sampleCards.long ?? Object.values(sampleCards)[0]!;
    const { token } = issuer.cardFor({ enrollmentUid: base.enrollmentId, programmeUid: 'P3jJH5Tu5VC', mpiId: base.mpiId, firstName: base.firstName, lastName: base.lastName, dateOfBirth: base.dateOfBirth }, template);
    const card = { ...base, qrPayload: token };
    const qr = layoutCard({ card, template, language: 'fr' }).nodes.find((n): n is QrNode => n.kind === 'qr');
    assert.ok(qr, 'the template draws a QR');
    assert.equal(qr.count, 17 + 4 * 7, 'version 7');
    const moduleMm = qr.size / (qr.count + 2 * quietModules);
    assert.ok(moduleMm >= 0.25, `${moduleMm.toFixed(3)} mm a module`);
    for (const dpi of supportedDpis) {
      const image = renderCard({ card, template, dpi, language: 'fr' });
      const png = PNG.sync.read(Buffer.from(pngFile(image, dpi)));
      const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.equal(read?.data, token, `${dpi} DPI`);
      const v = verifier.verify(read.data);
      assert.equal(v.status, 'valid', `${dpi} DPI: ${v.reason}`);
    }
  });
}
