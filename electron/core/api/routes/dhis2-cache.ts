import type { CacheReader } from '../../cache/cache-reader';
import { route } from '../route';
import type { Api } from '../server';

// Reads from the offline cache only: they answer the same with DHIS2 down.
export function registerCacheRoutes(api: Api, cache: CacheReader): void {
  route(api, 'GET /dhis2/programmes', async () => ({ programmes: cache.programmes() }));
  route(api, 'GET /dhis2/org-units', async ({ query }) => cache.orgUnitLevel(query.parent));
  route(api, 'GET /dhis2/preview-enrollments', async ({ query }) => cache.preview(query));
  route(api, 'GET /dhis2/enrollments', async ({ query }) => cache.find(query));
  route(api, 'GET /dhis2/photos/:file_resource_id.png', async ({ params, query }, reply) =>
    reply.type('image/png').header('cache-control', 'private, max-age=3600').send(await cache.photo(params.file_resource_id, query.size)));
}
