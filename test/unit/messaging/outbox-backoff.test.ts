import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, defaultRetryPolicy } from '../../../electron/core/distribution/messaging/outbox-worker';

test('backoff doubles per attempt, is capped, and jitters between half and all of the step', () => {
  const { baseMs, capMs } = defaultRetryPolicy;
  assert.equal(backoffMs(1, () => 0, baseMs, capMs), 15_000);
  assert.equal(backoffMs(1, () => 1, baseMs, capMs), 30_000);
  assert.equal(backoffMs(2, () => 1, baseMs, capMs), 60_000);
  assert.equal(backoffMs(3, () => 0.5, baseMs, capMs), 90_000);
  assert.equal(backoffMs(20, () => 1, baseMs, capMs), capMs);
  assert.equal(backoffMs(20, () => 0, baseMs, capMs), capMs / 2);
  for (let n = 1; n < 12; n++) {
    const d = backoffMs(n, Math.random, baseMs, capMs);
    const step = Math.min(capMs, baseMs * 2 ** (n - 1));
    assert.ok(d >= step / 2 && d <= step, `${n}: ${d}`);
  }
});
