import type { SmsSettings } from '../channel-config';
import { bodyJson, classifyStatus, exchange, formBody, isResult, textOf, type MessagingProvider } from './provider';

// Africa's Talking SMS: POST /version1/messaging, form-encoded username, to, message (and from when a
// sender ID or short code is set), header apiKey, Accept: application/json → 201
// {"SMSMessageData": {"Message": "Sent to 1/1 …", "Recipients": [{"statusCode": 101, "number", "status",
// "cost", "messageId"}]}}. The application user name "sandbox" goes to the sandbox host.
// Recipient status codes: 100 Processed, 101 Sent, 102 Queued are accepted; 500 and 501 (internal or
// gateway error) are retried; the others (401 RiskHold, 402 InvalidSenderId, 403 InvalidPhoneNumber,
// 404 UnsupportedNumberType, 405 InsufficientBalance, 406 UserInBlacklist, 407 CouldNotRoute…) fail.

export const africasTalkingBaseUrl = 'https://api.africastalking.com';
export const africasTalkingSandboxUrl = 'https://api.sandbox.africastalking.com';

interface Recipient { statusCode?: number; number?: string; status?: string; messageId?: string }

export function createAfricasTalkingProvider(settings: Extract<SmsSettings, { provider: 'africastalking' }>, apiKey: string): MessagingProvider {
  const base = settings.api_base_url ?? (settings.username === 'sandbox' ? africasTalkingSandboxUrl : africasTalkingBaseUrl);
  const secrets = [apiKey];
  return {
    name: 'africastalking',
    async send(message, ctx) {
      const fields: Record<string, string> = { username: settings.username, to: message.phone, message: message.body };
      if (settings.sender) fields.from = settings.sender;
      const res = await exchange(ctx, {
        method: 'POST', url: `${base}/version1/messaging`,
        headers: { apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields),
      }, { delivering: true, label: "Africa's Talking", secrets });
      if (isResult(res)) return res;
      const problem = classifyStatus(res, "Africa's Talking", textOf(res), secrets);
      if (problem) {
        if (problem.kind === 'failed' && res.status === 401) return { kind: 'failed', reason: `${problem.reason}. Check the user name and API key in the SMS settings.` };
        return problem;
      }
      const data = bodyJson(res).SMSMessageData as { Message?: string; Recipients?: Recipient[] } | undefined;
      const recipient = data?.Recipients?.[0];
      if (!recipient) {
        // No recipient entry: the whole request was refused (e.g. "InvalidSenderId"), nothing was sent.
        return { kind: 'failed', reason: `Africa's Talking did not accept the message: ${data?.Message ?? textOf(res)}` };
      }
      const code = Number(recipient.statusCode);
      if ([100, 101, 102].includes(code) && recipient.messageId) return { kind: 'sent', providerMessageId: recipient.messageId };
      const reason = `Africa's Talking refused the message for ${recipient.number ?? message.phone}: ${recipient.status ?? 'unknown status'} (${code})`;
      if (code === 500 || code === 501) return { kind: 'retry', reason, offline: false };
      return { kind: 'failed', reason };
    },
  };
}
