import { Type } from 'typebox';
import type { MetadataCache } from '../../cache/metadata-cache';
import { maxBulk, type WalletLinks } from '../../distribution/wallet/wallet-links';
import { notConfiguredMessage, type WalletConfigStore } from '../../distribution/wallet/wallet-config';
import { AppError, notFound } from '../../errors';
import { PathId, Uid } from '../schemas';
import type { Api } from '../server';

export interface WalletRouteDeps {
  config: WalletConfigStore;
  links: WalletLinks;
  metadata: MetadataCache;
}

const ConfigBody = Type.Object(
  {
    /** Checked by the config store, which names each field it refuses (issuer_id, service_account.private_key…). */
    issuer_id: Type.Unknown(),
    service_account: Type.Unknown(),
    origins: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

const BulkBody = Type.Object(
  {
    enrollment_ids: Type.Array(PathId, { minItems: 1, maxItems: maxBulk, uniqueItems: true }),
    programme_uid: Type.Optional(Uid),
  },
  { additionalProperties: false },
);

export function registerWalletRoutes(api: Api, deps: WalletRouteDeps): void {
  api.post('/dhis2/google-wallet/config', {
    schema: { body: ConfigBody },
    handler: async (request) => deps.config.save(request.body),
  });

  // Static before parameter: find-my-way matches this before /:enrollment_id (DHIS2 UIDs are 11 characters).
  api.get('/dhis2/google-wallet/config', async () => {
    const view = deps.config.view();
    if (!view) throw new AppError('not_found', notConfiguredMessage);
    return view;
  });

  api.get('/dhis2/google-wallet/:enrollment_id', {
    schema: { params: Type.Object({ enrollment_id: PathId }) },
    handler: async (request) => deps.links.link(request.params.enrollment_id),
  });

  api.post('/dhis2/google-wallet/bulk', {
    schema: { body: BulkBody },
    handler: async (request) => {
      const { enrollment_ids, programme_uid } = request.body;
      if (!deps.config.view()) throw new AppError('conflict', notConfiguredMessage);
      if (programme_uid && !deps.metadata.programme(programme_uid)) {
        throw notFound(`Programme ${programme_uid} (programme_uid; not in the offline cache, sync it first)`);
      }
      return deps.links.bulk(enrollment_ids, programme_uid);
    },
  });
}
