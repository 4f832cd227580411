import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { defaultThresholds, thresholdsFromEnv } from '../../electron/core/mpi/thresholds';
import { tempDir } from '../helpers/temp';

// The MPI's two thresholds are configurable (environment), checked at start, and change the decisions.

const known = { firstName: 'Awa', lastName: 'Diop', dateOfBirth: '1990-03-04', gender: 'female' as const, phone: '+221771234567' };
// Same names and sex, the birth date one digit off, no phone: the defaults send this to a person to decide
// (its probability is about 0.19 with the prior model: above the review threshold 0.05, far below link 0.99).
const doubtful = { firstName: 'Awa', lastName: 'Diop', dateOfBirth: '1990-03-05', gender: 'female' as const, phone: null };

async function decide(env: NodeJS.ProcessEnv): Promise<string> {
  const app = await createApp({ dataDir: tempDir(), env, logger: silentLogger, background: false, renderWorkers: 1 });
  try {
    app.mpi.store.createPerson('EnrKnown001', 'P3jJH5Tu5VC', known, 'created');
    return app.mpi.resolver().resolve('EnrDoubt001', 'P3jJH5Tu5VC', doubtful).outcome;
  } finally {
    await app.close();
  }
}

test('the defaults apply when nothing is set; set values are read', () => {
  assert.deepEqual(thresholdsFromEnv({}), defaultThresholds);
  assert.deepEqual(thresholdsFromEnv({ OOMUS_MPI_LINK_THRESHOLD: '0.95', OOMUS_MPI_REVIEW_THRESHOLD: '.5' }), { link: 0.95, review: 0.5 });
});

test('a bad threshold stops the app at start with the variable named', async () => {
  for (const [env, name] of [
    [{ OOMUS_MPI_LINK_THRESHOLD: 'high' }, /OOMUS_MPI_LINK_THRESHOLD/],
    [{ OOMUS_MPI_REVIEW_THRESHOLD: '1.5' }, /OOMUS_MPI_REVIEW_THRESHOLD/],
    [{ OOMUS_MPI_LINK_THRESHOLD: '0.5', OOMUS_MPI_REVIEW_THRESHOLD: '0.6' }, /review ≤ link/],
  ] as const) {
    await assert.rejects(createApp({ dataDir: tempDir(), env, logger: silentLogger, background: false }), name);
  }
});

test('the thresholds decide: review with the defaults, a new person with a higher review threshold, a link with a lower link threshold', async () => {
  assert.equal(await decide({}), 'review');
  assert.equal(await decide({ OOMUS_MPI_REVIEW_THRESHOLD: '0.6' }), 'created');
  assert.equal(await decide({ OOMUS_MPI_LINK_THRESHOLD: '0.1', OOMUS_MPI_REVIEW_THRESHOLD: '0.06' }), 'matched');
});
