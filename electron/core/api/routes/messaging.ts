import { Type } from 'typebox';
import { AppError, type ErrorDetail } from '../../errors';
import { parseDefaultCountry, parseSms, parseWhatsApp } from '../../distribution/messaging/channel-config';
import type { ChannelUpdate } from '../../distribution/messaging/channel-store';
import type { MessagingServices } from '../../distribution/messaging/messaging-services';
import type { Channel, OutboxStatus } from '../../distribution/messaging/outbox-store';
import { outboxView } from '../../distribution/messaging/send-card';
import { PathId } from '../schemas';
import type { Api } from '../server';

// Sending cards by WhatsApp and SMS (POST /dhis2/send-card, as the reference defines it), the outbox, and
// the provider settings (secrets write-only).

const SendCardBody = Type.Object(
  {
    enrollment_id: PathId,
    channel: Type.Enum(['whatsapp', 'sms']),
    phone_number: Type.String({ minLength: 1, maxLength: 40 }),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    idempotency_key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,128}$' })),
  },
  { additionalProperties: false },
);

const ChannelsBody = Type.Object(
  {
    whatsapp: Type.Optional(Type.Unknown()),
    sms: Type.Optional(Type.Unknown()),
    default_country: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const OutboxQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['queued', 'sending', 'sent', 'failed', 'unknown'])),
    channel: Type.Optional(Type.Enum(['whatsapp', 'sms'])),
    enrollment_id: Type.Optional(PathId),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  },
  { additionalProperties: false },
);

export function registerMessagingRoutes(api: Api, messaging: MessagingServices): void {
  api.post('/dhis2/send-card', {
    schema: { body: SendCardBody },
    handler: async (request) => {
      const b = request.body;
      return messaging.sendCard({
        enrollment_id: b.enrollment_id, channel: b.channel as Channel, phone_number: b.phone_number,
        ...(b.message !== undefined ? { message: b.message } : {}),
        ...(b.idempotency_key !== undefined ? { idempotency_key: b.idempotency_key } : {}),
      });
    },
  });

  api.get('/dhis2/outbox', {
    schema: { querystring: OutboxQuery },
    handler: async (request) => {
      const q = request.query;
      const rows = messaging.outbox.list({
        limit: q.limit,
        ...(q.status ? { status: q.status as OutboxStatus } : {}),
        ...(q.channel ? { channel: q.channel as Channel } : {}),
        ...(q.enrollment_id ? { enrollmentUid: q.enrollment_id } : {}),
      });
      return { counts: messaging.outbox.counts(), messages: rows.map(outboxView) };
    },
  });

  api.post('/dhis2/channels', {
    schema: { body: ChannelsBody },
    handler: async (request) => {
      const b = request.body as { whatsapp?: unknown; sms?: unknown; default_country?: string };
      const details: ErrorDetail[] = [];
      const update: ChannelUpdate = {};
      if (b.whatsapp === null) update.whatsapp = null;
      else if (b.whatsapp !== undefined) {
        const r = parseWhatsApp(b.whatsapp);
        details.push(...r.details);
        if (r.value) update.whatsapp = r.value;
      }
      if (b.sms === null) update.sms = null;
      else if (b.sms !== undefined) {
        const r = parseSms(b.sms);
        details.push(...r.details);
        if (r.value) update.sms = r.value;
      }
      if (b.default_country !== undefined) {
        const r = parseDefaultCountry(b.default_country);
        details.push(...r.details);
        if (r.value) update.defaultCountry = r.value;
      }
      if (details.length) {
        throw new AppError('validation_failed', `Invalid request: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, details);
      }
      return messaging.channels.save(update);
    },
  });

  api.get('/dhis2/channels', {
    handler: async () => messaging.channels.view(),
  });
}
