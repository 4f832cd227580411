import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Database } from 'better-sqlite3';
import type { TokenStore } from '../auth/tokens';
import type { CardServices } from '../cards/card-services';
import type { Dhis2Services } from '../dhis2/dhis2-services';
import type { MessagingServices } from '../distribution/messaging/messaging-services';
import type { WalletServices } from '../distribution/wallet/wallet-services';
import type { GenerationRunner } from '../generation/generation-runner';
import type { GenerationStore } from '../generation/generation-store';
import type { MpiService } from '../mpi/mpi-service';
import type { Clock } from '../clock';
import { AppError, errorBody } from '../errors';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings/settings';
import type { TaskStore } from '../tasks/tasks';
import { builtCapabilities, capabilities, paramNames, routeCatalog } from './route-catalog';
import { registerCardRoutes } from './routes/cards';
import { registerGenerationRoutes } from './routes/generation';
import { registerCacheRoutes } from './routes/dhis2-cache';
import { registerConnectionRoutes } from './routes/dhis2-connection';
import { registerSyncRoutes } from './routes/dhis2-sync';
import { registerMappingRoutes } from './routes/mapping';
import { registerHealthRoutes } from './routes/health';
import { registerSettingsRoutes } from './routes/settings';
import { registerTaskRoutes } from './routes/tasks';
import { registerTokenRoutes } from './routes/tokens';
import { registerWalletRoutes } from './routes/google-wallet';
import { registerMessagingRoutes } from './routes/messaging';
import { PathId } from './schemas';
import { toDetails, validatorCompiler } from './validation';

export interface ApiDeps {
  db: Database;
  dhis2: Dhis2Services;
  cards: CardServices;
  generation: { store: GenerationStore; runner: GenerationRunner; mpi: MpiService };
  wallet: WalletServices;
  messaging: MessagingServices;
  tokens: TokenStore;
  settings: SettingsStore;
  tasks: TaskStore;
  clock: Clock;
  logger: Logger;
  /** The built renderer, served at / by the HTTP listener (headless mode). */
  rendererDir?: string;
  bodyLimit?: number;
}

export type Api = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export const defaultBodyLimit = 1024 * 1024;

// What a browser may load from the served UI: the app's own files only.
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Header that marks a request as coming through the in-process IPC bridge; its value never leaves the process. */
export const ipcHeader = 'x-oomus-ipc';

export async function createApi(deps: ApiDeps): Promise<{ api: Api; ipcSecret: string }> {
  const ipcSecret = randomBytes(32).toString('base64url');
  const api: Api = Fastify({
    logger: false,
    bodyLimit: deps.bodyLimit ?? defaultBodyLimit,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  api.setValidatorCompiler(validatorCompiler);

  const registered = new Set<string>();
  api.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) if (m !== 'HEAD') registered.add(`${m} ${route.url}`);
  });

  api.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    const path = request.url.split('?', 1)[0] ?? '';
    if (route?.startsWith('/dhis2') || path.startsWith('/dhis2')) authorize(request, deps.tokens, ipcSecret);
  });

  api.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.url.startsWith('/dhis2')) reply.header('cache-control', 'no-store');
    else reply.header('content-security-policy', contentSecurityPolicy);
    return payload;
  });

  const bodyLimit = deps.bodyLimit ?? defaultBodyLimit;
  api.setErrorHandler((error: FastifyError, request, reply) => sendError(toAppError(error, request, deps.logger, bodyLimit), reply));
  api.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    sendError(new AppError('not_found', `No route ${request.method} ${path}; the API is documented in README.md.`), reply);
  });

  registerHealthRoutes(api);
  registerSettingsRoutes(api, deps.settings);
  registerTokenRoutes(api, deps.tokens);
  registerTaskRoutes(api, deps.tasks);
  registerConnectionRoutes(api, deps.dhis2.config, deps.dhis2.timeoutMs);
  registerCacheRoutes(api, deps.db, deps.dhis2, deps.generation.mpi.store.mpiIdOf);
  registerSyncRoutes(api, deps.dhis2);
  registerMappingRoutes(api, deps.dhis2);
  registerCardRoutes(api, deps.cards);
  registerGenerationRoutes(api, { db: deps.db, dhis2: deps.dhis2, tasks: deps.tasks, settings: deps.settings, ...deps.generation });
  registerWalletRoutes(api, { ...deps.wallet, metadata: deps.dhis2.metadata });
  registerMessagingRoutes(api, deps.messaging);

  // Every catalogue route without its capability yet answers 501, after validating its path parameters.
  const missing = routeCatalog.filter((e) => builtCapabilities.has(e.capability) && !registered.has(`${e.method} ${e.url}`));
  if (missing.length) throw new Error(`Routes of built capabilities without a handler: ${missing.map((e) => `${e.method} ${e.url}`).join(', ')}`);
  for (const entry of routeCatalog) {
    if (registered.has(`${entry.method} ${entry.url}`)) {
      if (!builtCapabilities.has(entry.capability)) throw new Error(`${entry.method} ${entry.url} is implemented but its capability is not marked built`);
      continue;
    }
    const names = paramNames(entry.url);
    api.route({
      method: entry.method,
      url: entry.url,
      schema: names.length ? { params: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, PathId])), required: names } } : {},
      handler: async () => {
        throw new AppError('not_implemented', `${entry.method} ${entry.url} belongs to ${capabilities[entry.capability]}, which is not built yet.`);
      },
    });
  }

  if (deps.rendererDir && existsSync(deps.rendererDir)) {
    await api.register(fastifyStatic, { root: deps.rendererDir, index: 'index.html', wildcard: true });
  } else {
    api.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The user interface is not built. Run `npm run build`, then start again.'),
    );
  }

  await api.ready();
  const listed = new Set(routeCatalog.map((e) => `${e.method} ${e.url}`));
  const strays = [...registered].filter((k) => k.includes(' /dhis2') && !listed.has(k));
  if (strays.length) throw new Error(`Routes missing from the route catalogue: ${strays.join(', ')}`);
  return { api, ipcSecret };
}

function authorize(request: FastifyRequest, tokens: TokenStore, ipcSecret: string): void {
  const ipc = request.headers[ipcHeader];
  if (typeof ipc === 'string') {
    const a = Buffer.from(ipc);
    const b = Buffer.from(ipcSecret);
    if (a.length === b.length && timingSafeEqual(a, b)) return;
  }
  const header = request.headers.authorization;
  if (!header) throw new AppError('unauthorized', 'Missing Authorization header: send "Authorization: Bearer <token>" (create one with `npm run token -- create --name NAME`).');
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>".');
  if (!tokens.verify(match[1])) throw new AppError('unauthorized', 'The token is unknown or revoked.');
}

function toAppError(error: FastifyError, request: FastifyRequest, logger: Logger, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const details = toDetails(error.validation, error.validationContext);
    const summary = details.map((d) => `${d.field} ${d.problem}`).join('; ');
    return new AppError('validation_failed', `Invalid request: ${summary}`, details);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', `The request body is larger than the ${Math.round(bodyLimit / 1024)} KiB limit.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', `Unsupported Content-Type "${request.headers['content-type'] ?? ''}": send application/json.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The body is empty but Content-Type is application/json: send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('validation_failed', 'Content-Length does not match the body.');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('invalid_json', 'The body is not valid JSON.');
  }
  if (error.statusCode === 400 && /prototype/i.test(error.message)) {
    return new AppError('invalid_json', 'The body contains a forbidden __proto__ or constructor.prototype key.');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('validation_failed', error.message);
  }
  logger.error(`Unhandled error on ${request.method} ${request.url.split('?', 1)[0]}: ${error.stack ?? error.message}`);
  return new AppError('internal_error', 'Something went wrong inside the app; the details were written to its log.');
}

function sendError(err: AppError, reply: FastifyReply): FastifyReply {
  return reply.code(err.status).type('application/json; charset=utf-8').send(errorBody(err));
}
