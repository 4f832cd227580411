import { createHash } from 'node:crypto';
import type { Language } from '../../../../templates/kit/card-model';
import { placeholders } from '../../api/contract/messaging';
import type { OutboxMessage, SendCardBody } from '../../api/contract/schemas/messaging';
import { countSms } from '../../api/contract/sms-count';
import type { CardModelSource } from '../../cards/card-model-source';
import type { Clock } from '../../clock';
import { AppError, invalid } from '../../errors';
import { newId } from '../../ids';
import type { Logger } from '../../logger';
import type { SettingsStore } from '../../settings/settings';
import type { CardForMessage } from './card-on-demand';
import type { ChannelStore } from './channel-store';
import { defaultMessage, placeholderValues, renderTemplate, unknownPlaceholders } from './message-template';
import type { OutboxRow, OutboxStore } from './outbox-store';
import type { OutboxWorker } from './outbox-worker';
import { normalisePhone } from './phone-number';
import { tokenPrefix } from '../../verify/card-token';
import { channelName } from './providers/provider-for';
import { maxCaption } from './providers/whatsapp-cloud';

// POST /dhis2/send-card: checks the request, makes the card if the enrollment has none, stores the message
// in the outbox under its idempotency key (before any provider hears of it), tries it once, and answers
// with what happened: sent, queued (retried later by the outbox worker), failed, or unknown.


export interface SendCardDeps {
  store: OutboxStore;
  worker: OutboxWorker;
  channels: ChannelStore;
  models: CardModelSource;
  cardFor: (enrollmentUid: string) => Promise<CardForMessage>;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** The Google Wallet link of an enrollment, when Google Wallet is configured (added to SMS). */
  walletLink?: (enrollmentUid: string) => Promise<string | null>;
}

/** An SMS never exceeds this (Twilio's limit for one message, about 10 GSM-7 segments). */
export const maxSmsCharacters = 1600;

export function outboxView(row: OutboxRow): OutboxMessage {
  return {
    enrollment_id: row.enrollment_uid,
    channel: row.channel,
    status: row.status,
    message_id: row.provider_message_id,
    sent_at: row.sent_at,
    outbox_id: row.id,
    idempotency_key: row.idempotency_key,
    provider: row.provider,
    phone_number: row.phone_number,
    message: row.body,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    reason: row.status === 'sent' ? null : row.last_error,
    note: row.note,
    sms: row.channel === 'sms' ? { encoding: row.sms_encoding, segments: row.sms_segments, characters: row.sms_characters } : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The SMS text: the message, then the MPI ID, the card's signed token (what its QR says, for a verifier to
 * paste) and the wallet link, each when the message does not already hold it. */
export function composeSms(text: string, mpiId: string | null, token: string | null, walletUrl: string | null, language: Language): string {
  const lines = [text.trim()];
  if (mpiId && !text.includes(mpiId)) lines.push(`${language === 'fr' ? 'ID MPI :' : 'MPI ID:'} ${mpiId}`);
  if (token && !text.includes(token)) lines.push(`${language === 'fr' ? 'Code de vérification :' : 'Verification code:'} ${token}`);
  if (walletUrl && !text.includes(walletUrl)) lines.push(walletUrl);
  return lines.join('\n');
}

export function createSendCard(deps: SendCardDeps): (request: SendCardBody) => Promise<OutboxMessage> {
  return async (req) => {
    const language = deps.settings.get().language;
    const template = req.message ?? defaultMessage[language];
    const unknown = unknownPlaceholders(template);
    if (unknown.length) {
      throw invalid('message', `uses the unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; ` +
        `known: ${placeholders.map((p) => `{${p}}`).join(', ')} (write {{ and }} for literal braces)`);
    }
    const phone = normalisePhone(req.phone_number, deps.channels.defaultCountry());
    if (!phone.ok) throw invalid('phone_number', phone.problem);

    const requestHash = createHash('sha256').update(JSON.stringify([req.enrollment_id, req.channel, phone.e164, template])).digest('hex');
    if (req.idempotency_key) {
      const existing = deps.store.byKey(req.idempotency_key);
      if (existing) return replay(existing, requestHash);
    }

    deps.models.forEnrollment(req.enrollment_id); // 404 unknown enrollment, 409 programme without mapping
    const channels = deps.channels.view();
    if (!(req.channel === 'whatsapp' ? channels.whatsapp.configured : channels.sms.configured)) {
      throw new AppError('conflict', `${channelName[req.channel]} is not configured yet: set its provider settings with POST /dhis2/channels.`);
    }

    const { file, card } = await deps.cardFor(req.enrollment_id);
    const text = renderTemplate(template, placeholderValues(card, language)).trim();
    if (!text) throw invalid('message', 'is empty once its placeholders are filled in for this enrollment');
    let body = text;
    let sms: ReturnType<typeof countSms> | undefined;
    let note: string | null = null;
    if (req.channel === 'whatsapp') {
      if (text.length > maxCaption) throw invalid('message', `is ${text.length} characters once filled in; WhatsApp allows ${maxCaption}`);
    } else {
      let wallet: string | null = null;
      try {
        wallet = (await deps.walletLink?.(req.enrollment_id)) ?? null;
      } catch (err) {
        deps.logger.warn(`No Google Wallet link for ${req.enrollment_id} in its SMS: ${(err as Error).message}`);
      }
      const token = card.qrPayload.startsWith(tokenPrefix) ? card.qrPayload : null;
      body = composeSms(text, card.mpiId, token, wallet, language);
      sms = countSms(body);
      if (wallet && sms.characters > maxSmsCharacters) {
        // A save-to-wallet URL carries the whole signed pass, the card's token in its barcode: rarely does it
        // fit beside the token's own line. The link alone then, else the token's line alone.
        const linkOnly = composeSms(text, card.mpiId, null, wallet, language);
        if (token && countSms(linkOnly).characters <= maxSmsCharacters) {
          note = `The card's verification code was left out of the text: with it and the Google Wallet link the SMS would have been ${sms.characters} characters, ` +
            `over the ${maxSmsCharacters} one SMS may hold. The link's pass carries the same code in its QR.`;
          body = linkOnly;
        } else {
          note = `The Google Wallet link (${wallet.length} characters) was left out: with it the SMS would have been ${countSms(linkOnly).characters} characters or more, ` +
            `over the ${maxSmsCharacters} one SMS may hold. Share it another way (GET /dhis2/google-wallet/${req.enrollment_id}).`;
          body = composeSms(text, card.mpiId, token, null, language);
        }
        sms = countSms(body);
      }
      if (sms.characters > maxSmsCharacters) {
        throw invalid('message', `makes an SMS of ${sms.characters} characters (${sms.segments} ${sms.encoding} segments); the limit is ${maxSmsCharacters}`);
      }
    }

    const id = newId('msg');
    const key = req.idempotency_key ?? newId('send');
    const provider = req.channel === 'whatsapp' ? 'whatsapp_cloud' : channels.sms.configured ? channels.sms.provider : 'sms';
    const inserted = deps.store.insertClaimed({
      id, idempotency_key: key, request_hash: requestHash, enrollment_uid: req.enrollment_id, channel: req.channel, provider,
      phone_number: phone.e164, body, card_file: req.channel === 'whatsapp' ? file : null,
      sms_encoding: sms?.encoding ?? null, sms_segments: sms?.segments ?? null, sms_characters: sms?.characters ?? null, note,
    }, deps.clock.now());
    if (!inserted) {
      // The same key arrived twice at once: the other request owns the message.
      const existing = deps.store.byKey(key);
      if (!existing) throw new Error(`outbox message with key ${key} vanished`);
      return replay(existing, requestHash);
    }
    return outboxView(await deps.worker.attempt(id));
  };

  function replay(existing: OutboxRow, requestHash: string): OutboxMessage {
    if (existing.request_hash !== requestHash) {
      throw new AppError('conflict', `idempotency_key "${existing.idempotency_key}" was already used for another message (${existing.id}); use a new key for a new message.`,
        [{ field: 'idempotency_key', problem: 'was already used for a different request' }]);
    }
    return outboxView(existing);
  }
}
