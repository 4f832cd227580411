import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRenderPool } from '../../../electron/core/cards/render-pool';
import { sampleCards } from '../../fixtures/cards/sample-cards';

// A card someone waits for (a preview, a message's card) goes ahead of a generation's queued batch work.
test('an urgent card is drawn before the batch cards queued ahead of it', async () => {
  const pool = createRenderPool(1);
  try {
    const card = sampleCards.long!;
    const done: string[] = [];
    const batch = Array.from({ length: 6 }, (_, i) =>
      pool.render({ card, template: 'shield', dpi: 600, language: 'fr' }).then(() => done.push(`batch ${i}`)));
    const urgent = pool.render({ card, template: 'vital', dpi: 300, language: 'fr' }, { urgent: true }).then((image) => {
      done.push('urgent');
      return image;
    });
    const image = await urgent;
    await Promise.all(batch);
    assert.equal(image.width, 1011, 'the urgent card is the one asked for');
    // One worker holds two jobs at a time: the urgent card takes the first slot that frees.
    assert.equal(done.indexOf('urgent'), 2, done.join(', '));
    assert.equal(done.length, 7);
  } finally {
    await pool.close();
  }
});
