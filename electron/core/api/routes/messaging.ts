import type { MessagingService } from '../../distribution/messaging/messaging-service';
import { route } from '../route';
import type { Api } from '../server';

// Sending cards by WhatsApp and SMS (POST /dhis2/send-card, as the reference defines it), the outbox, and
// the provider settings (secrets write-only).
export function registerMessagingRoutes(api: Api, messaging: MessagingService): void {
  route(api, 'POST /dhis2/send-card', async ({ body }) => messaging.send(body));
  route(api, 'GET /dhis2/outbox', async ({ query }) => messaging.outbox(query));
  route(api, 'POST /dhis2/channels', async ({ body }) => messaging.configure(body));
  route(api, 'GET /dhis2/channels', async () => messaging.channels());
}
