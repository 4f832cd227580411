import type { Language } from '../../../../../templates/kit/card-model';
import type { Channel } from '../../../api/contract/messaging';
import type { ChannelStore } from '../channel-store';
import { createAfricasTalkingProvider } from './africastalking';
import { createOrangeProvider } from './orange';
import type { MessagingProvider } from './provider';
import { createTwilioProvider } from './twilio';
import { createWhatsAppProvider } from './whatsapp-cloud';

/** The adapter for a channel as it is configured now; undefined when the channel is not configured. */
export function providerFor(channel: Channel, channels: ChannelStore, language: Language): MessagingProvider | undefined {
  if (channel === 'whatsapp') {
    const w = channels.whatsapp();
    return w ? createWhatsAppProvider(w.settings, w.accessToken, language) : undefined;
  }
  const s = channels.sms();
  if (!s) return undefined;
  switch (s.settings.provider) {
    case 'twilio':
      return createTwilioProvider(s.settings, s.secret);
    case 'africastalking':
      return createAfricasTalkingProvider(s.settings, s.secret);
    case 'orange':
      return createOrangeProvider(s.settings, s.secret);
  }
}

/** What the app calls each provider when it is not configured. */
export const channelName: Record<Channel, string> = { whatsapp: 'WhatsApp', sms: 'SMS' };
