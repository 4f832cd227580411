import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from '../helpers/temp';

// With OOMUS_CONTRACT_CHECK=1 (as the test runner sets it) every answer is held to the contract: one that
// strays from what the route declares becomes a 500 naming the problem, so no test can pass on an answer
// the UI is not typed for. Without it, answers leave as they are.
async function appWith(env: NodeJS.ProcessEnv): Promise<App> {
  const app = await createApp({ dataDir: tempDir(), env, logger: silentLogger, background: false });
  after(() => app.close());
  return app;
}

test('an answer off the contract is a 500 that names the field, with the check on', async () => {
  const app = await appWith({ OOMUS_CONTRACT_CHECK: '1' });
  assert.equal((await app.dispatch('GET', '/dhis2/settings')).status, 200);
  // A store answering with a field and a value the contract does not have.
  const settings = app.settings as { get: () => unknown };
  settings.get = () => ({ language: 'de', theme: 'dark' });
  const res = await app.dispatch('GET', '/dhis2/settings');
  assert.equal(res.status, 500);
  const message = (res.body as { error: { message: string } }).error.message;
  assert.match(message, /GET \/dhis2\/settings \(200\) breaks the API contract/);
  assert.match(message, /theme/);
  assert.match(message, /\/language/);
});

test('without the check the same answer leaves as it is', async () => {
  const app = await appWith({});
  (app.settings as { get: () => unknown }).get = () => ({ language: 'de', theme: 'dark' });
  const res = await app.dispatch('GET', '/dhis2/settings');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { language: 'de', theme: 'dark' });
});
