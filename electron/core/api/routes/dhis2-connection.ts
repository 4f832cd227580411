import type { Dhis2ConfigStore } from '../../dhis2/config-store';
import type { Dhis2Connection } from '../../dhis2/connection';
import { AppError } from '../../errors';
import { route } from '../route';
import type { Api } from '../server';

export function registerConnectionRoutes(api: Api, connection: Dhis2Connection, config: Dhis2ConfigStore): void {
  route(api, 'POST /dhis2/config', async ({ body }) => connection.save(body));

  route(api, 'GET /dhis2/config', async () => {
    const view = config.view();
    if (!view) throw new AppError('not_found', 'No DHIS2 connection is configured yet: set one with POST /dhis2/config.');
    return view;
  });

  // The reference's answers: 200 connected, 401 auth_failed, 503 unreachable or unsupported_version.
  route(api, 'POST /dhis2/test-connection', async ({ body }, reply) => {
    const result = await connection.test(body);
    reply.code(result.httpStatus);
    return result.body;
  }, { emptyBodyAllowed: true });
}
