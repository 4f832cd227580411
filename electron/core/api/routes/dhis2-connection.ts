import { Type, type Static } from 'typebox';
import { normaliseBaseUrl } from '../../dhis2/base-url';
import type { Dhis2ConfigStore } from '../../dhis2/config-store';
import { testConnection } from '../../dhis2/connection-test';
import type { Dhis2Auth } from '../../dhis2/http';
import { AppError, invalid } from '../../errors';
import type { Api } from '../server';

const fields = {
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
};
const Url = Type.String({ minLength: 1, maxLength: 2048 });
const Credentials = Type.Object({ url: Url, ...fields }, { additionalProperties: false });
/** The same fields, all optional: an empty body tests the stored connection. */
const TestBody = Type.Object({ url: Type.Optional(Url), ...fields }, { additionalProperties: false });
type CredentialsBody = Static<typeof Credentials>;

/** Username + password, or a personal access token; never both, never half. */
function authOf(body: CredentialsBody): Dhis2Auth {
  if (body.token !== undefined) {
    if (body.username !== undefined || body.password !== undefined) throw invalid('token', 'cannot be combined with username and password');
    if (!/^d2pat_[A-Za-z0-9]{20,}$/.test(body.token.trim())) throw invalid('token', 'must be a DHIS2 personal access token (d2pat_…)');
    return { kind: 'token', token: body.token.trim() };
  }
  if (body.username === undefined) throw invalid('username', 'is required (or give a personal access token in token)');
  if (body.password === undefined) throw invalid('password', 'is required');
  if (/[:\u0000-\u001f]/.test(body.username)) throw invalid('username', 'must not contain ":" or control characters');
  return { kind: 'basic', username: body.username.trim(), password: body.password };
}

export function registerConnectionRoutes(api: Api, config: Dhis2ConfigStore, timeoutMs: number): void {
  api.post('/dhis2/config', {
    schema: { body: Credentials },
    handler: async (request) => {
      const url = normaliseBaseUrl(request.body.url);
      const view = config.save(url, authOf(request.body));
      return { config_id: view.config_id, url: view.url, username: view.username, auth_type: view.auth_type, status: view.status, created_at: view.created_at };
    },
  });

  api.get('/dhis2/config', async () => {
    const view = config.view();
    if (!view) throw new AppError('not_found', 'No DHIS2 connection is configured yet: set one with POST /dhis2/config.');
    return view;
  });

  api.post('/dhis2/test-connection', {
    schema: { body: TestBody },
    // No body at all means "test the stored connection", like an empty object.
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    handler: async (request, reply) => {
      const body = request.body;
      const given = Object.keys(body).length > 0;
      if (given && body.url === undefined) throw invalid('url', 'is required when credentials are given');
      const target = given && body.url !== undefined ? { url: normaliseBaseUrl(body.url), auth: authOf({ ...body, url: body.url }) } : config.connection();
      const result = await testConnection(target.url, target.auth, timeoutMs);
      return reply.code(result.httpStatus).send(result.body);
    },
  });
}
