import { Type, type Static } from 'typebox';
import { channels, outboxStatuses } from '../messaging';
import { Answer, Nullable, PathId } from './common';

// Sending cards by WhatsApp and SMS, the outbox, and the provider settings (secrets write-only).

export const SendCardBody = Type.Object(
  {
    enrollment_id: PathId,
    channel: Type.Enum([...channels]),
    phone_number: Type.String({ minLength: 1, maxLength: 40 }),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    idempotency_key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,128}$' })),
  },
  { additionalProperties: false },
);
export type SendCardBody = Static<typeof SendCardBody>;

const Status = Type.Enum([...outboxStatuses]);
/** A message as send-card answers it and the outbox lists it. */
export const OutboxMessage = Answer({
  enrollment_id: Type.String(),
  channel: Type.Enum([...channels]),
  status: Status,
  message_id: Nullable(Type.String()),
  sent_at: Nullable(Type.String()),
  outbox_id: Type.String(),
  idempotency_key: Type.String(),
  provider: Type.String(),
  phone_number: Type.String(),
  message: Type.String(),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  sms: Nullable(Answer({ encoding: Nullable(Type.String()), segments: Nullable(Type.Integer()), characters: Nullable(Type.Integer()) })),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type OutboxMessage = Static<typeof OutboxMessage>;

export const OutboxQuery = Type.Object(
  {
    status: Type.Optional(Status),
    channel: Type.Optional(Type.Enum([...channels])),
    enrollment_id: Type.Optional(PathId),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  },
  { additionalProperties: false },
);
export type OutboxQuery = Static<typeof OutboxQuery>;
export const Outbox = Answer({
  counts: Answer({ queued: Type.Integer(), sending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer(), unknown: Type.Integer() }),
  messages: Type.Array(OutboxMessage),
});
export type Outbox = Static<typeof Outbox>;

/** Each channel is checked field by field by the channel settings' parser, which names every problem. */
export const ChannelsBody = Type.Object(
  {
    whatsapp: Type.Optional(Type.Unknown()),
    sms: Type.Optional(Type.Unknown()),
    default_country: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ChannelsBody = Static<typeof ChannelsBody>;

const whatsAppFields = {
  phone_number_id: Type.String(),
  template_name: Nullable(Type.String()),
  template_language: Nullable(Type.String()),
  api_version: Type.String(),
  api_base_url: Nullable(Type.String()),
};
export const WhatsAppSettings = Answer(whatsAppFields);
export type WhatsAppSettings = Static<typeof WhatsAppSettings>;

const twilioFields = { provider: Type.Literal('twilio'), account_sid: Type.String(), sender: Nullable(Type.String()), messaging_service_sid: Nullable(Type.String()), api_base_url: Nullable(Type.String()) };
const africasTalkingFields = { provider: Type.Literal('africastalking'), username: Type.String(), sender: Nullable(Type.String()), api_base_url: Nullable(Type.String()) };
const orangeFields = { provider: Type.Literal('orange'), client_id: Type.String(), sender_address: Type.String(), sender: Nullable(Type.String()), api_base_url: Nullable(Type.String()) };
export const SmsSettings = Type.Union([Answer(twilioFields), Answer(africasTalkingFields), Answer(orangeFields)]);
export type SmsSettings = Static<typeof SmsSettings>;

const configured = { configured: Type.Literal(true), updated_at: Type.String() };
const NotConfigured = Answer({ configured: Type.Literal(false) });
export const ChannelsView = Answer({
  whatsapp: Type.Union([NotConfigured, Answer({ ...configured, mode: Type.Enum(['template', 'image']), ...whatsAppFields })]),
  sms: Type.Union([
    NotConfigured,
    Answer({ ...configured, ...twilioFields }),
    Answer({ ...configured, ...africasTalkingFields }),
    Answer({ ...configured, ...orangeFields }),
  ]),
  default_country: Type.String(),
  default_calling_code: Type.String(),
});
export type ChannelsView = Static<typeof ChannelsView>;
