import type { SettingsStore } from '../../settings/settings';
import { route } from '../route';
import type { Api } from '../server';

export function registerSettingsRoutes(api: Api, settings: SettingsStore): void {
  route(api, 'GET /dhis2/settings', async () => settings.get());
  route(api, 'POST /dhis2/settings', async ({ body }) => settings.update(body.language ? { language: body.language } : {}));
}
