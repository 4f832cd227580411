import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CardModel } from '../../templates/kit/card-model';
import { genericObjectOf, idPart, passObjectId, passValidUntil, saveToWalletClaims } from '../../electron/core/distribution/wallet/wallet-pass';

const card: CardModel = {
  enrollmentId: 'odd id/é', programmeName: 'Vaccination', firstName: null, lastName: '  ', dateOfBirth: null, gender: null,
  phone: null, healthCenter: null, zone: null, enrollmentDate: null, mpiId: null, nationalId: null, address: null,
  guardianName: null, photo: null, qrPayload: 'OOMUS1/x/y/-', extra: [],
};

test('Google Wallet IDs keep only letters, digits, ".", "_" and "-"', () => {
  assert.equal(idPart('odd id/é'), 'odd_id__');
  assert.equal(passObjectId('3388000000022222228', 'odd id/é'), '3388000000022222228.oomus_enrollment_odd_id__');
  assert.match(passObjectId('1', 'a-b.c_D9'), /^1\.oomus_enrollment_a-b\.c_D9$/);
});

test('a pass is valid one year, until 00:00:00Z of the same day (29 February rolls to 1 March)', () => {
  assert.equal(passValidUntil(new Date('2026-05-15T09:20:00Z')).toISOString(), '2027-05-15T00:00:00.000Z');
  assert.equal(passValidUntil(new Date('2028-02-29T23:59:59Z')).toISOString(), '2029-03-01T00:00:00.000Z');
});

test('a card without name, health centre or MPI ID still makes a complete pass', () => {
  const issued = new Date('2026-05-15T09:20:00Z');
  const o = genericObjectOf(card, 'P3jJH5Tu5VC', '1', 'fr', issued);
  assert.deepEqual(o.header, { defaultValue: { language: 'fr', value: 'Nom non renseigné' } });
  assert.equal('subheader' in o, false);
  assert.equal(o.barcode.alternateText, 'odd id/é');
  assert.match(o.textModulesData![0]!.body, /Pas encore attribué/);
  assert.equal(o.textModulesData![1]!.body, 'Non renseigné');
  assert.deepEqual(o.validTimeInterval, { start: { date: '2026-05-15T09:20:00Z' }, end: { date: '2027-05-15T00:00:00Z' } });
  const claims = saveToWalletClaims(o, 'a@b.iam.gserviceaccount.com', [], issued);
  assert.equal(claims.iat, Math.floor(issued.getTime() / 1000));
  assert.deepEqual(claims.payload.genericClasses, [{ id: '1.oomus_programme_P3jJH5Tu5VC' }]);
});

test('the compact pass for SMS keeps the holder, programme, QR (with the MPI ID as its text) and validity only', () => {
  const issued = new Date('2026-05-15T09:20:00Z');
  const full = genericObjectOf({ ...card, healthCenter: 'Plateau', mpiId: 'MPI-7K3QH9TXN' }, 'P3jJH5Tu5VC', '1', 'fr', issued);
  const compact = genericObjectOf({ ...card, healthCenter: 'Plateau', mpiId: 'MPI-7K3QH9TXN' }, 'P3jJH5Tu5VC', '1', 'fr', issued, true);
  assert.deepEqual(Object.keys(compact).sort(), ['barcode', 'cardTitle', 'classId', 'genericType', 'header', 'id', 'state', 'validTimeInterval']);
  assert.deepEqual(compact.barcode, full.barcode);
  assert.equal(compact.barcode.alternateText, 'MPI-7K3QH9TXN');
  // The end of validity only: the start would push an SMS carrying a signed token over its limit.
  assert.deepEqual(compact.validTimeInterval, { end: full.validTimeInterval.end });
  assert.ok(JSON.stringify(compact).length < JSON.stringify(full).length * 0.7);
});
