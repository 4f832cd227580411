import type { PreviewCardQuery } from '../api/contract/schemas/cards';
import { invalid } from '../errors';
import type { SettingsStore } from '../settings/settings';
import { checkDpi } from './card-dpi';
import type { CardModelSource } from './card-model-source';
import { pngFile } from './png-encoder';
import type { RenderPool } from './render-pool';
import { parseSovereignConfig } from './sovereign-config';

// The Cards screen's preview: a cached enrollment drawn with its programme's mapping in the worker pool,
// offline, as a PNG carrying its DPI.

export interface CardPreview {
  png(query: PreviewCardQuery): Promise<Buffer>;
}

export function createCardPreview(deps: { models: CardModelSource; pool: RenderPool; settings: SettingsStore }): CardPreview {
  return {
    async png(q) {
      const dpi = checkDpi(q.dpi);
      let sovereign;
      if (q.sovereign_config !== undefined) {
        let parsed: unknown;
        try { parsed = JSON.parse(q.sovereign_config); } catch { throw invalid('sovereign_config', 'must be JSON text of an object'); }
        sovereign = parseSovereignConfig(parsed, q.template);
      }
      const { card } = deps.models.forEnrollment(q.enrollment_id);
      const image = await deps.pool.render({ card, template: q.template, dpi, language: deps.settings.get().language, ...(sovereign ? { sovereign } : {}) }, { urgent: true });
      return pngFile(image, dpi);
    },
  };
}
