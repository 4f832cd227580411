import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 a moment ago, for a listener the test configures by number. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}
