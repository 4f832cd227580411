import type { TaskStore } from '../../tasks/tasks';
import { route } from '../route';
import type { Api } from '../server';

export function registerTaskRoutes(api: Api, tasks: TaskStore): void {
  route(api, 'GET /dhis2/tasks', async ({ query: { kind, status, limit } }) =>
    ({ tasks: tasks.list({ limit, ...(kind ? { kind } : {}), ...(status ? { status } : {}) }) }));
  route(api, 'GET /dhis2/tasks/:task_id', async ({ params }) => tasks.get(params.task_id));
  route(api, 'POST /dhis2/tasks/:task_id/cancel', async ({ params }) => tasks.requestCancel(params.task_id));
}
