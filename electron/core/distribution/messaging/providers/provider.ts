import { jsonOf, redact, TransportError, type ProviderHttp, type ProviderRequest, type ProviderResponse } from '../provider-http';

// What every gateway adapter (WhatsApp Cloud API, Twilio, Africa's Talking, Orange) does for one attempt,
// and how an attempt ends. The outbox turns the result into the next state.

export interface OutgoingMessage {
  id: string;
  /** E.164. */
  phone: string;
  /** The SMS body, or the WhatsApp caption / template text. */
  body: string;
  /** The card PNG (WhatsApp). */
  cardFile: string | null;
  /** A media ID uploaded by an earlier attempt, reused instead of uploading again. */
  mediaId: string | null;
}

export interface AttemptContext {
  http: ProviderHttp;
  /** Commits, durably, that the request that delivers the message is about to leave. Call it right before. */
  sendStarting(): void;
  mediaUploaded(mediaId: string): void;
}

export type AttemptResult =
  | { kind: 'sent'; providerMessageId: string }
  /** Not delivered, safe to try again. offline: nothing reached any server (no network). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; offline: boolean }
  /** The provider refused it for good (a 4xx): wrong number, bad credentials, template not approved… */
  | { kind: 'failed'; reason: string }
  /** The delivering request may have been acted on: never resent automatically. */
  | { kind: 'unknown'; reason: string };

export interface MessagingProvider {
  /** Stored with each message ("whatsapp_cloud", "twilio", "africastalking", "orange"). */
  readonly name: string;
  send(message: OutgoingMessage, ctx: AttemptContext): Promise<AttemptResult>;
}

export const isResult = (v: unknown): v is AttemptResult => typeof v === 'object' && v !== null && 'kind' in v;

/**
 * One HTTP exchange of an attempt. `delivering` marks the request that hands the message over: a
 * transport failure after it left is then "unknown"; for any other step (upload, token) it is a retry.
 */
export async function exchange(
  ctx: AttemptContext, request: ProviderRequest, step: { delivering: boolean; label: string; secrets: readonly string[] },
): Promise<ProviderResponse | AttemptResult> {
  if (step.delivering) ctx.sendStarting();
  try {
    return await ctx.http(request);
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    const reason = redact(`${step.label}: ${err.message}`, step.secrets);
    if (!err.maybeDelivered) return { kind: 'retry', reason, offline: true };
    if (step.delivering) return { kind: 'unknown', reason: `${reason} The provider may have delivered the message, so it is not sent again automatically.` };
    return { kind: 'retry', reason, offline: false };
  }
}

/** The generic reading of an HTTP status: 2xx is the caller's; 408/429/5xx retry; other codes fail for good. */
export function classifyStatus(res: ProviderResponse, label: string, detail: string, secrets: readonly string[]): AttemptResult | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const reason = redact(`${label} answered ${res.status}${detail ? `: ${detail}` : ''}`, secrets);
  if (res.status === 429 || res.status === 408) {
    return { kind: 'retry', reason: `${reason} (asked to slow down)`, offline: false, ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}) };
  }
  if (res.status >= 500) return { kind: 'retry', reason, offline: false, ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}) };
  if (res.status >= 300 && res.status < 400) return { kind: 'failed', reason: `${reason}; redirects are not followed: check api_base_url in the channel settings` };
  return { kind: 'failed', reason };
}

export const bodyJson = (res: ProviderResponse): Record<string, unknown> => {
  const j = jsonOf(res);
  return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : {};
};

/** A short, safe quote of a non-JSON answer. */
export const textOf = (res: ProviderResponse): string => res.body.replace(/\s+/g, ' ').trim().slice(0, 200);

export const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
