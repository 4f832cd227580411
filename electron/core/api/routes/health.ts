import { Type } from 'typebox';
import { appVersion } from '../../version';
import type { Api } from '../server';

// No token needed and nothing told but that the app is up and which version it is.
export function registerHealthRoutes(api: Api): void {
  api.get('/health', {
    schema: { querystring: Type.Object({}, { additionalProperties: false }) },
    handler: async () => ({ status: 'ok', version: appVersion }),
  });
}
