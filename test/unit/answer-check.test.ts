import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contractProblems, type Outgoing } from '../../electron/core/api/answer-check';

// The contract check on answers as they leave: success bodies against the route's answer, error bodies
// against the error body (or the route's own failure answer), files against their type.
const answer = (over: Partial<Outgoing>): Outgoing => ({
  method: 'GET', path: '/health', route: '/health', status: 200, contentType: 'application/json; charset=utf-8', payload: '{"status":"ok","version":"1"}', ...over,
});

test('a conforming answer has no problems; one with a stray field or a wrong value has them, named', () => {
  assert.deepEqual(contractProblems(answer({})), []);
  const extra = contractProblems(answer({ payload: '{"status":"ok","version":"1","uptime":3}' }));
  assert.ok(extra.some((p) => p.includes('uptime')), extra.join('; '));
  const wrong = contractProblems(answer({ payload: '{"status":"up","version":"1"}' }));
  assert.ok(wrong.some((p) => p.startsWith('/status')), wrong.join('; '));
});

test('a task answer must be one of the task kinds, with the details of its kind', () => {
  const base = { task_id: 'task_1', programme_uid: null, status: 'running', progress: 10, created_at: 'x', started_at: null, finished_at: null, cancel_requested: false, errors: [], eta_seconds: null };
  const task = (body: unknown): Outgoing => answer({ path: '/dhis2/tasks/task_1', route: '/dhis2/tasks/:task_id', payload: JSON.stringify(body) });
  assert.deepEqual(contractProblems(task({ ...base, kind: 'sync', details: { pages_done: 2 } })), []);
  assert.notDeepEqual(contractProblems(task({ ...base, kind: 'sync', details: { cards_generated: 2 } })), []);
  assert.notDeepEqual(contractProblems(task({ ...base, kind: 'print', details: {} })), []);
});

test('errors are held to the error body; test-connection may answer its own failure body instead', () => {
  const error = (payload: unknown, route = '/dhis2/tasks/:task_id', path = '/dhis2/tasks/task_1'): string[] =>
    contractProblems(answer({ path, route, status: 404, payload: JSON.stringify(payload) }));
  assert.deepEqual(error({ error: { code: 'not_found', message: 'Task task_1 not found' } }), []);
  assert.notDeepEqual(error({ error: { code: 'gone', message: 'x' } }), []);
  assert.notDeepEqual(error({ message: 'not found' }), []);
  const refused = { status: 'unreachable', error: 'no answer' };
  assert.deepEqual(contractProblems(answer({ method: 'POST', path: '/dhis2/test-connection', route: '/dhis2/test-connection', status: 503, payload: JSON.stringify(refused) })), []);
  assert.notDeepEqual(error(refused), [], 'only test-connection answers that way');
});

test('a PNG or PDF route answers its file type; not-JSON text is a problem elsewhere', () => {
  const card = { path: '/dhis2/cards/x.png', route: '/dhis2/cards/:enrollment_id.png', payload: Buffer.from('png') };
  assert.deepEqual(contractProblems(answer({ ...card, contentType: 'image/png' })), []);
  assert.deepEqual(contractProblems(answer({ ...card, contentType: 'application/json' })), ['answers application/json instead of image/png']);
  assert.deepEqual(contractProblems(answer({ contentType: 'text/plain', payload: 'ok' })), ['answers text/plain, not JSON']);
  assert.deepEqual(contractProblems(answer({ path: '/index.html', route: '/*', contentType: 'text/html', payload: '<html>' })), [], 'the UI files are not API answers');
});
