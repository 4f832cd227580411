import { Type } from 'typebox';
import { templateIds, type TemplateId } from '../../../../templates/kit/template';
import { supportedDpis } from '../../../../templates/kit/units';
import type { CardServices } from '../../cards/card-services';
import { parseSovereignConfig } from '../../cards/sovereign-config';
import { invalid } from '../../errors';
import { PathId } from '../schemas';
import type { Api } from '../server';

export function registerCardRoutes(api: Api, cards: CardServices): void {
  api.get('/dhis2/preview-card-png', {
    schema: {
      querystring: Type.Object(
        {
          enrollment_id: PathId,
          template: Type.Enum([...templateIds]),
          dpi: Type.Integer({ default: 300 }),
          /** JSON text of sovereign_config, for previewing the configurable template (sovereign only). */
          sovereign_config: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (request, reply) => {
      const q = request.query;
      if (!(supportedDpis as readonly number[]).includes(q.dpi)) throw invalid('dpi', `must be one of ${supportedDpis.join(', ')}`);
      let sovereign;
      if (q.sovereign_config !== undefined) {
        let parsed: unknown;
        try { parsed = JSON.parse(q.sovereign_config); } catch { throw invalid('sovereign_config', 'must be JSON text of an object'); }
        sovereign = parseSovereignConfig(parsed, q.template);
      }
      const png = await cards.previewPng(q.enrollment_id, q.template as TemplateId, q.dpi, sovereign);
      return reply.type('image/png').header('content-disposition', `inline; filename="${q.enrollment_id}-${q.template}-${q.dpi}dpi.png"`).send(png);
    },
  });
}
