// What sending cards needs to agree on between the UI and the engine: message placeholders, channels,
// SMS providers and their fields, outbox statuses.

export const placeholders = [
  'first_name', 'last_name', 'full_name', 'programme_name', 'mpi_id', 'enrollment_id', 'date_of_birth', 'gender',
  'phone_number', 'health_center', 'zone', 'enrollment_date', 'national_id', 'address', 'guardian_name', 'card_token',
] as const;
export type Placeholder = (typeof placeholders)[number];

export const channels = ['whatsapp', 'sms'] as const;
export type Channel = (typeof channels)[number];

export const smsProviders = ['twilio', 'africastalking', 'orange'] as const;
export type SmsProvider = (typeof smsProviders)[number];

/** WhatsApp's settings, in form order, and its secret (write-only); api_base_url comes on top. */
export const whatsAppFields = { settings: ['phone_number_id', 'template_name', 'template_language', 'api_version'], secret: 'access_token' } as const;

/** Each SMS provider's settings, in form order, and its one secret (write-only); api_base_url comes on top. */
export const smsProviderFields = {
  twilio: { settings: ['account_sid', 'sender', 'messaging_service_sid'], secret: 'auth_token' },
  africastalking: { settings: ['username', 'sender'], secret: 'api_key' },
  orange: { settings: ['client_id', 'sender_address', 'sender'], secret: 'client_secret' },
} as const satisfies Record<SmsProvider, { settings: readonly string[]; secret: string }>;

/** The secret field of each channel or SMS provider. */
export const secretField = {
  whatsapp: whatsAppFields.secret,
  twilio: smsProviderFields.twilio.secret,
  africastalking: smsProviderFields.africastalking.secret,
  orange: smsProviderFields.orange.secret,
} as const;

export const outboxStatuses = ['queued', 'sending', 'sent', 'failed', 'unknown'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
