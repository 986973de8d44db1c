import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Actor } from '../../application/shared/actor.js';
import type { Role } from '../../domain/user.js';
import type { Tokens } from '../../application/ports/tokens.js';
import { Forbidden, Unauthenticated } from '../../domain/errors.js';
import type { Clock } from '../../application/ports/clock.js';
import type { IdempotencyRecords, ResultSlot } from '../../application/ports/idempotency-records.js';
import type { Ids } from '../../application/ports/ids.js';
import type { Throttle, ThrottleRule } from '../../application/shared/throttle.js';
import { bearerToken } from './bearer.js';
import { HttpProblem } from './errors.js';
import { withIdempotency } from './idempotency.js';
import { parseInput } from './validation.js';

/** Every operation's path starts here. */
export const API_PREFIX = '/api';

export type Auth = 'public' | 'user' | 'admin';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ResponseSpec = Readonly<{
  description: string;
  schema?: Schema;
  headers?: Readonly<Record<string, string>>;
}>;

/**
 * One HTTP operation, declared once: the route, its input schemas, its documented responses and
 * its handler. The router, request validation and the OpenAPI document are all built from this.
 */
export type EndpointSpec<B, Q, P> = Readonly<{
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Koa-style path below /api, e.g. `/products/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  body?: B;
  /** `false`: a request may send no body at all, read as `{}` (documented `requestBody.required: false`). */
  bodyRequired?: boolean;
  query?: Q;
  params?: P;
  /** Documented request headers; `maxLength` 255 unless given (`null`: no limit, e.g. a list of ETags). */
  requestHeaders?: Readonly<Record<string, { description: string; required?: boolean; maxLength?: number | null }>>;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses this operation can answer with (problem+json). */
  problems: readonly number[];
  /** Rate limits counted before the handler runs (429 with Retry-After when over). */
  throttle?: (ctx: Context, input: { body: Out<B>; actor: Actor | null }) => readonly ThrottleRule[];
  /** Honours `Idempotency-Key` (per user): retries replay the first response. */
  idempotent?: boolean;
  /** `result`: with an `Idempotency-Key` on an `idempotent` endpoint, the id its result is to get (see `withIdempotency`). */
  handle(ctx: Context, input: { body: Out<B>; query: Out<Q>; params: Out<P>; actor: Actor | null; result?: ResultSlot }): Promise<void>;
}>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Endpoint = EndpointSpec<any, any, any>;

export function defineEndpoint<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  spec: EndpointSpec<B, Q, P>,
): Endpoint {
  return spec;
}

function parse(schema: Schema | undefined, value: unknown, where: 'body' | 'query' | 'params') {
  return schema ? parseInput(schema, value, where) : undefined;
}

/** What an operation without a body schema accepts: no body, or `{}`. Any field is refused, as everywhere. */
const NO_BODY = z.strictObject({});

/** `Authorization: Bearer <token>` only: no token in the query string, no other schemes. */
export async function authenticate(ctx: Context, tokens: Tokens): Promise<Actor> {
  const token = bearerToken(ctx.get('Authorization'));
  if (!token || !/^[A-Za-z0-9_\-.]{1,4096}$/.test(token)) throw new Unauthenticated();
  return tokens.verify(token);
}

export type MountDeps = Readonly<{
  tokens: Tokens;
  clock: Clock;
  /** For the result ids recorded with Idempotency-Keys. */
  ids: Ids;
  /** Absent: no rate limits (tests of other behaviour; never in production). */
  throttle?: Throttle;
  idempotencyRecords: IdempotencyRecords;
  /** For the failures an endpoint's plumbing absorbs (an idempotency record not written). */
  logger: Logger;
  /** The stored account's role; throws `Unauthenticated` when the account no longer exists. */
  roleOf: (userId: string) => Promise<Role>;
}>;

export function mountEndpoints(router: Router, endpoints: readonly Endpoint[], deps: MountDeps): void {
  const { tokens } = deps;
  for (const endpoint of endpoints) {
    router[endpoint.method](endpoint.operationId, endpoint.path, async (ctx) => {
      const actor = endpoint.auth === 'public' ? null : await authenticate(ctx, tokens);
      // The stored account decides, before the input is looked at: a deleted account is 401 (as on
      // the profile), a customer or a demoted admin 403. The use case checks it again.
      if (endpoint.auth === 'admin' && (await deps.roleOf(actor!.userId)) !== 'admin') throw new Forbidden('Only administrators can do this.');
      if (endpoint.body && ctx.request.body === undefined) {
        throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.');
      }
      if (!endpoint.body) parse(NO_BODY, ctx.request.body ?? {}, 'body');
      const input = {
        body: parse(endpoint.body, ctx.request.body, 'body'),
        query: parse(endpoint.query, { ...ctx.query }, 'query'),
        params: parse(endpoint.params, ctx.params, 'params'),
        actor,
      };
      if (endpoint.throttle && deps.throttle) await deps.throttle.check(endpoint.throttle(ctx, input));
      const handle = (result?: ResultSlot) => endpoint.handle(ctx, { ...input, ...(result && { result }) });
      if (endpoint.idempotent && actor) {
        const { idempotencyRecords: records, clock, ids, logger } = deps;
        await withIdempotency(ctx, { records, clock, ids, scope: actor.userId, logger }, handle);
      } else {
        await handle();
      }
    });
  }
}
