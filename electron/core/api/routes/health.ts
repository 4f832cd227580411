import { appVersion } from '../../version';
import { route } from '../route';
import type { Api } from '../server';

// No token needed and nothing told but that the app is up and which version it is.
export function registerHealthRoutes(api: Api): void {
  route(api, 'GET /health', async () => ({ status: 'ok' as const, version: appVersion }));
}
