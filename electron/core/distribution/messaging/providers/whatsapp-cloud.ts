import { readFileSync } from 'node:fs';
import type { Language } from '../../../../../templates/kit/card-model';
import type { WhatsAppSettings } from '../channel-config';
import type { ProviderResponse } from '../provider-http';
import { bodyJson, classifyStatus, exchange, isResult, textOf, type AttemptResult, type MessagingProvider } from './provider';

// Meta's WhatsApp Business Cloud API (Graph API). Two requests per card:
//   1. POST /{version}/{phone-number-id}/media, multipart: messaging_product=whatsapp, type=image/png, file
//      → {"id": MEDIA_ID}. Uploading delivers nothing to anyone, so any failure here is safe to retry.
//   2. POST /{version}/{phone-number-id}/messages, JSON, Bearer token → {"messages": [{"id": "wamid…"}]}:
//      - with a template configured (needed to open a conversation, i.e. outside the 24-hour window):
//        type "template", header parameter = the card image by media ID, one body parameter = the text;
//      - otherwise type "image" with the card as image.id and the text as caption.
// The Graph API has no idempotency key, so a lost answer to request 2 leaves the message "unknown".

export const graphBaseUrl = 'https://graph.facebook.com';
export const maxCaption = 1024;

// Graph error codes meaning "not now": temporary errors and the rate limits (API, throughput, pair rate).
const retryableCodes = new Set([1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131056]);

export function createWhatsAppProvider(settings: WhatsAppSettings, accessToken: string, language: Language): MessagingProvider {
  const base = `${settings.api_base_url ?? graphBaseUrl}/${settings.api_version}/${settings.phone_number_id}`;
  const secrets = [accessToken];
  const auth = { authorization: `Bearer ${accessToken}` };

  const graphError = (res: ProviderResponse, label: string): AttemptResult | undefined => {
    const error = bodyJson(res).error as { message?: string; code?: number; error_data?: { details?: string } } | undefined;
    const detail = error?.message ? `(#${error.code ?? '?'}) ${error.message}${error.error_data?.details ? ` — ${error.error_data.details}` : ''}` : textOf(res);
    const generic = classifyStatus(res, label, detail, secrets);
    if (!generic) return undefined;
    if (generic.kind === 'failed' && error?.code !== undefined && retryableCodes.has(error.code)) return { kind: 'retry', reason: generic.reason, offline: false };
    if (generic.kind === 'failed' && error?.code === 131047) {
      return { kind: 'failed', reason: `${generic.reason}. More than 24 hours since the person last wrote: set an approved template (template_name) in the WhatsApp channel settings.` };
    }
    if (generic.kind === 'failed' && (res.status === 401 || error?.code === 190)) {
      return { kind: 'failed', reason: `${generic.reason}. The access token is invalid or expired: enter a new one in the WhatsApp channel settings.` };
    }
    return generic;
  };

  const template = (mediaId: string, text: string): unknown => ({
    name: settings.template_name,
    language: { code: settings.template_language ?? language },
    components: [
      { type: 'header', parameters: [{ type: 'image', image: { id: mediaId } }] },
      // Template parameters may not hold new lines, tabs or long runs of spaces.
      { type: 'body', parameters: [{ type: 'text', text: text.replace(/\s+/g, ' ').trim() }] },
    ],
  });

  return {
    name: 'whatsapp_cloud',
    async send(message, ctx) {
      let mediaId = message.mediaId;
      if (!mediaId) {
        if (!message.cardFile) return { kind: 'failed', reason: 'No card image to send.' };
        let png: Buffer;
        try {
          png = readFileSync(message.cardFile);
        } catch (err) {
          return { kind: 'failed', reason: `The card image ${message.cardFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); send the card again.` };
        }
        const form = multipart({ messaging_product: 'whatsapp', type: 'image/png' }, { name: 'file', filename: 'card.png', type: 'image/png', data: png });
        const res = await exchange(ctx, { method: 'POST', url: `${base}/media`, headers: { ...auth, 'content-type': form.contentType }, body: form.body },
          { delivering: false, label: 'WhatsApp media upload', secrets });
        if (isResult(res)) return res;
        const problem = graphError(res, 'WhatsApp media upload');
        if (problem) return problem;
        const id = bodyJson(res).id;
        if (typeof id !== 'string' || !id) return { kind: 'retry', reason: 'WhatsApp media upload answered without a media id.', offline: false };
        mediaId = id;
        ctx.mediaUploaded(id);
      }
      const payload = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.phone,
        ...(settings.template_name
          ? { type: 'template', template: template(mediaId, message.body) }
          : { type: 'image', image: { id: mediaId, caption: message.body } }),
      };
      const res = await exchange(ctx, { method: 'POST', url: `${base}/messages`, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(payload) },
        { delivering: true, label: 'WhatsApp', secrets });
      if (isResult(res)) return res;
      const problem = graphError(res, 'WhatsApp');
      if (problem) return problem;
      const messages = bodyJson(res).messages as { id?: unknown }[] | undefined;
      const id = messages?.[0]?.id;
      if (typeof id !== 'string' || !id) return { kind: 'unknown', reason: `WhatsApp answered ${res.status} without a message id: ${textOf(res)}` };
      return { kind: 'sent', providerMessageId: id };
    },
  };
}

/** multipart/form-data with text fields and one file. */
export function multipart(fields: Record<string, string>, file: { name: string; filename: string; type: string; data: Buffer }): { contentType: string; body: Buffer } {
  const boundary = `----oomus${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'));
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
