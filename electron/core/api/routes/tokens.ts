import { Type } from 'typebox';
import type { TokenStore } from '../../auth/tokens';
import { PathId } from '../schemas';
import type { Api } from '../server';

// Token management for the Settings screen; the CLI reaches the same store directly.
export function registerTokenRoutes(api: Api, tokens: TokenStore): void {
  api.get('/dhis2/tokens', async () => ({ tokens: tokens.list() }));
  api.post('/dhis2/tokens', {
    schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }) },
    handler: async (request, reply) => reply.code(201).send(tokens.create(request.body.name)),
  });
  api.post('/dhis2/tokens/:token_id/revoke', {
    schema: { params: Type.Object({ token_id: PathId }) },
    handler: async (request) => tokens.revoke(request.params.token_id),
  });
}
