import { hostname, networkInterfaces } from 'node:os';

// DNS rebinding: a page on attacker.example whose name is made to resolve to this laptop would otherwise
// reach the API from the victim's browser with the victim's stored token. A request is answered only when
// its Host names this machine (its host name, localhost, one of its addresses) and the port it came in on.

/** The names and addresses this machine answers to, lower-cased. */
export function ownNames(): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  const host = hostname().toLowerCase();
  if (host) for (const n of [host, `${host}.local`, `${host}.lan`, `${host}.home`]) names.add(n);
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(i.address.toLowerCase().replace(/%.*$/, ''));
  return names;
}

/** Whether a Host header ("192.168.1.20:8765", "[::1]:8765", "localhost") names this server on this port. */
export function hostAllowed(host: string | undefined, localPort: number, names: ReadonlySet<string>, tls: boolean): boolean {
  if (!host) return false;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return false;
  const name = (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
  const port = m[3] ? Number(m[3]) : tls ? 443 : 80;
  return port === localPort && names.has(name);
}
