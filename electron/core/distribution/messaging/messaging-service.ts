import type { ChannelsBody, ChannelsView, Outbox, OutboxMessage, OutboxQuery, SendCardBody } from '../../api/contract/schemas/messaging';
import { parseChannelUpdate } from './channel-config';
import type { ChannelStore } from './channel-store';
import type { OutboxStore } from './outbox-store';
import { outboxView } from './send-card';

// Messaging as the Send screen and LAN clients use it: send a card, read the outbox, set the providers.

export interface MessagingService {
  send(body: SendCardBody): Promise<OutboxMessage>;
  outbox(query: OutboxQuery): Outbox;
  channels(): ChannelsView;
  /** A refused update (every problem named) changes nothing. */
  configure(body: ChannelsBody): ChannelsView;
}

export interface MessagingServiceDeps {
  sendCard: (body: SendCardBody) => Promise<OutboxMessage>;
  outbox: OutboxStore;
  channels: ChannelStore;
}

export function createMessagingService(deps: MessagingServiceDeps): MessagingService {
  return {
    send: (body) => deps.sendCard(body),
    outbox(q) {
      const rows = deps.outbox.list({
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.enrollment_id ? { enrollmentUid: q.enrollment_id } : {}),
      });
      return { counts: deps.outbox.counts(), messages: rows.map(outboxView) };
    },
    channels: () => deps.channels.view(),
    configure: (body) => deps.channels.save(parseChannelUpdate(body)),
  };
}
