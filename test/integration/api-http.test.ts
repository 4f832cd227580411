import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtCapabilities, capabilities, publicRoutes, routeCatalog, routeKey, type RouteKey } from '../../electron/core/api/contract/route-catalog';
import { appVersion } from '../../electron/core/version';
import { http, startApp } from '../helpers/app';

const { app, url } = await startApp();

const isErrorBody = (body: any, code: string): void => {
  assert.equal(typeof body?.error?.message, 'string', JSON.stringify(body));
  assert.equal(body.error.code, code, JSON.stringify(body));
  assert.doesNotMatch(JSON.stringify(body), /at .*\.(ts|js):\d+|node_modules/, 'no stack trace in an error body');
};

test('GET /health needs no token and tells only status and version', async () => {
  const res = await http(`${url}/health`, { token: null });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: 'ok', version: appVersion });
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

test('every /dhis2 route needs a Bearer token: missing, malformed, wrong and revoked are 401', async () => {
  for (const route of routeCatalog.filter((r) => r.url.startsWith('/dhis2') && !publicRoutes.includes(routeKey(r) as RouteKey))) {
    const path = route.url.replace(/:(\w+)/g, 'abcDEF12345');
    const res = await http(`${url}${path}`, { method: route.method, token: null });
    assert.equal(res.status, 401, `${route.method} ${path}`);
    isErrorBody(res.body, 'unauthorized');
  }
  // The public ones answer without a token.
  for (const key of publicRoutes) assert.equal((await http(`${url}${key.split(' ')[1]}`, { method: key.split(' ')[0] as 'GET', token: null })).status, 200, key);
  const wrong = await http(`${url}/dhis2/settings`, { token: 'not-a-token' });
  assert.equal(wrong.status, 401);
  assert.match(wrong.body.error.message, /unknown or revoked/);
  const basic = await fetch(`${url}/dhis2/settings`, { headers: { authorization: 'Basic YWRtaW46ZGlzdHJpY3Q=' } });
  assert.equal(basic.status, 401);

  const created = await http(`${url}/dhis2/tokens`, { body: { name: 'second laptop' } });
  assert.equal(created.status, 201);
  assert.equal((await http(`${url}/dhis2/settings`, { token: created.body.token })).status, 200);
  const revoked = await http(`${url}/dhis2/tokens/${created.body.id}/revoke`, { method: 'POST' });
  assert.equal(revoked.status, 200);
  assert.equal(typeof revoked.body.revoked_at, 'string');
  assert.equal((await http(`${url}/dhis2/settings`, { token: created.body.token })).status, 401);
});

test('an encoded path cannot slip past the token check', async () => {
  const res = await http(`${url}/%64his2/settings`, { token: null });
  assert.equal(res.status, 401);
});

test('token list never shows a token or its hash', async () => {
  await http(`${url}/dhis2/tokens`, { body: { name: 'listing' } });
  const res = await http(`${url}/dhis2/tokens`);
  assert.equal(res.status, 200);
  assert.ok(res.body.tokens.length >= 1);
  for (const t of res.body.tokens) {
    assert.deepEqual(Object.keys(t).sort(), ['created_at', 'hint', 'id', 'last_used_at', 'name', 'revoked_at']);
  }
});

test('bad input gets a 400 that names the field, and writes nothing', async () => {
  const before = app.settings.get();
  const cases: { body?: unknown; raw?: string; type?: string; field?: string; code: string; status?: number }[] = [
    { body: { language: 'de' }, field: 'language', code: 'validation_failed' },
    { body: { language: 42 }, field: 'language', code: 'validation_failed' },
    { body: { language: 'en', admin: true }, field: 'admin', code: 'validation_failed' },
    { body: {}, code: 'validation_failed' },
    { body: [1, 2], field: 'body', code: 'validation_failed' },
    { body: 'en', field: 'body', code: 'validation_failed' },
    { raw: '{"language": "en"', code: 'invalid_json' },
    { raw: '{"__proto__": {"polluted": true}, "language": "en"}', code: 'invalid_json' },
    { raw: '', code: 'invalid_json' },
    { raw: 'language=en', type: 'application/x-www-form-urlencoded', code: 'unsupported_media_type', status: 415 },
  ];
  for (const c of cases) {
    const res = await http(`${url}/dhis2/settings`, { method: 'POST', ...(c.body !== undefined ? { body: c.body } : {}), ...(c.raw !== undefined ? { raw: c.raw } : {}), ...(c.type ? { type: c.type } : {}) });
    assert.equal(res.status, c.status ?? 400, `${JSON.stringify(c)} → ${res.text}`);
    isErrorBody(res.body, c.code);
    if (c.field) assert.ok(res.body.error.details.some((d: any) => d.field === c.field), `${JSON.stringify(c)} → ${res.text}`);
  }
  assert.deepEqual(app.settings.get(), before);
  assert.equal(({} as any).polluted, undefined);
});

test('query strings are validated too, with the field named', async () => {
  const cases = [['limit=abc', 'limit'], ['limit=0', 'limit'], ['limit=501', 'limit'], ['kind=print', 'kind'], ['colour=red', 'colour']] as const;
  for (const [query, field] of cases) {
    const res = await http(`${url}/dhis2/tasks?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(res.body.error.details[0].field, field, res.text);
  }
  const ok = await http(`${url}/dhis2/tasks?limit=5&kind=sync`);
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, { tasks: [] });
});

test('a body over the limit is 413 and nothing is stored', async () => {
  const countBefore = app.tokens.list().length;
  const res = await http(`${url}/dhis2/tokens`, { raw: JSON.stringify({ name: 'x', pad: 'y'.repeat(1_100_000) }) });
  assert.equal(res.status, 413);
  isErrorBody(res.body, 'payload_too_large');
  assert.equal(app.tokens.list().length, countBefore);
});

test('unknown routes are 404 naming the path; path tricks in IDs are 400', async () => {
  const unknown = await http(`${url}/dhis2/does-not-exist`);
  assert.equal(unknown.status, 404);
  isErrorBody(unknown.body, 'not_found');
  assert.match(unknown.body.error.message, /\/dhis2\/does-not-exist/);
  assert.equal((await http(`${url}/nothing-here`, { token: null })).status, 404);
  const wrongMethod = await http(`${url}/dhis2/tokens`, { method: 'DELETE' });
  assert.equal(wrongMethod.status, 404);

  for (const id of ['..%2F..%2Fetc%2Fpasswd', 'a%00b', 'x'.repeat(80), 'abc%20def']) {
    const res = await http(`${url}/dhis2/tasks/${id}`);
    assert.equal(res.status, 400, `${id} → ${res.text}`);
    assert.equal(res.body.error.details[0].field, 'task_id');
  }
  for (const id of ['..%2Fsecret', 'a%2Fb']) {
    const res = await http(`${url}/dhis2/cards/${id}.png`);
    assert.equal(res.status, 400, `${id} → ${res.text}`);
  }
  const missing = await http(`${url}/dhis2/tasks/task_01NOPE`);
  assert.equal(missing.status, 404);
  assert.match(missing.body.error.message, /task_01NOPE/);
});

test('every route of a capability not built yet answers 501 naming that capability', async () => {
  const pending = routeCatalog.filter((r) => !builtCapabilities.has(r.capability));
  if (pending.length === 0) {
    // Every capability is built: nothing answers 501 any more.
    assert.deepEqual([...builtCapabilities].sort(), Object.keys(capabilities).sort());
    return;
  }
  for (const route of pending) {
    const path = route.url.replace(/:(\w+)/g, 'abcDEF12345');
    const res = await http(`${url}${path}`, { method: route.method, ...(route.method === 'POST' ? { body: {} } : {}) });
    assert.equal(res.status, 501, `${route.method} ${path}: ${res.text}`);
    isErrorBody(res.body, 'not_implemented');
    assert.ok(res.body.error.message.includes(capabilities[route.capability]), res.text);
  }
});

test('tasks are listed, read and cancelled from the store', async () => {
  app.tasks.create('task_01TEST', 'sync', 'P3jJH5Tu5VC', { full: true });
  const list = await http(`${url}/dhis2/tasks`);
  assert.equal(list.body.tasks[0].task_id, 'task_01TEST');
  const one = await http(`${url}/dhis2/tasks/task_01TEST`);
  assert.equal(one.status, 200);
  assert.equal(one.body.status, 'pending');
  const cancelled = await http(`${url}/dhis2/tasks/task_01TEST/cancel`, { method: 'POST' });
  assert.equal(cancelled.body.status, 'cancelled');
  const again = await http(`${url}/dhis2/tasks/task_01TEST/cancel`, { method: 'POST' });
  assert.equal(again.status, 409);
  isErrorBody(again.body, 'conflict');
});

test('settings persist in SQLite', async () => {
  const res = await http(`${url}/dhis2/settings`, { body: { language: 'en' } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { language: 'en' });
  assert.deepEqual((await http(`${url}/dhis2/settings`)).body, { language: 'en' });
  const row = app.db.prepare(`SELECT value FROM settings WHERE key = 'language'`).get() as { value: string };
  assert.equal(row.value, '"en"');
});

test('API answers are not cached; the UI origin carries a strict CSP', async () => {
  const api = await http(`${url}/dhis2/settings`);
  assert.equal(api.headers.get('cache-control'), 'no-store');
  const root = await fetch(`${url}/`);
  assert.match(root.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});
