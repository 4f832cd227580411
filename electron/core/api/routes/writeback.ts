import type { WritebackService } from '../../writeback/writeback-service';
import { route } from '../route';
import type { Api } from '../server';

// One MPI ID across offices: the attribute that holds it in DHIS2 per programme, writing on or off, the queue.
export function registerWritebackRoutes(api: Api, writeback: WritebackService): void {
  route(api, 'GET /dhis2/mpi/writeback', async () => writeback.view());
  route(api, 'POST /dhis2/mpi/writeback', async ({ body }) => writeback.configure(body));
  route(api, 'GET /dhis2/mpi/writeback/queue', async ({ query }) => writeback.queue({
    limit: query.limit, ...(query.programme_uid ? { programmeUid: query.programme_uid } : {}), ...(query.status ? { status: query.status } : {}), ...(query.after ? { after: query.after } : {}),
  }));
  route(api, 'POST /dhis2/mpi/writeback/queue/:tracked_entity_id/retry', async ({ params }) => writeback.retry(params.tracked_entity_id));
  route(api, 'POST /dhis2/mpi/writeback/run', async () => writeback.run());
}
