// What the Send screen needs to know about messaging. The placeholder list mirrors
// electron/core/distribution/messaging/message-template.ts (the core checks templates; the send-wallet e2e
// test checks the two lists match). The SMS counter and the country list are the core's own modules: both
// are plain TypeScript without imports, so the renderer bundles them as they are.
export { countSms, type SmsCount } from '../../electron/core/distribution/messaging/sms-encoding';
export { countries } from '../../electron/core/distribution/messaging/phone-number';

export const messagePlaceholders = [
  'first_name', 'last_name', 'full_name', 'programme_name', 'mpi_id', 'enrollment_id', 'date_of_birth', 'gender',
  'phone_number', 'health_center', 'zone', 'enrollment_date', 'national_id', 'address', 'guardian_name',
] as const;

export const channels = ['whatsapp', 'sms'] as const;
export type Channel = (typeof channels)[number];

export const smsProviders = ['twilio', 'africastalking', 'orange'] as const;
export type SmsProvider = (typeof smsProviders)[number];

/** Each SMS provider's fields, in form order; the secret one is write-only. Mirrors channel-config.ts. */
export const smsProviderFields: Record<SmsProvider, { settings: readonly string[]; secret: string }> = {
  twilio: { settings: ['account_sid', 'sender', 'messaging_service_sid'], secret: 'auth_token' },
  africastalking: { settings: ['username', 'sender'], secret: 'api_key' },
  orange: { settings: ['client_id', 'sender_address', 'sender'], secret: 'client_secret' },
};

export const outboxStatuses = ['queued', 'sending', 'sent', 'failed', 'unknown'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** A message as POST /dhis2/send-card and GET /dhis2/outbox give it. */
export interface OutboxMessage {
  enrollment_id: string;
  channel: Channel;
  status: OutboxStatus;
  message_id: string | null;
  sent_at: string | null;
  outbox_id: number;
  idempotency_key: string;
  provider: string;
  phone_number: string;
  message: string;
  attempts: number;
  next_attempt_at: string | null;
  reason: string | null;
  note: string | null;
  sms: { encoding: string | null; segments: number | null; characters: number | null } | null;
  created_at: string;
  updated_at: string;
}

export interface ChannelsView {
  whatsapp: { configured: false } | {
    configured: true; mode: 'template' | 'image'; phone_number_id: string; template_name: string | null; template_language: string | null;
    api_version: string; api_base_url: string | null; updated_at: string;
  };
  sms: { configured: false } | ({ configured: true; provider: SmsProvider; sender?: string | null; api_base_url: string | null; updated_at: string } & Record<string, unknown>);
  default_country: string;
  default_calling_code: string;
}
