import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TokenStore } from '../auth/tokens';
import type { CacheReader } from '../cache/cache-reader';
import type { CardPreview } from '../cards/card-preview';
import type { Dhis2ConfigStore } from '../dhis2/config-store';
import type { Dhis2Connection } from '../dhis2/connection';
import type { MessagingService } from '../distribution/messaging/messaging-service';
import type { WalletConfigStore } from '../distribution/wallet/wallet-config';
import type { WalletLinks } from '../distribution/wallet/wallet-links';
import type { TrustList } from '../verify/trust-list';
import type { VerificationService } from '../verify/verification-service';
import { AppError, errorBody } from '../errors';
import type { GenerationService } from '../generation/generation-service';
import type { Logger } from '../logger';
import type { MappingService } from '../mapping/mapping-service';
import type { MpiService } from '../mpi/mpi-service';
import type { WritebackService } from '../writeback/writeback-service';
import type { NetworkSharing } from '../network/network-sharing';
import type { PrintingService } from '../printing/printing-service';
import type { SettingsStore } from '../settings/settings';
import type { SyncService } from '../sync/sync-service';
import type { TaskStore } from '../tasks/tasks';
import { hostAllowed, ownNames } from '../network/host-check';
import { contractProblems } from './answer-check';
import { builtCapabilities, capabilities, paramNames, publicRoutes, routeCatalog, type RouteKey } from './contract/route-catalog';
import { PathId } from './contract/schemas/common';
import { routeSchemas, type RouteSchemas } from './contract/schemas/routes';
import { registerCardRoutes } from './routes/cards';
import { registerVerifyRoutes } from './routes/verify';
import { registerCacheRoutes } from './routes/dhis2-cache';
import { registerConnectionRoutes } from './routes/dhis2-connection';
import { registerSyncRoutes } from './routes/dhis2-sync';
import { registerGenerationRoutes } from './routes/generation';
import { registerWritebackRoutes } from './routes/writeback';
import { registerWalletRoutes } from './routes/google-wallet';
import { registerHealthRoutes } from './routes/health';
import { registerMappingRoutes } from './routes/mapping';
import { registerMessagingRoutes } from './routes/messaging';
import { registerNetworkRoutes } from './routes/network';
import { registerPrintingRoutes } from './routes/printing';
import { registerSettingsRoutes } from './routes/settings';
import { registerTaskRoutes } from './routes/tasks';
import { registerTokenRoutes } from './routes/tokens';
import { toDetails, validatorCompiler } from './validation';

/** The services the routes call: each route validates, calls one of them, and shapes the answer. */
export interface ApiServices {
  settings: SettingsStore;
  tokens: TokenStore;
  tasks: TaskStore;
  dhis2Config: Dhis2ConfigStore;
  connection: Dhis2Connection;
  cache: CacheReader;
  sync: SyncService;
  mapping: MappingService;
  cardPreview: CardPreview;
  generation: GenerationService;
  mpi: MpiService;
  writeback: WritebackService;
  printing: PrintingService;
  network: NetworkSharing;
  messaging: MessagingService;
  walletConfig: WalletConfigStore;
  walletLinks: WalletLinks;
  verification: VerificationService;
  trust: TrustList;
}

export interface ApiDeps {
  services: ApiServices;
  logger: Logger;
  /** The built renderer, served at / by the HTTP listener (headless mode). */
  rendererDir?: string;
  bodyLimit?: number;
  /** Hold every answer to the contract and answer 500 when one strays (the test runner turns this on). */
  checkAnswers?: boolean;
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
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  api.setValidatorCompiler(validatorCompiler);
  // Only JSON bodies: Fastify would otherwise read text/plain as a string and fail it later with a 400.
  api.removeContentTypeParser('text/plain');

  const registered = new Set<string>();
  const offContract: string[] = [];
  api.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) {
      if (m === 'HEAD') continue;
      const key = `${m} ${route.url}`;
      registered.add(key);
      // A route validates with exactly the contract's schemas for its key (route() registers it so).
      const spec: RouteSchemas | undefined = routeSchemas[key as RouteKey];
      const schema = (route.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown };
      if (spec && (schema.params !== spec.params || schema.querystring !== spec.query || schema.body !== spec.body)) offContract.push(key);
    }
  });

  const { services } = deps;
  api.decorateRequest('viaIpc', false);
  api.addHook('onRequest', async (request) => {
    if (isIpc(request, ipcSecret)) {
      (request as { viaIpc?: boolean }).viaIpc = true;
      return;
    }
    const socket = request.raw.socket as { localPort?: number; localAddress?: string; encrypted?: boolean };
    // This machine's names, and the address the request came in on (serve --host ADDRESS).
    const names = ownNames();
    if (socket.localAddress) names.add(socket.localAddress.toLowerCase().replace(/^::ffff:/, ''));
    if (!hostAllowed(request.headers.host, socket.localPort ?? 0, names, socket.encrypted === true)) {
      throw new AppError('wrong_host', `This server answers under this computer's own names and addresses only, not "${String(request.headers.host ?? '').slice(0, 80)}". Open it by its address (Settings shows it).`);
    }
    const route = request.routeOptions.url;
    const path = request.url.split('?', 1)[0] ?? '';
    // The office's public keys are public: a verifier elsewhere fetches them without a token.
    const open = publicRoutes.includes(`${request.method} ${route ?? path}` as RouteKey);
    if (!open && (route?.startsWith('/dhis2') || path.startsWith('/dhis2'))) authorize(request, services.tokens);
  });

  if (deps.checkAnswers) {
    api.addHook('onSend', async (request, reply, payload) => {
      const path = request.url.split('?', 1)[0] ?? '';
      const problems = contractProblems({
        method: request.method, path, route: request.routeOptions.url, status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''), payload,
      });
      if (problems.length === 0) return payload;
      const where = `${request.method} ${path} (${reply.statusCode})`;
      deps.logger.error(`Answer of ${where} breaks the contract: ${problems.join('; ')}`);
      reply.code(500).type('application/json; charset=utf-8');
      return JSON.stringify(errorBody(new AppError('internal_error', `The answer of ${where} breaks the API contract: ${problems.join('; ')}`)));
    });
  }

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
  registerSettingsRoutes(api, services.settings);
  registerTokenRoutes(api, services.tokens);
  registerTaskRoutes(api, services.tasks);
  registerConnectionRoutes(api, services.connection, services.dhis2Config);
  registerCacheRoutes(api, services.cache);
  registerSyncRoutes(api, services.sync);
  registerMappingRoutes(api, services.mapping);
  registerCardRoutes(api, services.cardPreview);
  registerGenerationRoutes(api, services.generation, services.mpi);
  registerWritebackRoutes(api, services.writeback);
  registerPrintingRoutes(api, services.printing);
  registerWalletRoutes(api, services.walletConfig, services.walletLinks);
  registerMessagingRoutes(api, services.messaging);
  registerNetworkRoutes(api, services.network);
  registerVerifyRoutes(api, services.verification, services.trust);
  if (offContract.length) throw new Error(`Routes validating with other schemas than the contract's (register them with route()): ${offContract.join(', ')}`);

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

/** A request Node could not even parse (a request line or headers over Node's limit, broken HTTP): answered
 * in the API's error shape rather than Node's bare status line. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const error = tooLarge
    ? new AppError('headers_too_large', 'The request line or headers are larger than the server accepts (16 KiB): send a shorter query string.')
    : new AppError('validation_failed', 'The request is not valid HTTP.');
  const body = JSON.stringify(errorBody(error));
  socket.end(`HTTP/1.1 ${error.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** A request from the app's own window, through the in-process IPC bridge. */
function isIpc(request: FastifyRequest, ipcSecret: string): boolean {
  const ipc = request.headers[ipcHeader];
  if (typeof ipc !== 'string') return false;
  const a = Buffer.from(ipc);
  const b = Buffer.from(ipcSecret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorize(request: FastifyRequest, tokens: TokenStore): void {
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
