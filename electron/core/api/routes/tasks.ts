import { Type } from 'typebox';
import { taskKinds, type TaskStore } from '../../tasks/tasks';
import { TaskId } from '../schemas';
import type { Api } from '../server';

const statuses = ['pending', 'resolving', 'running', 'generating', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;

export function registerTaskRoutes(api: Api, tasks: TaskStore): void {
  api.get('/dhis2/tasks', {
    schema: {
      querystring: Type.Object(
        {
          kind: Type.Optional(Type.Enum([...taskKinds])),
          status: Type.Optional(Type.Enum([...statuses])),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (request) => {
      const { kind, status, limit } = request.query;
      return { tasks: tasks.list({ limit, ...(kind ? { kind } : {}), ...(status ? { status } : {}) }) };
    },
  });
  api.get('/dhis2/tasks/:task_id', {
    schema: { params: Type.Object({ task_id: TaskId }) },
    handler: async (request) => tasks.get(request.params.task_id),
  });
  api.post('/dhis2/tasks/:task_id/cancel', {
    schema: { params: Type.Object({ task_id: TaskId }) },
    handler: async (request) => tasks.requestCancel(request.params.task_id),
  });
}
