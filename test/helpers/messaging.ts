import { createServer } from 'node:net';
import type { App } from '../../electron/core/app';
import {
  africasTalking, createFakeAfricasTalking, createFakeGraph, createFakeOrange, createFakeTwilio, graph, orange, twilio,
} from '../fakes/messaging-providers';
import { http, testToken } from './app';
import { programmeUid, syncedApp } from './cards';

// A synced, mapped sandbox app listening on loopback, with the four provider fakes beside it. Provider
// requests time out fast (the fakes hang on demand), through the same environment variables `serve` reads.

export const timeouts = { OOMUS_MESSAGING_TIMEOUT_MS: '700', OOMUS_MESSAGING_CONNECT_TIMEOUT_MS: '500' };

export interface MessagingFixture {
  app: App;
  url: string;
  enrollments: string[];
  fakes: {
    graph: Awaited<ReturnType<typeof createFakeGraph>>;
    twilio: Awaited<ReturnType<typeof createFakeTwilio>>;
    africasTalking: Awaited<ReturnType<typeof createFakeAfricasTalking>>;
    orange: Awaited<ReturnType<typeof createFakeOrange>>;
  };
  close(): Promise<void>;
}

export async function messagingApp(enrollments = 40): Promise<MessagingFixture> {
  Object.assign(process.env, timeouts, { OOMUS_TOKEN: testToken });
  const synced = await syncedApp({ enrollments });
  const { url } = await synced.app.listen('127.0.0.1', 0);
  const fakes = { graph: await createFakeGraph(), twilio: await createFakeTwilio(), africasTalking: await createFakeAfricasTalking(), orange: await createFakeOrange() };
  const uids = (synced.app.db.prepare('SELECT uid FROM enrollments WHERE programme_uid = ? ORDER BY uid').all(programmeUid) as { uid: string }[]).map((r) => r.uid);
  return {
    app: synced.app, url, enrollments: uids, fakes,
    async close() {
      for (const f of Object.values(fakes)) f.heal();
      await synced.close();
      await Promise.all(Object.values(fakes).map((f) => f.close()));
    },
  };
}

/** Channel settings pointing at the fakes. */
export const channelSettings = (fakes: MessagingFixture['fakes']) => ({
  whatsapp: { phone_number_id: graph.phoneNumberId, access_token: graph.token, api_base_url: fakes.graph.url },
  twilio: { provider: 'twilio', account_sid: twilio.accountSid, auth_token: twilio.authToken, sender: twilio.from, api_base_url: fakes.twilio.url },
  africasTalking: { provider: 'africastalking', username: africasTalking.username, api_key: africasTalking.apiKey, sender: africasTalking.sender, api_base_url: fakes.africasTalking.url },
  orange: {
    provider: 'orange', client_id: orange.clientId, client_secret: orange.clientSecret, sender_address: orange.senderAddress, sender: orange.senderName,
    api_base_url: fakes.orange.url,
  },
});

export const api = (url: string) => ({
  send: (body: unknown) => http(`${url}/dhis2/send-card`, { body }),
  channels: (body?: unknown) => (body === undefined ? http(`${url}/dhis2/channels`) : http(`${url}/dhis2/channels`, { body })),
  outbox: (query = '') => http(`${url}/dhis2/outbox${query}`),
});

/** A loopback port nothing listens on: "no network" for a provider address. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Far enough ahead that every queued message is due. */
export const later = (): Date => new Date(Date.now() + 48 * 3600_000);
