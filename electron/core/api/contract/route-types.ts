import type { Static, TSchema } from 'typebox';
import type { ErrorBody } from './errors';
import type { RouteKey } from './route-catalog';
import type { routeSchemas } from './schemas/routes';

// The types of each route, read off its schemas: what its path parameters, query and body are, and what
// it answers. Types only: the UI gets them without bundling the schemas.

type Spec<K extends RouteKey> = (typeof routeSchemas)[K];
type Part<K extends RouteKey, P extends 'params' | 'query' | 'body'> = Spec<K> extends { readonly [Q in P]: infer S extends TSchema } ? Static<S> : undefined;

export type ParamsOf<K extends RouteKey> = Part<K, 'params'>;
export type QueryOf<K extends RouteKey> = Part<K, 'query'>;
export type BodyOf<K extends RouteKey> = Part<K, 'body'>;
/** A JSON route's answer; the bytes of a PNG or PDF one. */
export type AnswerOf<K extends RouteKey> = Spec<K>['answer'] extends BinaryAnswer ? Uint8Array : Spec<K>['answer'] extends infer S extends TSchema ? Static<S> : never;
/** What the route answers with an error status: the error body, or its own (test-connection's). */
export type FailureOf<K extends RouteKey> = (Spec<K> extends { readonly failure: infer S extends TSchema } ? Static<S> : never) | ErrorBody;
export type IsBinary<K extends RouteKey> = Spec<K>['answer'] extends BinaryAnswer ? true : false;
type BinaryAnswer = 'png' | 'pdf';

type Input<K extends RouteKey, P extends 'params' | 'query' | 'body', V = Part<K, P>> =
  V extends undefined ? unknown : object extends V ? { [Q in P]?: V } : { [Q in P]: V };
/** What a call of the route gives: { params, query, body } as far as the route takes them. */
export type RequestOf<K extends RouteKey> = Input<K, 'params'> & Input<K, 'query'> & Input<K, 'body'>;
/** The input may be left out when the route needs none. */
export type RequestArgs<K extends RouteKey> = object extends RequestOf<K> ? [request?: RequestOf<K>] : [request: RequestOf<K>];

export type { RouteKey };
