import type { Database } from 'better-sqlite3';
import type { SovereignConfig } from '../../../templates/kit/card-model';
import type { TemplateId } from '../../../templates/kit/template';
import type { MetadataCache } from '../cache/metadata-cache';
import type { PhotoCache } from '../cache/photo-cache';
import type { MappingStore } from '../mapping/mapping-store';
import type { SettingsStore } from '../settings/settings';
import { createCardModelSource, type CardModelSource } from './card-model-source';
import { pngFile } from './png-encoder';
import { createRenderPool, type RenderPool } from './render-pool';

// The cards capability as the rest of the app sees it: card models from the cache, and PNGs rendered in
// the worker pool.

export interface CardServices {
  models: CardModelSource;
  pool: RenderPool;
  /** The PNG (with pHYs) of a cached enrollment's card. */
  previewPng(enrollmentUid: string, template: TemplateId, dpi: number, sovereign?: SovereignConfig): Promise<Buffer>;
  close(): Promise<void>;
}

export interface CardServicesDeps {
  db: Database;
  metadata: MetadataCache;
  mappings: MappingStore;
  settings: SettingsStore;
  /** Photos sync fetched (by file resource UID); without it, or for a photo not fetched, the card shows initials. */
  photos?: PhotoCache;
  mpiIdOf?: (enrollmentUid: string) => string | null;
  poolSize?: number;
}

export function createCardServices(deps: CardServicesDeps): CardServices {
  const photos = deps.photos;
  const photoOf = photos ? (fileResourceUid: string): Uint8Array | null => photos.bytesOf(fileResourceUid) : undefined;
  const models = createCardModelSource({
    db: deps.db, metadata: deps.metadata, mappings: deps.mappings, ...(photoOf ? { photoOf } : {}), ...(deps.mpiIdOf ? { mpiIdOf: deps.mpiIdOf } : {}),
  });
  const pool = createRenderPool(deps.poolSize);
  return {
    models,
    pool,
    async previewPng(enrollmentUid, template, dpi, sovereign) {
      const { card } = models.forEnrollment(enrollmentUid);
      const image = await pool.render({ card, template, dpi, language: deps.settings.get().language, ...(sovereign ? { sovereign } : {}) });
      return pngFile(image, dpi);
    },
    close: () => pool.close(),
  };
}
