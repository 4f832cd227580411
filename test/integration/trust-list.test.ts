import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from '../helpers/temp';

// Two offices with no network between them: office A exports its keys and revocations as a file, office B
// imports it and then verifies A's cards, learns A's later revocations from a newer file, and can remove A
// again. A file with a wrong key id, another format or B's own key is refused naming the field.

async function office(): Promise<App> {
  const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, renderWorkers: 1 });
  after(() => app.close());
  return app;
}
const holder = { enrollmentUid: 'EnrAb12Cd34', programmeUid: 'P3jJH5Tu5VC', mpiId: 'MPI-7K3QH9TXN', firstName: 'Awa', lastName: 'Ba', dateOfBirth: '1990-01-01' };

test('a trusted office\'s cards verify, with its name and its revocations; removed, they do not', async () => {
  const a = await office();
  const b = await office();
  const card = a.verify.issuer.issue(holder, 'first card');
  const verifyAtB = async (qr: string): Promise<any> => (await b.dispatch('POST', '/dhis2/verify', { qr })).body;
  assert.equal((await verifyAtB(card.token)).reason, 'unknown_issuer');

  const exported = await a.dispatch('GET', `/dhis2/trust/export?office=${encodeURIComponent('District sanitaire de Matam')}`);
  assert.equal(exported.status, 200, JSON.stringify(exported.body));
  const file = exported.body as any;
  assert.equal(file.format, 'oomus-trust/1');
  assert.deepEqual(file.keys.map((k: any) => k.kid), [a.verify.keys.active().keyId]);
  const imported = await b.dispatch('POST', '/dhis2/trust', { file });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual((imported.body as any).offices.map((o: any) => [o.office, o.key_id, o.revocations]), [['District sanitaire de Matam', a.verify.keys.active().keyId, 0]]);
  const v = await verifyAtB(card.token);
  assert.deepEqual([v.status, v.office, v.own, v.card.mpi_id], ['valid', 'District sanitaire de Matam', false, 'MPI-7K3QH9TXN']);

  // A reissues the card: a newer file carries the revocation, and B refuses the old card.
  const again = a.verify.issuer.issue(holder, 'corrected data');
  const newer = (await a.dispatch('GET', '/dhis2/trust/export?office=Matam')).body as any;
  assert.equal(newer.revocations.length, 1);
  assert.equal((await b.dispatch('POST', '/dhis2/trust', { file: newer })).status, 200);
  assert.equal((await verifyAtB(card.token)).reason, 'revoked');
  assert.equal((await verifyAtB(again.token)).status, 'valid');
  assert.deepEqual(((await b.dispatch('GET', '/dhis2/trust')).body as any).offices.map((o: any) => [o.office, o.revocations]), [['Matam', 1]]);

  const removed = await b.dispatch('POST', `/dhis2/trust/${a.verify.keys.active().keyId}/remove`, {});
  assert.deepEqual((removed.body as any).offices, []);
  assert.equal((await verifyAtB(again.token)).reason, 'unknown_issuer');
  assert.equal((await b.dispatch('POST', `/dhis2/trust/${a.verify.keys.active().keyId}/remove`, {})).status, 404);
});

test('a file that is not an office\'s export is refused naming the field, and nothing is stored', async () => {
  const a = await office();
  const b = await office();
  const file = (await a.dispatch('GET', '/dhis2/trust/export?office=Matam')).body as any;
  const cases: [unknown, string][] = [
    ['not an object', 'file'],
    [{ ...file, format: 'other/2' }, 'file.format'],
    [{ ...file, office: '' }, 'file.office'],
    [{ ...file, keys: [] }, 'file.keys'],
    [{ ...file, keys: [{ ...file.keys[0], kid: '00000000' }] }, 'file.keys[0].kid'],
    [{ ...file, keys: [{ ...file.keys[0], x: 'c2hvcnQ' }] }, 'file.keys[0].x'],
    [{ ...file, revocations: [{ key_id: 'ffffffff', card_id: '0011223344556677', revoked_at: 'x' }] }, 'file.revocations[0]'],
    [(await b.dispatch('GET', '/dhis2/trust/export?office=Myself')).body, 'file.keys[0]'],
  ];
  for (const [bad, field] of cases) {
    const res = await b.dispatch('POST', '/dhis2/trust', { file: bad });
    assert.equal(res.status, 400, field);
    assert.equal((res.body as any).error.details[0].field, field, JSON.stringify(res.body));
  }
  assert.deepEqual(((await b.dispatch('GET', '/dhis2/trust')).body as any).offices, []);
  assert.equal((await a.dispatch('GET', '/dhis2/trust/export?office=')).status, 400);
});
