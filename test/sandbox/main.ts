// CLI: npm run sandbox -- --port PORT [--dhis2-version 2.41.2] [--enrollments N] [--seed S] [fault flags]
// Prints "listening on http://HOST:PORT" first, then what a person needs to log in. Ctrl-C / SIGTERM stop it.
import { parseArgs } from 'node:util';
import type { Faults } from './faults';
import { vaccinationProgram } from './metadata';
import { createSandbox, sandboxPat, sandboxReadOnlyUser, sandboxUser } from './server';

const usage = `usage: npm run sandbox -- [--port PORT] [--host HOST] [--dhis2-version 2.41.2] [--enrollments N] [--seed S]
       [--population kind|hard] [--persons N]
       [--latency-ms N] [--bandwidth-kbit N] [--gzip] [--error-rate R] [--drop-rate R] [--timeout-rate R] [--html-login]
       [--unauthorized-after N] [--rate-limit N] [--image-error-rate R]`;

function fail(message: string): never {
  console.error(`sandbox: ${message}\n${usage}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  return Number(value);
}

function rate(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) fail(`--${name} must be a number from 0 to 1, not "${value}"`);
  return n;
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'dhis2-version': { type: 'string' }, enrollments: { type: 'string' },
      seed: { type: 'string' }, 'latency-ms': { type: 'string' }, 'bandwidth-kbit': { type: 'string' }, gzip: { type: 'boolean' },
      'error-rate': { type: 'string' }, 'drop-rate': { type: 'string' },
      'timeout-rate': { type: 'string' }, 'html-login': { type: 'boolean' }, 'unauthorized-after': { type: 'string' },
      'rate-limit': { type: 'string' }, 'image-error-rate': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      population: { type: 'string' }, persons: { type: 'string' },
    },
  });
}
try {
  args = parse();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const v = args.values;
if (v.help) {
  console.log(usage);
  process.exit(0);
}
const faults: Partial<Faults> = {};
const set = <K extends keyof Faults>(key: K, value: Faults[K] | undefined): void => {
  if (value !== undefined) faults[key] = value;
};
set('latencyMs', integer('latency-ms', v['latency-ms'], 0, 600_000));
// The office link: bandwidth shared by every answer, and gzip for clients that ask (as nginx does).
set('bandwidthKbit', integer('bandwidth-kbit', v['bandwidth-kbit'], 1, 10_000_000));
if (v.gzip) faults.gzip = true;
set('errorRate', rate('error-rate', v['error-rate']));
set('dropRate', rate('drop-rate', v['drop-rate']));
set('timeoutRate', rate('timeout-rate', v['timeout-rate']));
if (v['html-login']) faults.htmlLogin = true;
set('unauthorizedAfter', integer('unauthorized-after', v['unauthorized-after'], 0, 1e9));
set('rateLimitPerSecond', integer('rate-limit', v['rate-limit'], 1, 1e9));
set('imageErrorRate', rate('image-error-rate', v['image-error-rate']));

const options = {
  port: integer('port', v.port, 0, 65_535) ?? 0,
  host: v.host ?? '127.0.0.1',
  version: v['dhis2-version'] ?? '2.41.2',
  enrollments: integer('enrollments', v.enrollments, 0, 2_000_000) ?? 200,
  seed: integer('seed', v.seed, 0, 2 ** 31 - 1) ?? 1,
  // hard: the MPI's hard register (common names, twins, namesakes, a civil register) as DHIS2 data.
  population: (v.population ?? 'kind') as 'kind' | 'hard',
  persons: integer('persons', v.persons, 1, 500_000) ?? 2000,
  faults,
};
if (!['kind', 'hard'].includes(options.population)) fail(`--population must be kind or hard, not "${options.population}"`);
if (!/^2\.(3[6-9]|4[0-2])(\.\d+){0,2}$/.test(options.version)) fail(`--dhis2-version must be 2.36.x to 2.42.x (e.g. 2.41.2), not "${options.version}"`);

try {
  const sandbox = await createSandbox(options);
  const counts = sandbox.population.counts();
  const others = sandbox.population.programmes.filter((p) => p.id !== vaccinationProgram && counts.enrollments[p.id] !== undefined);
  console.log(`listening on ${sandbox.url}`);
  const tokenLine = sandbox.version.startsWith('2.36') ? '' : `, or the personal access token ${sandboxPat} (Authorization: ApiToken …)`;
  const programmes = [vaccinationProgram, ...others.map((p) => p.id)].map((id) => `${id} "${sandbox.population.programme(id)?.name}": ${counts.enrollments[id] ?? 0}`);
  console.log(`DHIS2 ${sandbox.version} sandbox (seed ${options.seed}): ${counts.orgUnits} org units, ${counts.trackedEntities} tracked entities ` +
    `(+${counts.deletedTrackedEntities} soft-deleted), ${counts.duplicatePairs} planted duplicate pairs, ${sandbox.population.fileResources.size} photos`);
  console.log(`enrollments per programme: ${programmes.join('; ')}`);
  console.log(`log in with ${sandboxUser.username} / ${sandboxUser.password}${tokenLine}`);
  console.log(`a user who may read but not write: ${sandboxReadOnlyUser.username} / ${sandboxReadOnlyUser.password}`);
  if (Object.keys(faults).length) console.log(`faults: ${JSON.stringify(faults)}`);
  console.log('admin: GET /__sandbox/state, POST /__sandbox/faults, POST /__sandbox/advance, POST /__sandbox/reset-faults');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => {
      console.log(`stopped (${signal})`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(/EADDRINUSE|EACCES/.test(String(err)) ? 1 : 2);
}
