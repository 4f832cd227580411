// The route table's catalogue: every method and path the app answers, with the capability that owns it.
// Pure data with no imports, so the preload can check an IPC call against it and the server can prove
// that what it registers and what this lists are the same set.

export type Capability = 'foundation' | 'dhis2' | 'cards' | 'generation' | 'messaging' | 'wallet';

export const capabilities: Record<Capability, string> = {
  foundation: 'the app foundation',
  dhis2: 'the DHIS2 connection, offline cache and sync (issue 3)',
  cards: 'the card rendering engine and templates (issue 4)',
  generation: 'the Master Patient Index, card generation tasks and print PDFs (issue 5)',
  messaging: 'sending cards by WhatsApp and SMS with the offline outbox (issue 6)',
  wallet: 'Google Wallet passes (issue 6)',
};

/** Capabilities whose routes are implemented; the server refuses to start if this and its routes disagree. */
export const builtCapabilities: ReadonlySet<Capability> = new Set<Capability>(['foundation', 'dhis2', 'cards', 'generation', 'wallet', 'messaging']);

export type HttpMethod = 'GET' | 'POST';

export interface RouteEntry {
  method: HttpMethod;
  url: string;
  capability: Capability;
}

const r = (method: HttpMethod, url: string, capability: Capability): RouteEntry => ({ method, url, capability });

export const routeCatalog: readonly RouteEntry[] = [
  r('GET', '/health', 'foundation'),
  r('GET', '/dhis2/settings', 'foundation'),
  r('POST', '/dhis2/settings', 'foundation'),
  r('GET', '/dhis2/tokens', 'foundation'),
  r('POST', '/dhis2/tokens', 'foundation'),
  r('POST', '/dhis2/tokens/:token_id/revoke', 'foundation'),
  r('GET', '/dhis2/tasks', 'foundation'),
  r('GET', '/dhis2/tasks/:task_id', 'foundation'),
  r('POST', '/dhis2/tasks/:task_id/cancel', 'foundation'),

  r('POST', '/dhis2/config', 'dhis2'),
  r('GET', '/dhis2/config', 'dhis2'),
  r('POST', '/dhis2/test-connection', 'dhis2'),
  r('GET', '/dhis2/preview-enrollments', 'dhis2'),
  r('POST', '/dhis2/assign-codes', 'dhis2'),
  r('GET', '/dhis2/mapping', 'dhis2'),
  r('POST', '/dhis2/sync-schedule', 'dhis2'),
  r('POST', '/dhis2/sync', 'dhis2'),
  r('GET', '/dhis2/sync-status', 'dhis2'),
  r('GET', '/dhis2/programmes', 'dhis2'),
  r('GET', '/dhis2/org-units', 'dhis2'),

  r('GET', '/dhis2/preview-card-png', 'cards'),

  r('POST', '/dhis2/generate-cards', 'generation'),
  r('GET', '/dhis2/tasks/:task_id/pdf', 'generation'),
  r('GET', '/dhis2/cards/:enrollment_id.png', 'generation'),
  r('GET', '/dhis2/mpi/review', 'generation'),
  r('POST', '/dhis2/mpi/review/:review_id', 'generation'),
  r('GET', '/dhis2/mpi/persons/:mpi_id', 'generation'),

  r('POST', '/dhis2/send-card', 'messaging'),
  r('GET', '/dhis2/outbox', 'messaging'),
  r('POST', '/dhis2/channels', 'messaging'),
  r('GET', '/dhis2/channels', 'messaging'),
  r('POST', '/dhis2/google-wallet/config', 'wallet'),
  r('GET', '/dhis2/google-wallet/config', 'wallet'),
  r('POST', '/dhis2/google-wallet/bulk', 'wallet'),
  r('GET', '/dhis2/google-wallet/:enrollment_id', 'wallet'),
];

const paramPattern = /:([a-z_]+)/g;

function toRegExp(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(paramPattern, '[^/?#]+?')}$`);
}

const compiled = routeCatalog.map((entry) => ({ entry, re: toRegExp(entry.url) }));

/** The catalogue entry a concrete request path (query string allowed) falls under, if any. */
export function matchRoute(method: string, path: string): RouteEntry | undefined {
  const bare = path.split('?', 1)[0] ?? '';
  // Static segments win over parameters, as in the server's router (e.g. google-wallet/bulk).
  const hits = compiled.filter((c) => c.entry.method === method && c.re.test(bare));
  hits.sort((a, b) => (a.entry.url.includes(':') ? 1 : 0) - (b.entry.url.includes(':') ? 1 : 0));
  return hits[0]?.entry;
}

export function paramNames(url: string): string[] {
  return [...url.matchAll(paramPattern)].map((m) => m[1] ?? '');
}
