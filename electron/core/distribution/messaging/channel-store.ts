import type { Database } from 'better-sqlite3';
import { countryOf, defaultCountry } from '../../api/contract/countries';
import { secretField, type SmsProvider } from '../../api/contract/messaging';
import type { ChannelsView } from '../../api/contract/schemas/messaging';
import { isoSeconds, type Clock } from '../../clock';
import { AppError, type ErrorDetail } from '../../errors';
import type { SecretBox } from '../../secrets/secret-box';
import type { ChannelUpdate, SmsSettings, WhatsAppSettings } from './channel-config';

// The WhatsApp and SMS gateway settings of this office. Secrets (access token, auth token, API key, client
// secret) are sealed through the SecretBox with a purpose per provider, never returned, never logged.


export interface ChannelStore {
  /** Applies an update in one transaction; a missing secret keeps the stored one of the same provider. */
  save(update: ChannelUpdate): ChannelsView;
  view(): ChannelsView;
  /** The WhatsApp settings with the opened token; undefined when WhatsApp is not configured. */
  whatsapp(): { settings: WhatsAppSettings; accessToken: string } | undefined;
  sms(): { settings: SmsSettings; secret: string } | undefined;
  defaultCountry(): string;
}

interface Row { channel: 'whatsapp' | 'sms'; provider: string; settings: string; secret: string; updated_at: string }

const purposeOf = (provider: string): string => (provider === 'whatsapp_cloud' ? 'messaging.whatsapp' : `messaging.sms.${provider}`);

export function createChannelStore(db: Database, secrets: SecretBox, clock: Clock): ChannelStore {
  const read = (channel: 'whatsapp' | 'sms'): Row | undefined =>
    db.prepare('SELECT channel, provider, settings, secret, updated_at FROM messaging_channels WHERE channel = ?').get(channel) as Row | undefined;
  // Read on every search (phones typed without a country code): prepared once.
  const countryRow = db.prepare('SELECT default_country FROM messaging_settings WHERE id = 1');
  const country = (): string => (countryRow.get() as { default_country: string } | undefined)?.default_country ?? defaultCountry;
  const open = (row: Row, what: string): string => {
    try {
      return secrets.open(purposeOf(row.provider), row.secret);
    } catch (err) {
      throw new AppError('conflict', `The stored ${what} cannot be read: ${(err as Error).message} Enter it again with POST /dhis2/channels.`);
    }
  };
  const upsert = db.prepare(`INSERT INTO messaging_channels (channel, provider, settings, secret, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(channel) DO UPDATE SET provider = excluded.provider, settings = excluded.settings, secret = excluded.secret, updated_at = excluded.updated_at`);

  const store: ChannelStore = {
    save(update) {
      const at = isoSeconds(clock.now());
      const details: ErrorDetail[] = [];
      const sealedFor = (channel: 'whatsapp' | 'sms', provider: string, secret: string | undefined, field: string): string | undefined => {
        if (secret !== undefined) return secrets.seal(purposeOf(provider), secret);
        const existing = read(channel);
        if (existing && existing.provider === provider) return existing.secret;
        details.push({ field: `${channel}.${field}`, problem: 'is required' });
        return undefined;
      };
      const writes: (() => void)[] = [];
      if (update.whatsapp === null) writes.push(() => db.prepare(`DELETE FROM messaging_channels WHERE channel = 'whatsapp'`).run());
      else if (update.whatsapp) {
        const w = update.whatsapp;
        const sealed = sealedFor('whatsapp', 'whatsapp_cloud', w.secret, secretField.whatsapp);
        if (sealed) writes.push(() => upsert.run('whatsapp', 'whatsapp_cloud', JSON.stringify(w.settings), sealed, at));
      }
      if (update.sms === null) writes.push(() => db.prepare(`DELETE FROM messaging_channels WHERE channel = 'sms'`).run());
      else if (update.sms) {
        const s = update.sms;
        const provider: SmsProvider = s.settings.provider;
        const sealed = sealedFor('sms', provider, s.secret, secretField[provider]);
        if (sealed) writes.push(() => upsert.run('sms', provider, JSON.stringify(s.settings), sealed, at));
      }
      if (update.defaultCountry) {
        const iso = update.defaultCountry;
        writes.push(() => db.prepare(`INSERT INTO messaging_settings (id, default_country, updated_at) VALUES (1, ?, ?)
          ON CONFLICT(id) DO UPDATE SET default_country = excluded.default_country, updated_at = excluded.updated_at`).run(iso, at));
      }
      if (details.length) {
        throw new AppError('validation_failed', `Invalid request: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, details);
      }
      db.transaction(() => writes.forEach((w) => w()))();
      return store.view();
    },
    view() {
      const w = read('whatsapp');
      const s = read('sms');
      const iso = country();
      const settingsOf = <T>(row: Row): T => JSON.parse(row.settings) as T;
      return {
        whatsapp: w
          ? (() => {
            const settings = settingsOf<WhatsAppSettings>(w);
            return { configured: true as const, mode: settings.template_name ? 'template' as const : 'image' as const, ...settings, updated_at: w.updated_at };
          })()
          : { configured: false },
        sms: s ? { configured: true as const, ...settingsOf<SmsSettings>(s), updated_at: s.updated_at } : { configured: false },
        default_country: iso,
        default_calling_code: `+${countryOf(iso)?.callingCode ?? ''}`,
      };
    },
    whatsapp() {
      const row = read('whatsapp');
      if (!row) return undefined;
      return { settings: JSON.parse(row.settings) as WhatsAppSettings, accessToken: open(row, 'WhatsApp access token') };
    },
    sms() {
      const row = read('sms');
      if (!row) return undefined;
      return { settings: JSON.parse(row.settings) as SmsSettings, secret: open(row, 'SMS gateway secret') };
    },
    defaultCountry: country,
  };
  return store;
}
