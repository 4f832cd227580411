import type { NetworkSharing } from '../../network/network-sharing';
import { route } from '../route';
import type { Api } from '../server';

// Sharing on the office network: anyone with a token reads how it stands; only the desktop's own window
// turns it on or off (a laptop of the network must not switch off the server it uses).
export function registerNetworkRoutes(api: Api, network: NetworkSharing): void {
  route(api, 'GET /dhis2/network', async () => network.status());
  route(api, 'POST /dhis2/network', async ({ body }) => network.configure(body), {
    ipcOnly: 'Network sharing is changed from the desktop app itself (Paramètres → Partager sur le réseau du bureau), not over the network.',
  });
}
