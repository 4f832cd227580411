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

  route(api, 'GET /dhis2/mpi/review', async ({ query }) => ({ items: mpi.reviews(query.status, query.limit) }));
  route(api, 'POST /dhis2/mpi/review/:review_id', async ({ params, body }) => mpi.decide(params.review_id, body.decision));
  route(api, 'GET /dhis2/mpi/persons/:mpi_id', async ({ params }) => mpi.personView(params.mpi_id));
}
