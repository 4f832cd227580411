import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardFields } from '../../electron/core/mapping/card-fields';
import { cardFieldIds, coreCardFields, orgUnitCardFields } from '../../renderer/src/card-fields';

// The renderer keeps a typed copy of the card-field catalogue for its forms; the core's catalogue is the
// one that validates. The copy must never drift from it.

test('the renderer lists exactly the core card fields, in order, with the same core and org-unit flags', () => {
  assert.deepEqual([...cardFieldIds], cardFields.map((f) => f.id));
  assert.deepEqual([...coreCardFields], cardFields.filter((f) => f.core).map((f) => f.id));
  assert.deepEqual([...orgUnitCardFields], cardFields.filter((f) => f.fromOrgUnit).map((f) => f.id));
});
