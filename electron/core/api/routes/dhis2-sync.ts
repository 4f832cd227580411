import { Type } from 'typebox';
import type { Dhis2Services } from '../../dhis2/dhis2-services';
import { notFound } from '../../errors';
import { scheduleIntervals } from '../../sync/schedule';
import { Uid } from '../schemas';
import type { Api } from '../server';

export function registerSyncRoutes(api: Api, dhis2: Dhis2Services): void {
  api.post('/dhis2/sync', {
    schema: { body: Type.Object({ programme_uid: Type.Optional(Uid), full: Type.Boolean({ default: false }) }, { additionalProperties: false }) },
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {} as never;
    },
    handler: async (request, reply) => {
      const task = dhis2.runner.start(request.body.programme_uid ?? null, request.body.full);
      return reply.code(202).send({ task_id: task.task_id, programme_uid: task.programme_uid, status: task.status, full: request.body.full, created_at: task.created_at });
    },
  });

  api.post('/dhis2/sync-schedule', {
    schema: {
      body: Type.Object(
        {
          programme_uid: Uid,
          interval_minutes: Type.Enum([...scheduleIntervals]),
          enabled: Type.Boolean(),
          auto_generate_cards: Type.Boolean({ default: false }),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (request) => {
      const b = request.body;
      // A schedule for a programme the cache does not know would fail at every slot.
      if (!dhis2.metadata.programme(b.programme_uid)) throw notFound(`Programme ${b.programme_uid} (not in the cache; sync first)`);
      return dhis2.scheduler.set(b.programme_uid, b.interval_minutes, b.enabled, b.auto_generate_cards);
    },
  });
}
