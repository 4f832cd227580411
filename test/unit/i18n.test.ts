import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../renderer/src/i18n/en';
import { fr } from '../../renderer/src/i18n/fr';
import { defaultLocale, translate } from '../../renderer/src/i18n';

const leaves = (node: unknown, prefix = ''): [string, string][] =>
  Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`));

test('French is the default and English has exactly the same keys, none empty', () => {
  assert.equal(defaultLocale, 'fr');
  const f = leaves(fr);
  const e = leaves(en);
  assert.deepEqual(e.map(([k]) => k), f.map(([k]) => k));
  for (const [k, v] of [...f, ...e]) assert.ok(v.trim().length > 0, k);
  assert.ok(f.some(([, v]) => /[éèêàç]/.test(v)), 'French strings carry their accents');
});

test('translate fills placeholders and differs by language', () => {
  assert.equal(translate('fr', 'health.version', { version: '1.2.3' }), 'version 1.2.3');
  assert.equal(translate('fr', 'health.ok'), 'Service opérationnel');
  assert.equal(translate('en', 'health.ok'), 'Service running');
  assert.equal(translate('en', 'areas.enrollments'), 'Enrollments');
});
