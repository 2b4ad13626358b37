/**
 * Types of the API, read from the generated web/shared/api.gen.ts (`npm run api:types`, from the
 * app's OpenAPI document): `ApiResult<'/api/regions/{code}'>` is what GET /api/regions/:code answers.
 * Every /api route declares a response schema (test/unit/response-schemas.test.ts); a download has no JSON
 * body and is `unknown` here. Named schemas are read by name: `ApiSchema<'CaseMetrics'>`.
 */
import type { components, paths } from './api.gen';

export type ApiPath = keyof paths;
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends ApiPath, M extends ApiMethod> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : unknown;

/** The JSON body of the route's 200 (else 201, else 202) answer. */
export type ApiResult<P extends ApiPath, M extends ApiMethod = 'get'> = Op<P, M> extends { responses: infer R }
  ? R extends { 200: infer A } ? Json<A> : R extends { 201: infer B } ? Json<B> : R extends { 202: infer C } ? Json<C> : unknown
  : never;

/** A named response schema (an OpenAPI component): `ApiSchema<'CaseMetrics'>`. */
export type ApiSchema<N extends keyof components['schemas']> = components['schemas'][N];

/** The route's JSON request body. */
export type ApiBody<P extends ApiPath, M extends ApiMethod> = Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The route's query parameters. */
export type ApiQuery<P extends ApiPath, M extends ApiMethod = 'get'> = Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
