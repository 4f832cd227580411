import { createServer, type Server } from 'node:https';
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Socket } from 'node:net';
import type { Database } from 'better-sqlite3';
import { defaultNetworkPort } from '../api/contract/network';
import type { NetworkBody, NetworkInterface, NetworkStatus } from '../api/contract/schemas/network';
import { isoSeconds, type Clock } from '../clock';
import { invalid } from '../errors';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { fingerprintOfPem, makeCertificate } from './certificate';

// Sharing the API and the UI with the other laptops of the office, from Settings: off by default; on one
// interface's IPv4 address and a port; HTTPS with this installation's own certificate (made the first time,
// its key sealed), so the office network, which is not a trusted place, cannot read or alter the traffic.
// Kept in SQLite: started again at launch when it was on, stopped cleanly on quit.

export interface NetworkSharing {
  status(): Promise<NetworkStatus>;
  configure(change: NetworkBody): Promise<NetworkStatus>;
  /** At launch: starts again when it was on (a failure is reported in the status, never thrown). */
  resume(): Promise<void>;
  close(): Promise<void>;
  /** The certificate (made on first use) for another HTTPS listener of this installation (`serve --host`). */
  tls(): { cert: string; key: string; fingerprint: string };
  /** `serve --host ADDRESS`: the same HTTPS listener on an address given on the command line (not kept). */
  serveOn(address: string, port: number): Promise<{ url: string; fingerprint: string }>;
}

export interface NetworkSharingDeps {
  db: Database;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  /** The API's request handler (Fastify's routing) that the listener serves. */
  handler: () => (req: never, res: never) => void;
  /** Node's clientError answer in the API's error shape. */
  clientError: (err: NodeJS.ErrnoException, socket: Socket) => void;
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

interface Row { enabled: number; interface: string | null; port: number; cert_pem: string | null; key_sealed: string | null }

const purpose = 'network.tls-key';

/** The machine's IPv4 addresses by interface name, loopback last. */
export function ipv4Interfaces(all: NodeJS.Dict<NetworkInterfaceInfo[]>): NetworkInterface[] {
  const found = Object.entries(all).flatMap(([name, list]) =>
    (list ?? []).filter((i) => i.family === 'IPv4').map((i) => ({ name, address: i.address, loopback: i.internal })));
  return found.sort((a, b) => Number(a.loopback) - Number(b.loopback) || a.name.localeCompare(b.name));
}

export function createNetworkSharing(deps: NetworkSharingDeps): NetworkSharing {
  const interfaces = deps.interfaces ?? networkInterfaces;
  const read = (): Row =>
    (deps.db.prepare('SELECT enabled, interface, port, cert_pem, key_sealed FROM network_settings WHERE id = 1').get() as Row | undefined)
    ?? { enabled: 0, interface: null, port: defaultNetworkPort, cert_pem: null, key_sealed: null };
  const write = (row: Row): void => {
    deps.db.prepare(`INSERT INTO network_settings (id, enabled, interface, port, cert_pem, key_sealed, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, interface = excluded.interface, port = excluded.port,
        cert_pem = excluded.cert_pem, key_sealed = excluded.key_sealed, updated_at = excluded.updated_at`)
      .run(row.enabled, row.interface, row.port, row.cert_pem, row.key_sealed, isoSeconds(deps.clock.now()));
  };

  let server: Server | undefined;
  let bound: { interface: string; address: string; port: number } | undefined;
  let problem: string | null = null;
  const sockets = new Set<Socket>();

  // A certificate whose key this mode cannot open (sealed by the desktop's keychain, read by `serve`) is not
  // replaced: the desktop's stays what its LAN clients checked. This run uses one of its own, kept in memory.
  let interim: { cert: string; key: string; fingerprint: string } | undefined;
  const tls = (): { cert: string; key: string; fingerprint: string } => {
    if (interim) return interim;
    const row = read();
    let stored = true;
    if (row.cert_pem && row.key_sealed) {
      try {
        return { cert: row.cert_pem, key: deps.secrets.open(purpose, row.key_sealed), fingerprint: fingerprintOfPem(row.cert_pem) };
      } catch (err) {
        stored = false;
        deps.logger.warn(`The network certificate's key cannot be opened here (${(err as Error).message}); this run uses a certificate of its own and leaves the stored one as it is.`);
      }
    }
    const host = hostname().toLowerCase();
    const made = makeCertificate([host, `${host}.local`, 'localhost'], ipv4Interfaces(interfaces()).map((i) => i.address));
    const pair = { cert: made.certPem, key: made.keyPem, fingerprint: made.fingerprint };
    if (!stored) return (interim = pair);
    write({ ...row, cert_pem: made.certPem, key_sealed: deps.secrets.seal(purpose, made.keyPem) });
    deps.logger.info(`Network certificate made for ${host}; SHA-256 ${made.fingerprint}`);
    return pair;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    bound = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  const start = async (interfaceName: string, port: number): Promise<void> => {
    await stop();
    const choice = ipv4Interfaces(interfaces()).find((i) => i.name === interfaceName);
    if (!choice) {
      problem = `The interface ${interfaceName} has no IPv4 address now (cable unplugged, Wi-Fi off?): choose another, or turn sharing on again once it is back.`;
      return;
    }
    await listen(choice, port);
  };

  const listen = async (choice: { name: string; address: string }, port: number): Promise<void> => {
    const { cert, key } = tls();
    const listener = createServer({ cert, key, minVersion: 'TLSv1.2' }, deps.handler() as never);
    listener.on('clientError', deps.clientError);
    listener.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(port, choice.address, () => resolve());
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problem = code === 'EADDRINUSE' ? `The port ${port} is already in use on ${choice.address}: choose another port.` : `Sharing could not start on ${choice.address}:${port}: ${(err as Error).message}`;
      return;
    }
    server = listener;
    bound = { interface: choice.name, address: choice.address, port: (listener.address() as { port: number }).port };
    problem = null;
    deps.logger.info(`Sharing on the office network: https://${bound.address}:${bound.port}/`);
  };

  const status = async (): Promise<NetworkStatus> => {
    const row = read();
    const list = ipv4Interfaces(interfaces());
    const fingerprint = interim?.fingerprint ?? (row.cert_pem ? fingerprintOfPem(row.cert_pem) : null);
    const url = bound ? `https://${bound.address}:${bound.port}/` : null;
    return {
      enabled: row.enabled === 1,
      running: bound !== undefined,
      interface: bound?.interface ?? row.interface,
      address: bound?.address ?? null,
      port: bound?.port ?? row.port,
      url,
      fingerprint,
      qr_svg: url && fingerprint ? await (await import('qrcode')).default.toString(`${url}#sha256=${fingerprint.replace(/:/g, '')}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null,
      interfaces: list,
      problem: row.enabled === 1 && !bound ? problem : null,
    };
  };

  return {
    status,
    async configure(change) {
      const row = read();
      const interfaceName = change.interface ?? row.interface ?? ipv4Interfaces(interfaces()).find((i) => !i.loopback)?.name ?? null;
      const port = change.port ?? row.port;
      if (change.enabled) {
        if (!interfaceName) throw invalid('interface', 'is required: this computer has no network interface with an IPv4 address');
        if (!ipv4Interfaces(interfaces()).some((i) => i.name === interfaceName)) {
          throw invalid('interface', `"${interfaceName}" is not one of this computer's interfaces with an IPv4 address`);
        }
      }
      write({ ...read(), enabled: change.enabled ? 1 : 0, interface: interfaceName, port });
      if (change.enabled) await start(interfaceName ?? '', port);
      else {
        await stop();
        problem = null;
      }
      return status();
    },
    async serveOn(address, port) {
      await stop();
      await listen({ name: address, address }, port);
      if (!bound) throw new Error(problem ?? `Could not listen on ${address}:${port}`);
      const shown = address.includes(':') ? `[${address}]` : address;
      return { url: `https://${shown}:${bound.port}`, fingerprint: tls().fingerprint };
    },
    async resume() {
      const row = read();
      if (row.enabled === 1 && row.interface) await start(row.interface, row.port);
    },
    close: stop,
    tls,
  };
}
