// The route table's catalogue: every method and path the app answers, with the capability that owns it.
// Pure data with no imports, so the preload can check an IPC call against it and the server can prove
// that what it registers and what this lists are the same set.

export type Capability = 'foundation' | 'dhis2' | 'cards' | 'generation' | 'printing' | 'messaging' | 'wallet' | 'network' | 'verify';

export const capabilities: Record<Capability, string> = {
  foundation: 'the app foundation',
  dhis2: 'the DHIS2 connection, offline cache and sync',
  cards: 'the card rendering engine and templates',
  generation: 'the Master Patient Index, card generation tasks and print PDFs',
  printing: 'printing cards and the record of what was printed',
  messaging: 'sending cards by WhatsApp and SMS with the offline outbox',
  wallet: 'Google Wallet passes',
  network: 'sharing the app on the office network',
  verify: 'signed cards: the office\'s keys and checking a scanned card',
};

/** Capabilities whose routes are implemented; the server refuses to start if this and its routes disagree. */
export const builtCapabilities: ReadonlySet<Capability> = new Set<Capability>(['foundation', 'dhis2', 'cards', 'generation', 'printing', 'wallet', 'messaging', 'network', 'verify']);

export type HttpMethod = 'GET' | 'POST';

export interface RouteEntry {
  method: HttpMethod;
  url: string;
  capability: Capability;
}

export const routeCatalog = [
  { method: 'GET', url: '/health', capability: 'foundation' },
  { method: 'GET', url: '/dhis2/settings', capability: 'foundation' },
  { method: 'POST', url: '/dhis2/settings', capability: 'foundation' },
  { method: 'GET', url: '/dhis2/tokens', capability: 'foundation' },
  { method: 'POST', url: '/dhis2/tokens', capability: 'foundation' },
  { method: 'POST', url: '/dhis2/tokens/:token_id/revoke', capability: 'foundation' },
  { method: 'GET', url: '/dhis2/tasks', capability: 'foundation' },
  { method: 'GET', url: '/dhis2/tasks/:task_id', capability: 'foundation' },
  { method: 'POST', url: '/dhis2/tasks/:task_id/cancel', capability: 'foundation' },

  { method: 'POST', url: '/dhis2/config', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/config', capability: 'dhis2' },
  { method: 'POST', url: '/dhis2/test-connection', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/preview-enrollments', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/enrollments', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/photos/:file_resource_id.png', capability: 'dhis2' },
  { method: 'POST', url: '/dhis2/assign-codes', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/mapping', capability: 'dhis2' },
  { method: 'POST', url: '/dhis2/sync-schedule', capability: 'dhis2' },
  { method: 'POST', url: '/dhis2/sync', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/sync-status', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/programmes', capability: 'dhis2' },
  { method: 'GET', url: '/dhis2/org-units', capability: 'dhis2' },

  { method: 'GET', url: '/dhis2/preview-card-png', capability: 'cards' },

  { method: 'POST', url: '/dhis2/generate-cards', capability: 'generation' },
  { method: 'GET', url: '/dhis2/tasks/:task_id/pdf', capability: 'generation' },
  { method: 'GET', url: '/dhis2/cards/:enrollment_id.png', capability: 'generation' },
  { method: 'GET', url: '/dhis2/mpi/review', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/review/:review_id', capability: 'generation' },
  { method: 'GET', url: '/dhis2/mpi/persons/:mpi_id', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/enrollments/:enrollment_id/split', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/persons/:mpi_id/merge', capability: 'generation' },
  { method: 'GET', url: '/dhis2/mpi/audit', capability: 'generation' },
  { method: 'GET', url: '/dhis2/mpi/writeback', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/writeback', capability: 'generation' },
  { method: 'GET', url: '/dhis2/mpi/writeback/queue', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/writeback/queue/:tracked_entity_id/retry', capability: 'generation' },
  { method: 'POST', url: '/dhis2/mpi/writeback/run', capability: 'generation' },

  { method: 'GET', url: '/dhis2/print-sheet', capability: 'printing' },
  { method: 'GET', url: '/dhis2/tasks/:task_id/cards/:seq.png', capability: 'printing' },
  { method: 'POST', url: '/dhis2/print-jobs', capability: 'printing' },
  { method: 'GET', url: '/dhis2/printed-cards', capability: 'printing' },

  { method: 'POST', url: '/dhis2/send-card', capability: 'messaging' },
  { method: 'GET', url: '/dhis2/outbox', capability: 'messaging' },
  { method: 'POST', url: '/dhis2/channels', capability: 'messaging' },
  { method: 'GET', url: '/dhis2/channels', capability: 'messaging' },
  { method: 'POST', url: '/dhis2/google-wallet/config', capability: 'wallet' },
  { method: 'GET', url: '/dhis2/google-wallet/config', capability: 'wallet' },
  { method: 'POST', url: '/dhis2/google-wallet/bulk', capability: 'wallet' },
  { method: 'GET', url: '/dhis2/google-wallet/:enrollment_id', capability: 'wallet' },

  { method: 'GET', url: '/dhis2/network', capability: 'network' },
  { method: 'POST', url: '/dhis2/network', capability: 'network' },

  { method: 'GET', url: '/dhis2/keys', capability: 'verify' },
  { method: 'POST', url: '/dhis2/verify', capability: 'verify' },
  { method: 'GET', url: '/dhis2/trust/export', capability: 'verify' },
  { method: 'GET', url: '/dhis2/trust', capability: 'verify' },
  { method: 'POST', url: '/dhis2/trust', capability: 'verify' },
  { method: 'POST', url: '/dhis2/trust/:key_id/remove', capability: 'verify' },
] as const satisfies readonly RouteEntry[];

/** Routes under /dhis2 that need no token: the office's public keys, which another office's or a third
 * party's verifier fetches. */
export const publicRoutes: readonly RouteKey[] = ['GET /dhis2/keys'];

/** A route as its key: "GET /dhis2/tasks/:task_id". */
export type RouteKey = KeyOf<(typeof routeCatalog)[number]>;
type KeyOf<E> = E extends { method: infer M extends string; url: infer U extends string } ? `${M} ${U}` : never;
export const routeKey = (entry: RouteEntry): string => `${entry.method} ${entry.url}`;

const paramPattern = /:([a-z_]+)/g;

function toRegExp(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(paramPattern, '[^/?#]+?')}$`);
}

const compiled = routeCatalog.map((entry: RouteEntry) => ({ entry, re: toRegExp(entry.url) }));

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
