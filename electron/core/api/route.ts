import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteKey } from './contract/route-catalog';
import type { AnswerOf, BodyOf, IsBinary, ParamsOf, QueryOf } from './contract/route-types';
import { routeSchemas, type RouteSchemas } from './contract/schemas/routes';
import { AppError } from '../errors';
import type { Api } from './server';

// A route is registered by its catalogue key: the method, path and schemas come from the contract, and its
// handler is typed by them, answer included. Fastify validates against those very schemas, so the request
// a handler receives is the contract's type.

export interface RouteRequest<K extends RouteKey> {
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

/** A JSON route returns its answer; a PNG or PDF one sends its bytes through the reply. */
export type RouteHandler<K extends RouteKey> = (request: RouteRequest<K>, reply: FastifyReply) => Promise<IsBinary<K> extends true ? FastifyReply : AnswerOf<K>>;

export interface RouteOptions {
  /** No body at all counts as {} (routes whose every field is optional). */
  emptyBodyAllowed?: boolean;
  /** Only the app's own window (IPC) may call it; anyone else gets a 403 with this message. */
  ipcOnly?: string;
}

export function route<K extends RouteKey>(api: Api, key: K, handler: RouteHandler<K>, options: RouteOptions = {}): void {
  const [method, url] = key.split(' ') as ['GET' | 'POST', string];
  const spec: RouteSchemas = routeSchemas[key];
  api.route({
    method,
    url,
    schema: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { querystring: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
    },
    ...(options.emptyBodyAllowed
      ? { preValidation: async (request: FastifyRequest) => { if (request.body === undefined || request.body === null) request.body = {}; } }
      : {}),
    handler: async (request, reply) => {
      if (options.ipcOnly && !(request as { viaIpc?: boolean }).viaIpc) throw new AppError('forbidden', options.ipcOnly);
      if (spec.status) reply.code(spec.status);
      // Fastify has checked params, query and body against the contract's schemas for this key.
      return handler(request as unknown as RouteRequest<K>, reply);
    },
  });
}
