import type { MappingService } from '../../mapping/mapping-service';
import { route } from '../route';
import type { Api } from '../server';

export function registerMappingRoutes(api: Api, mapping: MappingService): void {
  route(api, 'POST /dhis2/assign-codes', async ({ body }) => mapping.assign(body));
  route(api, 'GET /dhis2/mapping', async ({ query }) => mapping.view(query.programme_uid));
}
