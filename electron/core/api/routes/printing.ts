import { createReadStream } from 'node:fs';
import type { PrintingService } from '../../printing/printing-service';
import { route } from '../route';
import type { Api } from '../server';

// The print page's content, a run's card PNGs, and the record of printed cards.
export function registerPrintingRoutes(api: Api, printing: PrintingService): void {
  route(api, 'GET /dhis2/print-sheet', async ({ query }) => printing.sheet(query));
  route(api, 'GET /dhis2/tasks/:task_id/cards/:seq.png', async ({ params }, reply) =>
    reply.type('image/png').send(createReadStream(printing.cardPng(params.task_id, params.seq))));
  route(api, 'POST /dhis2/print-jobs', async ({ body }) => printing.record(body));
  route(api, 'GET /dhis2/printed-cards', async ({ query }) => ({ cards: printing.printed(query) }));
}
