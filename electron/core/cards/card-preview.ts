import type { PreviewCardQuery } from '../api/contract/schemas/cards';
import { invalid } from '../errors';
import type { SettingsStore } from '../settings/settings';
import { checkDpi } from './card-dpi';
import type { CardModel } from '../../../templates/kit/card-model';
import type { CardModelSource } from './card-model-source';
import { pngFile } from './png-encoder';
import type { RenderPool } from './render-pool';
import { parseSovereignConfig } from './sovereign-config';

// The Cards screen's preview: a cached enrollment drawn with its programme's mapping in the worker pool,
// offline, as a PNG carrying its DPI, and the QR of the card issued to the person when there is one.

export interface CardPreview {
  png(query: PreviewCardQuery): Promise<Buffer>;
}

export interface CardPreviewDeps {
  models: CardModelSource;
  pool: RenderPool;
  settings: SettingsStore;
  /** The signed token of the enrollment's live card when it still says the same; a preview never issues one. */
  liveToken: (card: CardModel, programmeUid: string) => string | null;
}

export function createCardPreview(deps: CardPreviewDeps): CardPreview {
  return {
    async png(q) {
      const dpi = checkDpi(q.dpi);
      let sovereign;
      if (q.sovereign_config !== undefined) {
        let parsed: unknown;
        try { parsed = JSON.parse(q.sovereign_config); } catch { throw invalid('sovereign_config', 'must be JSON text of an object'); }
        sovereign = parseSovereignConfig(parsed, q.template);
      }
      const { card: model, programmeUid } = deps.models.forEnrollment(q.enrollment_id);
      // The QR of the card already issued; a person never carded gets the unsigned payload until a generation.
      const token = deps.liveToken(model, programmeUid);
      const card = token ? { ...model, qrPayload: token } : model;
      const image = await deps.pool.render({ card, template: q.template, dpi, language: deps.settings.get().language, ...(sovereign ? { sovereign } : {}) }, { urgent: true });
      return pngFile(image, dpi);
    },
  };
}
