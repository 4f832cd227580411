import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialectOf, parseVersion } from '../../../electron/core/dhis2/version';

test('versions parse from what system/info sends, patch and snapshot forms included', () => {
  assert.deepEqual(parseVersion('2.41.2'), { raw: '2.41.2', minor: 41 });
  assert.equal(parseVersion('2.40.8.1')?.minor, 40);
  assert.equal(parseVersion('2.42-SNAPSHOT')?.minor, 42);
  assert.equal(parseVersion('2.30')?.minor, 30);
  assert.equal(parseVersion('41.0'), undefined);
  assert.equal(parseVersion(undefined), undefined);
  assert.equal(parseVersion('banana'), undefined);
});

test('the tracker dialect switches exactly at 2.40 (new API), 2.41 (org unit names, image endpoint) and 2.42 (status name)', () => {
  const d = (v: string) => dialectOf(parseVersion(v) ?? { raw: v, minor: 0 });
  assert.deepEqual(d('2.36.13'), { legacy: true, newOrgUnitParams: false, statusParam: 'programStatus', personalAccessTokens: false, imageApi: 'legacy' });
  assert.equal(d('2.37.1').personalAccessTokens, true);
  assert.equal(d('2.39.9').legacy, true);
  assert.deepEqual(d('2.40.5'), { legacy: false, newOrgUnitParams: false, statusParam: 'programStatus', personalAccessTokens: true, imageApi: 'legacy' });
  assert.deepEqual(d('2.41.2'), { legacy: false, newOrgUnitParams: true, statusParam: 'programStatus', personalAccessTokens: true, imageApi: 'tracker' });
  assert.deepEqual(d('2.42.1'), { legacy: false, newOrgUnitParams: true, statusParam: 'enrollmentStatus', personalAccessTokens: true, imageApi: 'tracker' });
});
