import { Type } from 'typebox';
import { languages } from '../../settings/settings';
import type { SettingsStore } from '../../settings/settings';
import type { Api } from '../server';

const SettingsPatch = Type.Object(
  { language: Type.Optional(Type.Enum([...languages])) },
  { additionalProperties: false, minProperties: 1 },
);

export function registerSettingsRoutes(api: Api, settings: SettingsStore): void {
  api.get('/dhis2/settings', async () => settings.get());
  api.post('/dhis2/settings', {
    schema: { body: SettingsPatch },
    handler: async (request) => settings.update(request.body.language ? { language: request.body.language } : {}),
  });
}
