import { createReadStream } from 'node:fs';
import type { GenerationService } from '../../generation/generation-service';
import type { MpiService } from '../../mpi/mpi-service';
import { route } from '../route';
import type { Api } from '../server';

// Card generation tasks, their print PDFs, each enrollment's latest card, and the MPI review queue.
export function registerGenerationRoutes(api: Api, generation: GenerationService, mpi: MpiService): void {
  route(api, 'POST /dhis2/generate-cards', async ({ body }) => generation.start(body));

  route(api, 'GET /dhis2/tasks/:task_id/pdf', async ({ params, query }, reply) => {
    const file = generation.printPdf(params.task_id, query.layout);
    return reply.type('application/pdf')
      .header('content-disposition', `attachment; filename="${params.task_id}-${query.layout}.pdf"`)
      .send(createReadStream(file));
  });

  route(api, 'GET /dhis2/cards/:enrollment_id.png', async ({ params }, reply) =>
    reply.type('image/png').send(createReadStream(generation.latestCard(params.enrollment_id))));

  route(api, 'GET /dhis2/mpi/review', async ({ query }) => mpi.reviews(query.status, query.limit, query.sort, query.after));
  route(api, 'POST /dhis2/mpi/review/:review_id', async ({ params, body }) => mpi.decide(params.review_id, body.decision, body.mpi_id));
  route(api, 'GET /dhis2/mpi/persons/:mpi_id', async ({ params }) => mpi.personView(params.mpi_id));
  route(api, 'POST /dhis2/mpi/enrollments/:enrollment_id/split', async ({ params, body }) => mpi.split(params.enrollment_id, body.reason.trim()));
  route(api, 'POST /dhis2/mpi/persons/:mpi_id/merge', async ({ params, body }) => mpi.merge(params.mpi_id, body.into, body.reason.trim(), body.override_not_same ?? false));
  route(api, 'GET /dhis2/mpi/audit', async ({ query }) => mpi.auditTrail({
    limit: query.limit, ...(query.mpi_id ? { mpiId: query.mpi_id } : {}), ...(query.enrollment_id ? { enrollmentUid: query.enrollment_id } : {}), ...(query.before ? { before: query.before } : {}),
  }));
}
