import type { TokenStore } from '../../auth/tokens';
import { route } from '../route';
import type { Api } from '../server';

// Token management for the Settings screen; the CLI reaches the same store directly.
export function registerTokenRoutes(api: Api, tokens: TokenStore): void {
  route(api, 'GET /dhis2/tokens', async () => ({ tokens: tokens.list() }));
  route(api, 'POST /dhis2/tokens', async ({ body }) => tokens.create(body.name));
  route(api, 'POST /dhis2/tokens/:token_id/revoke', async ({ params }) => tokens.revoke(params.token_id));
}
