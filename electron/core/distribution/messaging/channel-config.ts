import { countries, countryOf } from '../../api/contract/countries';
import { smsProviderFields, smsProviders, whatsAppFields, type SmsProvider } from '../../api/contract/messaging';
import type { ChannelsBody, SmsSettings, WhatsAppSettings } from '../../api/contract/schemas/messaging';
import { AppError, type ErrorDetail } from '../../errors';
import { normalisePhone } from './phone-number';

// What POST /dhis2/channels accepts, checked field by field so every problem is reported at once with
// the field named as the client wrote it ("sms.account_sid"). Settings and secrets are kept apart: only
// the secrets go through the SecretBox, only the settings are ever shown.

export type { SmsSettings, WhatsAppSettings };
export interface WhatsAppSecrets { access_token: string }

export type SmsSecrets = { auth_token: string } | { api_key: string } | { client_secret: string };

export const defaultGraphVersion = 'v23.0';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly details: ErrorDetail[] = [];
  constructor(private readonly obj: Obj, private readonly prefix: string) {}
  problem(field: string, problem: string): void {
    this.details.push({ field: `${this.prefix}.${field}`, problem });
  }
  only(fields: string[]): void {
    for (const key of Object.keys(this.obj)) if (!fields.includes(key)) this.problem(key, 'is not a known field');
  }
  /** A string matching the pattern; undefined when absent and optional (null counts as absent). */
  text(field: string, pattern: RegExp, describe: string, required: boolean): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.problem(field, 'must be of type string');
      return undefined;
    }
    if (!pattern.test(v.trim())) {
      this.problem(field, describe);
      return undefined;
    }
    return v.trim();
  }
  url(field: string): string | null {
    const v = this.text(field, /^https?:\/\/\S+$/i, 'must be an http:// or https:// address', false);
    if (v === undefined) return null;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      this.problem(field, 'must be an http:// or https:// address');
      return null;
    }
    if (u.username || u.password) this.problem(field, 'must not hold a user name or password (give credentials in their own fields)');
    else if (u.search || u.hash) this.problem(field, 'must not have a query string or fragment');
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  }
}

const secretPattern = /^[^\s]{8,4096}$/;
const alphanumericSender = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** The fields a provider's settings may have: its own, its secret, and api_base_url. */
const knownSmsFields = (provider: SmsProvider): string[] => ['provider', ...smsProviderFields[provider].settings, smsProviderFields[provider].secret, 'api_base_url'];

export interface ParsedWhatsApp { settings: WhatsAppSettings; secret: string | undefined }
export interface ParsedSms { settings: SmsSettings; secret: string | undefined }

/** A POST /dhis2/channels checked: null removes a channel; a channel left out stays as it is. */
export interface ChannelUpdate {
  whatsapp?: ParsedWhatsApp | null;
  sms?: ParsedSms | null;
  defaultCountry?: string;
}

/** Every field of every channel checked; all the problems are reported at once, as one 400. */
export function parseChannelUpdate(body: ChannelsBody): ChannelUpdate {
  const details: ErrorDetail[] = [];
  const update: ChannelUpdate = {};
  if (body.whatsapp === null) update.whatsapp = null;
  else if (body.whatsapp !== undefined) {
    const r = parseWhatsApp(body.whatsapp);
    details.push(...r.details);
    if (r.value) update.whatsapp = r.value;
  }
  if (body.sms === null) update.sms = null;
  else if (body.sms !== undefined) {
    const r = parseSms(body.sms);
    details.push(...r.details);
    if (r.value) update.sms = r.value;
  }
  if (body.default_country !== undefined) {
    const r = parseDefaultCountry(body.default_country);
    details.push(...r.details);
    if (r.value) update.defaultCountry = r.value;
  }
  if (details.length) {
    throw new AppError('validation_failed', `Invalid request: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, details);
  }
  return update;
}

export function parseWhatsApp(input: unknown): { value?: ParsedWhatsApp; details: ErrorDetail[] } {
  if (!isObj(input)) return { details: [{ field: 'whatsapp', problem: 'must be an object (or null to remove WhatsApp)' }] };
  const c = new Checker(input, 'whatsapp');
  c.only([...whatsAppFields.settings, whatsAppFields.secret, 'api_base_url']);
  const phoneNumberId = c.text('phone_number_id', /^\d{5,30}$/, "must be the WhatsApp business phone number ID (digits, from Meta's WhatsApp Manager), not the phone number", true);
  const secret = c.text('access_token', secretPattern, 'must be the access token, without spaces', false);
  const templateName = c.text('template_name', /^[a-z0-9_]{1,512}$/, 'must be the approved template name (lower-case letters, digits and _)', false);
  const templateLanguage = c.text('template_language', /^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as fr, en or en_US', false);
  const apiVersion = c.text('api_version', /^v\d{1,3}\.\d$/, 'must be a Graph API version such as v23.0', false);
  const apiBaseUrl = c.url('api_base_url');
  if (c.details.length || !phoneNumberId) return { details: c.details };
  return {
    details: [],
    value: {
      settings: { phone_number_id: phoneNumberId, template_name: templateName ?? null, template_language: templateLanguage ?? null, api_version: apiVersion ?? defaultGraphVersion, api_base_url: apiBaseUrl },
      secret,
    },
  };
}

export function parseSms(input: unknown): { value?: ParsedSms; details: ErrorDetail[] } {
  if (!isObj(input)) return { details: [{ field: 'sms', problem: 'must be an object (or null to remove SMS)' }] };
  const provider = smsProviders.find((p) => p === input.provider);
  if (!provider) {
    return { details: [{ field: 'sms.provider', problem: `must be one of ${smsProviders.join(', ')}` }] };
  }
  const c = new Checker(input, 'sms');
  const apiBaseUrl = (): string | null => c.url('api_base_url');
  if (provider === 'twilio') {
    c.only(knownSmsFields(provider));
    const sid = c.text('account_sid', /^AC[0-9a-fA-F]{32}$/, 'must be the Account SID (AC followed by 32 hex digits)', true);
    const secret = c.text('auth_token', secretPattern, 'must be the auth token, without spaces', false);
    const sender = senderOf(c, true);
    const service = c.text('messaging_service_sid', /^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID (MG followed by 32 hex digits)', false);
    if (!sender && !service && !c.details.some((d) => d.field === 'sms.sender' || d.field === 'sms.messaging_service_sid')) {
      c.problem('sender', 'is required (a Twilio phone number or alphanumeric sender ID), unless messaging_service_sid is given');
    }
    const base = apiBaseUrl();
    if (c.details.length || !sid) return { details: c.details };
    return { details: [], value: { settings: { provider, account_sid: sid, sender: sender ?? null, messaging_service_sid: service ?? null, api_base_url: base }, secret } };
  }
  if (provider === 'africastalking') {
    c.only(knownSmsFields(provider));
    const username = c.text('username', /^[A-Za-z0-9_.-]{1,64}$/, "must be the Africa's Talking application user name ('sandbox' for the sandbox)", true);
    const secret = c.text('api_key', secretPattern, 'must be the API key, without spaces', false);
    const sender = c.text('sender', /^([0-9]{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/, 'must be a short code or an alphanumeric sender ID of at most 11 characters', false);
    const base = apiBaseUrl();
    if (c.details.length || !username) return { details: c.details };
    return { details: [], value: { settings: { provider, username, sender: sender ?? null, api_base_url: base }, secret } };
  }
  c.only(knownSmsFields('orange'));
  const clientId = c.text('client_id', /^[A-Za-z0-9_.-]{4,128}$/, 'must be the client ID of the Orange Developer application', true);
  const secret = c.text('client_secret', secretPattern, 'must be the client secret, without spaces', false);
  const address = c.text('sender_address', /^(tel:)?\+?[\d\s]{8,20}$/, 'must be the phone number of the Orange account in international form (+221…)', true);
  let senderAddress: string | undefined;
  if (address) {
    const n = normalisePhone(address.replace(/^tel:/, '').replace(/^(?!\+)/, '+'));
    if (n.ok) senderAddress = n.e164;
    else c.problem('sender_address', n.problem);
  }
  const sender = c.text('sender', alphanumericSender, 'must be a sender name of at most 11 letters, digits or spaces', false);
  const base = apiBaseUrl();
  if (c.details.length || !clientId || !senderAddress) return { details: c.details };
  return { details: [], value: { settings: { provider: 'orange', client_id: clientId, sender_address: senderAddress, sender: sender ?? null, api_base_url: base }, secret } };
}

function senderOf(c: Checker, allowPhone: boolean): string | undefined {
  const v = c.text('sender', /^\S(.*\S)?$/, 'must not be empty', false);
  if (v === undefined) return undefined;
  if (allowPhone && /^\+\d{8,15}$/.test(v)) return v;
  if (alphanumericSender.test(v)) return v;
  c.problem('sender', 'must be a phone number in E.164 form (+15551234567) or an alphanumeric sender ID of at most 11 characters');
  return undefined;
}

export function parseDefaultCountry(input: unknown): { value?: string; details: ErrorDetail[] } {
  if (typeof input !== 'string' || !countryOf(input)) {
    return { details: [{ field: 'default_country', problem: `must be one of ${countries.map((c) => c.iso).join(', ')}` }] };
  }
  return { value: input.toUpperCase(), details: [] };
}
