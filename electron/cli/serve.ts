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
  const app = await createApp({ dataDir: dataDirOf(values['data-dir']), rendererDir: defaultRendererDir(projectRoot) });
  let address;
  try {
    address = await app.listen(host, portOf(values.port, defaultPort));
  } catch (err) {
    await app.close();
    throw err;
  }
  console.log(`listening on ${address.url}`);
  console.log(`data directory: ${app.dataDir}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    console.log('The API is open to the network: every /dhis2 call needs a token (npm run token -- create --name NAME).');
  }

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
