// Headless entry (plain Node, no Electron): serve, token. (The DHIS2 sandbox is test/sandbox/main.ts.) Run through npm scripts, e.g.
//   npm run serve -- --data-dir DIR --port 8765 [--host 0.0.0.0]
//   npm run token -- create --name "laptop 2"
import { runServe } from './cli/serve';
import { runToken } from './cli/token';
import { CliError } from './cli/args';

const usage = `Usage:
  serve   [--data-dir DIR] [--port PORT] [--host HOST]   the API and the UI over HTTP
  token   create --name NAME | list | revoke ID_OR_NAME  [--data-dir DIR]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'token':
      return runToken(rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof CliError ? err.message : `Error: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
