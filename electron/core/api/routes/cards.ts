import type { CardPreview } from '../../cards/card-preview';
import { route } from '../route';
import type { Api } from '../server';

export function registerCardRoutes(api: Api, preview: CardPreview): void {
  route(api, 'GET /dhis2/preview-card-png', async ({ query }, reply) => {
    const png = await preview.png(query);
    return reply.type('image/png').header('content-disposition', `inline; filename="${query.enrollment_id}-${query.template}-${query.dpi}dpi.png"`).send(png);
  });
}
