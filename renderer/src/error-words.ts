import type { TestConnectionAnswer } from '@contract';
import type { MessageKey } from './i18n';

// What the UI says about a failure, in the user's language: what happened (lead) and what to do next,
// chosen from the API's error code and, for DHIS2, the reason the engine gives. The engine's English
// message is only ever shown below as a detail.

export interface ErrorWords {
  lead: MessageKey;
  next: MessageKey;
}

type Refusal = Exclude<TestConnectionAnswer, { status: 'connected' }>;
/** Why a DHIS2 call failed, as the engine classifies it (test-connection's `reason`), plus refused sign-in. */
export type Dhis2Reason = NonNullable<Refusal['reason']> | 'auth' | 'unsupported_version';

const leads = ['validation_failed', 'forbidden', 'not_found', 'conflict', 'dhis2_unreachable', 'internal_error', 'network_error'] as const;
type WordedCode = (typeof leads)[number];
/** Codes that mean the request itself was malformed: the user can only retry or reload. */
const requestCodes = new Set(['invalid_json', 'method_not_allowed', 'payload_too_large', 'unsupported_media_type', 'headers_too_large', 'wrong_host', 'not_implemented']);

export function errorWords(code: string): ErrorWords {
  const known = leads.find((c): c is WordedCode => c === code);
  if (known) return { lead: `errors.lead.${known}`, next: `errors.next.${known}` };
  if (requestCodes.has(code)) return { lead: 'errors.lead.request', next: 'errors.next.request' };
  return { lead: 'errors.lead.other', next: 'errors.next.other' };
}

/** Reasons with their own words; the rest (a bad request, a photo problem) get the general advice. */
type WordedReason = Exclude<Dhis2Reason, 'bad_request' | 'not_image' | 'too_large'>;
const dhis2Reasons: readonly WordedReason[] = [
  'dns', 'refused', 'timeout', 'tls', 'plain_http', 'dropped', 'network', 'not_dhis2', 'forbidden', 'not_found', 'server', 'rate_limited',
  'auth', 'unsupported_version',
];

/** What happened with DHIS2 and what to type or check, for a reason (unknown reasons get the general advice). */
export function dhis2Words(reason: string | undefined): MessageKey {
  const known = dhis2Reasons.find((r): r is WordedReason => r === reason);
  return known ? `errors.dhis2.${known}` : 'errors.dhis2.other';
}

/**
 * The reason behind a stored sync error. Sync errors reach the UI as the engine's sentence only (no
 * reason field), so this reads the engine's own wording (electron/core/dhis2/http.ts); anything else
 * gets the general advice.
 */
export function reasonOfDhis2Message(message: string): Dhis2Reason | undefined {
  const patterns: [RegExp, Dhis2Reason][] = [
    [/plain HTTP, not HTTPS/, 'plain_http'],
    [/could not be found \(DNS\)/, 'dns'],
    [/refused the connection/, 'refused'],
    [/did not answer (the connection test )?within/, 'timeout'],
    [/secure connection to .* failed/, 'tls'],
    [/was cut before the answer/, 'dropped'],
    [/answered 401/, 'auth'],
    [/refused access to .*\(403\)/, 'forbidden'],
    [/asked to slow down \(429\)/, 'rate_limited'],
    [/had an internal error \(\d+\)/, 'server'],
    [/not a DHIS2 server|web page, not DHIS2|login page|does not look like a DHIS2/, 'not_dhis2'],
    [/runs DHIS2 .*; the app needs/, 'unsupported_version'],
    [/Could not reach /, 'network'],
  ];
  return patterns.find(([re]) => re.test(message))?.[1];
}

/**
 * The address to offer when an https:// address met a plain-HTTP server: the same address with http://,
 * whether the user typed https:// or no scheme at all. Null when it already is http:// (nothing to offer).
 */
export function plainHttpAddress(typed: string): string | null {
  const raw = typed.trim();
  if (!raw) return null;
  if (/^https:\/\//i.test(raw)) return `http://${raw.slice('https://'.length)}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return null;
  return `http://${raw}`;
}
