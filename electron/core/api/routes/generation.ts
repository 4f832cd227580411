import { createReadStream, existsSync } from 'node:fs';
import { Type } from 'typebox';
import { templateIds, type TemplateId } from '../../../../templates/kit/template';
import { supportedDpis } from '../../../../templates/kit/units';
import type { Database } from 'better-sqlite3';
import { parseSovereignConfig } from '../../cards/sovereign-config';
import type { Dhis2Services } from '../../dhis2/dhis2-services';
import { AppError, invalid, notFound } from '../../errors';
import type { GenerationParams } from '../../generation/generation-params';
import { startGeneration } from '../../generation/generation-starter';
import type { GenerationRunner } from '../../generation/generation-runner';
import type { GenerationStore } from '../../generation/generation-store';
import type { MpiService } from '../../mpi/mpi-service';
import type { SettingsStore } from '../../settings/settings';
import type { TaskStore } from '../../tasks/tasks';
import { IsoDate, PathId, TaskId, Uid } from '../schemas';
import type { Api } from '../server';

export interface GenerationRouteDeps {
  db: Database;
  dhis2: Dhis2Services;
  tasks: TaskStore;
  settings: SettingsStore;
  store: GenerationStore;
  runner: GenerationRunner;
  mpi: MpiService;
}

const GenerateBody = Type.Object(
  {
    programme_uid: Uid,
    template: Type.Enum([...templateIds]),
    dpi: Type.Integer({ default: 300 }),
    include_mpi_id: Type.Boolean({ default: true }),
    enrollment_filter: Type.Optional(Type.Object(
      {
        enrollment_date_from: Type.Optional(IsoDate),
        enrollment_date_to: Type.Optional(IsoDate),
        org_unit: Type.Optional(Uid),
        enrollment_status: Type.Optional(Type.Enum(['ACTIVE', 'COMPLETED', 'CANCELLED'])),
      },
      { additionalProperties: false },
    )),
    sovereign_config: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export function registerGenerationRoutes(api: Api, deps: GenerationRouteDeps): void {
  api.post('/dhis2/generate-cards', {
    schema: { body: GenerateBody },
    handler: async (request, reply) => {
      const body = request.body;
      if (!(supportedDpis as readonly number[]).includes(body.dpi)) throw invalid('dpi', `must be one of ${supportedDpis.join(', ')}`);
      const sovereign = parseSovereignConfig(body.sovereign_config, body.template);
      const f = body.enrollment_filter ?? {};
      if (f.enrollment_date_from && f.enrollment_date_to && f.enrollment_date_from > f.enrollment_date_to) {
        throw invalid('enrollment_filter.enrollment_date_to', 'must not be before enrollment_date_from');
      }
      const programme = deps.dhis2.metadata.programme(body.programme_uid);
      if (!programme) throw notFound(`Programme ${body.programme_uid} (not in the offline cache; sync it first)`);
      let orgUnitPath: string | undefined;
      if (f.org_unit) {
        const unit = deps.dhis2.metadata.orgUnit(f.org_unit);
        if (!unit) throw notFound(`Org unit ${f.org_unit} (enrollment_filter.org_unit; not in the offline cache)`);
        orgUnitPath = unit.path;
      }
      if (deps.dhis2.mappings.get(programme.uid).length === 0) {
        throw new AppError('conflict', `Programme "${programme.name}" (${programme.uid}) has no card mapping yet: map its attributes to card fields in Mapping (POST /dhis2/assign-codes) first.`);
      }
      const params: GenerationParams = {
        programme_uid: programme.uid,
        template: body.template as TemplateId,
        dpi: body.dpi,
        include_mpi_id: body.include_mpi_id,
        language: deps.settings.get().language,
        ...(sovereign ? { sovereign_config: sovereign } : {}),
        filter: {
          programmeUid: programme.uid,
          ...(orgUnitPath ? { orgUnitPath } : {}),
          ...(f.enrollment_date_from ? { fromDate: f.enrollment_date_from } : {}),
          ...(f.enrollment_date_to ? { toDate: f.enrollment_date_to } : {}),
          ...(f.enrollment_status ? { status: f.enrollment_status } : {}),
        },
      };
      const { taskId, createdAt, selected } = startGeneration(deps, params);
      return reply.code(202).send({ task_id: taskId, programme_uid: programme.uid, status: 'pending', estimated_cards: selected, created_at: createdAt });
    },
  });

  api.get('/dhis2/tasks/:task_id/pdf', {
    schema: {
      params: Type.Object({ task_id: TaskId }),
      querystring: Type.Object({ layout: Type.Enum(['a4', 'cr80'], { default: 'a4' }) }, { additionalProperties: false }),
    },
    handler: async (request, reply) => {
      const task = deps.tasks.get(request.params.task_id);
      if (task.kind !== 'generation') throw notFound(`Print PDF of task ${task.task_id} (a ${task.kind} task makes none)`);
      const outputs = task.details.outputs as { pdf_a4?: string; pdf_cr80?: string } | undefined;
      const file = request.query.layout === 'cr80' ? outputs?.pdf_cr80 : outputs?.pdf_a4;
      if (!file) throw new AppError('conflict', `Task ${task.task_id} is ${task.status}: its PDFs exist once it has completed.`);
      if (!existsSync(file)) throw notFound(`PDF ${file} (deleted from the data directory?)`);
      return reply.type('application/pdf')
        .header('content-disposition', `attachment; filename="${task.task_id}-${request.query.layout}.pdf"`)
        .send(createReadStream(file));
    },
  });

  api.get('/dhis2/cards/:enrollment_id.png', {
    schema: { params: Type.Object({ enrollment_id: PathId }) },
    handler: async (request, reply) => {
      const row = deps.db.prepare('SELECT file FROM cards WHERE enrollment_uid = ?').get(request.params.enrollment_id) as { file: string } | undefined;
      if (!row || !existsSync(row.file)) throw notFound(`Generated card of enrollment ${request.params.enrollment_id} (generate cards first)`);
      return reply.type('image/png').send(createReadStream(row.file));
    },
  });

  api.get('/dhis2/mpi/review', {
    schema: {
      querystring: Type.Object(
        { status: Type.Enum(['pending', 'decided'], { default: 'pending' }), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
        { additionalProperties: false },
      ),
    },
    handler: async (request) => ({ items: deps.mpi.store.reviews(request.query.status as 'pending' | 'decided', request.query.limit) }),
  });

  api.post('/dhis2/mpi/review/:review_id', {
    schema: {
      params: Type.Object({ review_id: PathId }),
      body: Type.Object({ decision: Type.Enum(['link', 'new']) }, { additionalProperties: false }),
    },
    handler: async (request) => deps.mpi.decide(request.params.review_id, request.body.decision as 'link' | 'new'),
  });

  api.get('/dhis2/mpi/persons/:mpi_id', {
    schema: { params: Type.Object({ mpi_id: Type.String({ minLength: 1, maxLength: 40 }) }) },
    handler: async (request) => deps.mpi.personView(request.params.mpi_id),
  });
}
