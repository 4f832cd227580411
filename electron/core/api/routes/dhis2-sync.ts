import type { SyncService } from '../../sync/sync-service';
import { route } from '../route';
import type { Api } from '../server';

export function registerSyncRoutes(api: Api, sync: SyncService): void {
  route(api, 'POST /dhis2/sync', async ({ body }) => sync.start(body), { emptyBodyAllowed: true });
  route(api, 'POST /dhis2/sync-schedule', async ({ body }) => sync.schedule(body));
  route(api, 'GET /dhis2/sync-status', async () => ({ programmes: sync.status() }));
}
