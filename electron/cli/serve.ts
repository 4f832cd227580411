import { fileURLToPath } from 'node:url';
import { createApp, defaultRendererDir } from '../core/app';
import { dataDirOf, parse, portOf } from './args';

export const defaultPort = 8765;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  const host = values.host ?? '127.0.0.1';
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const app = await createApp({ dataDir: dataDirOf(values['data-dir']), rendererDir: defaultRendererDir(projectRoot), resumeSharing: false });
  let url: string;
  try {
    const port = portOf(values.port, defaultPort);
    if (loopback) url = (await app.listen(host, port)).url;
    else {
      // The office network is not a trusted place: off loopback, HTTPS with this installation's certificate.
      const secure = await app.network.serveOn(host, port);
      url = secure.url;
      console.log(`certificate SHA-256 ${secure.fingerprint} (check it in the browser of the other laptops)`);
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  console.log(`listening on ${url}`);
  console.log(`data directory: ${app.dataDir}`);
  // First run: no token yet, so a browser could not get in. One is made, and an address that signs in with it
  // is printed this once (the UI keeps the token and clears it from the address bar).
  if (!process.env.OOMUS_TOKEN && app.tokens.list().every((t) => t.revoked_at !== null)) {
    const made = app.tokens.create('navigateur');
    console.log(`sign in from a browser (shown this once): ${url}/#token=${made.token}`);
  }
  if (!loopback) console.log('The API is open to the network: every /dhis2 call needs a token (Paramètres → Jetons d’accès, or npm run token -- create --name NAME).');

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping`);
      app.close().then(
        () => {
          console.log('stopped, database closed');
          resolve(0);
        },
        (err: unknown) => {
          console.error(`Error while stopping: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
