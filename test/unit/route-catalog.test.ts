import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRoute, routeCatalog } from '../../electron/core/api/contract/route-catalog';

test('every route of the public reference is in the catalogue', () => {
  const reference = [
    'POST /dhis2/config', 'POST /dhis2/test-connection', 'GET /dhis2/preview-enrollments', 'POST /dhis2/assign-codes',
    'POST /dhis2/generate-cards', 'GET /dhis2/tasks/:task_id', 'GET /dhis2/preview-card-png', 'POST /dhis2/sync-schedule',
    'POST /dhis2/send-card', 'GET /dhis2/google-wallet/:enrollment_id', 'POST /dhis2/google-wallet/bulk',
  ];
  const extra = [
    'GET /dhis2/config', 'POST /dhis2/sync', 'GET /dhis2/sync-status', 'GET /dhis2/programmes', 'GET /dhis2/org-units',
    'GET /dhis2/tasks', 'POST /dhis2/tasks/:task_id/cancel', 'GET /dhis2/tasks/:task_id/pdf',
    'GET /dhis2/cards/:enrollment_id.png', 'GET /dhis2/mpi/review', 'POST /dhis2/mpi/review/:review_id',
    'GET /dhis2/outbox', 'POST /dhis2/channels', 'POST /dhis2/google-wallet/config',
  ];
  const listed = new Set(routeCatalog.map((r) => `${r.method} ${r.url}`));
  for (const route of [...reference, ...extra]) assert.ok(listed.has(route), route);
  assert.equal(listed.size, routeCatalog.length, 'no route listed twice');
});

test('matchRoute finds concrete paths, prefers static segments, and rejects what is not listed', () => {
  assert.equal(matchRoute('GET', '/health')?.url, '/health');
  assert.equal(matchRoute('GET', '/dhis2/tasks/task_01ABC?x=1')?.url, '/dhis2/tasks/:task_id');
  assert.equal(matchRoute('GET', '/dhis2/tasks/task_01ABC/pdf?layout=a4')?.url, '/dhis2/tasks/:task_id/pdf');
  assert.equal(matchRoute('GET', '/dhis2/cards/xyz123abc.png')?.url, '/dhis2/cards/:enrollment_id.png');
  assert.equal(matchRoute('POST', '/dhis2/google-wallet/bulk')?.url, '/dhis2/google-wallet/bulk');
  assert.equal(matchRoute('GET', '/dhis2/google-wallet/xyz123abc')?.url, '/dhis2/google-wallet/:enrollment_id');
  assert.equal(matchRoute('DELETE', '/dhis2/config'), undefined);
  assert.equal(matchRoute('GET', '/dhis2/cards/a/b.png'), undefined);
  assert.equal(matchRoute('GET', '/etc/passwd'), undefined);
  assert.equal(matchRoute('GET', '/dhis2/tasks/'), undefined);
});
