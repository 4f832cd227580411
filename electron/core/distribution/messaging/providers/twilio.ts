import type { SmsSettings } from '../channel-config';
import { bodyJson, classifyStatus, exchange, formBody, isResult, textOf, type MessagingProvider } from './provider';

// Twilio Programmable Messaging: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded
// To, From (or MessagingServiceSid) and Body, HTTP Basic auth AccountSid:AuthToken → 201 {"sid": "SM…"}.
// Errors are {"code", "message", "more_info", "status"}; 429 (20429) and 5xx are retried.

export const twilioBaseUrl = 'https://api.twilio.com';

export function createTwilioProvider(settings: Extract<SmsSettings, { provider: 'twilio' }>, authToken: string): MessagingProvider {
  const url = `${settings.api_base_url ?? twilioBaseUrl}/2010-04-01/Accounts/${settings.account_sid}/Messages.json`;
  const secrets = [authToken];
  const authorization = `Basic ${Buffer.from(`${settings.account_sid}:${authToken}`, 'utf8').toString('base64')}`;
  return {
    name: 'twilio',
    async send(message, ctx) {
      const fields: Record<string, string> = { To: message.phone };
      if (settings.messaging_service_sid) fields.MessagingServiceSid = settings.messaging_service_sid;
      else if (settings.sender) fields.From = settings.sender;
      fields.Body = message.body;
      const res = await exchange(ctx, {
        method: 'POST', url, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields),
      }, { delivering: true, label: 'Twilio', secrets });
      if (isResult(res)) return res;
      const json = bodyJson(res);
      const detail = typeof json.message === 'string' ? `(${String(json.code ?? '?')}) ${json.message}` : textOf(res);
      const problem = classifyStatus(res, 'Twilio', detail, secrets);
      if (problem) {
        if (problem.kind === 'failed' && res.status === 401) return { kind: 'failed', reason: `${problem.reason}. Check the Account SID and auth token in the SMS settings.` };
        return problem;
      }
      if (typeof json.sid !== 'string' || !json.sid) return { kind: 'unknown', reason: `Twilio answered ${res.status} without a message sid: ${textOf(res)}` };
      return { kind: 'sent', providerMessageId: json.sid };
    },
  };
}
