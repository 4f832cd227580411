import { notConfiguredMessage, type WalletConfigStore } from '../../distribution/wallet/wallet-config';
import type { WalletLinks } from '../../distribution/wallet/wallet-links';
import { AppError } from '../../errors';
import { route } from '../route';
import type { Api } from '../server';

export function registerWalletRoutes(api: Api, config: WalletConfigStore, links: WalletLinks): void {
  route(api, 'POST /dhis2/google-wallet/config', async ({ body }) => config.save(body));

  // Static before parameter: find-my-way matches this before /:enrollment_id (DHIS2 UIDs are 11 characters).
  route(api, 'GET /dhis2/google-wallet/config', async () => {
    const view = config.view();
    if (!view) throw new AppError('not_found', notConfiguredMessage);
    return view;
  });

  route(api, 'GET /dhis2/google-wallet/:enrollment_id', async ({ params }) => links.link(params.enrollment_id));
  route(api, 'POST /dhis2/google-wallet/bulk', async ({ body }) => links.bulk(body.enrollment_ids, body.programme_uid));
}
