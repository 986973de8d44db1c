import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { Clock } from '../../application/ports/clock.js';
import type { IdempotencyRecords, ResultSlot } from '../../application/ports/idempotency-records.js';
import type { Ids } from '../../application/ports/ids.js';
import { IdempotencyKeyInUse, IdempotencyKeyReused, InvalidInput } from '../../domain/errors.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const KEEP_MS = 25 * 3600_000; // "at least 24 h", plus an hour of slack for clients' clocks
/** Longer than one request can take (Stripe ≈ 21 s at worst, plus storage timeouts), so a slow
 *  first attempt is never taken for a dead one and run twice. */
const LEASE_MS = 5 * 60_000;
const REPLAYED_HEADERS = ['location'];

/** Stable across key order, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` semantics (as Stripe's): a retried request with the same key and body gets
 * the original response without running again; the same key with another body gets 422; one
 * still running gets 409. Keys belong to one user and are kept 25 h. Only successes are kept: a
 * request that failed (4xx or 5xx) released its key, so a retry after an outage really retries.
 *
 * The id of the request's result is recorded with the key before the request runs (`run` gets
 * it): if the response could not be stored (the process died, storage failed), a retry once the
 * lease ran out gets the same id, marked `inherited`, and answers with what was made under it.
 */
export async function withIdempotency(
  ctx: Context,
  deps: { records: IdempotencyRecords; clock: Clock; ids: Ids; scope: string; logger: Logger },
  run: (result?: ResultSlot) => Promise<void>,
): Promise<void> {
  // An empty header is a key that is not valid, not the absence of one: the client meant to send a key.
  if (ctx.headers['idempotency-key'] === undefined) return run();
  const key = ctx.get('Idempotency-Key');
  if (!KEY.test(key)) {
    throw new InvalidInput('Idempotency-Key must be 1–255 printable ASCII characters, no spaces.', 'headers/Idempotency-Key');
  }
  const fingerprint = createHash('sha256').update(`${ctx.method} ${ctx.path} ${canonical(ctx.request.body)}`).digest('hex');
  const reservation = await deps.records.reserve(deps.scope, key, fingerprint, deps.clock.now(), LEASE_MS, deps.ids.next());
  if (reservation.state !== 'reserved') {
    if (reservation.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    if (reservation.state === 'in-progress') throw new IdempotencyKeyInUse();
    const { status, body, headers } = reservation.response;
    ctx.status = status;
    ctx.set({ ...headers, 'Idempotent-Replayed': 'true' });
    ctx.body = body;
    return;
  }
  // Ids only (the request's, the order's in the path or Location), never the key: it is the client's.
  const about = () => ({ requestId: ctx.state['requestId'] as unknown, method: ctx.method, path: ctx.path });
  const result: ResultSlot = {
    id: reservation.resultId,
    inherited: reservation.inherited,
    renew: async () => {
      const id = deps.ids.next();
      await deps.records.recordResult(deps.scope, key, id);
      return id;
    },
  };
  try {
    await run(result);
  } catch (error) {
    // The request's own error is what the caller gets; this one only costs them a 409 on retries until the lease ends.
    await deps.records.release(deps.scope, key).catch((err: unknown) => {
      deps.logger.warn({ err, ...about() }, 'idempotency key not released: retries get 409 until its lease ends');
    });
    throw error;
  }
  const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => (ctx.response.get(h) ? [[h, ctx.response.get(h)]] : [])));
  const response = { status: ctx.status, body: ctx.body, headers };
  // The order exists and the caller gets its answer either way. If this write fails, the key
  // stays "in progress" for the lease: retries get 409 rather than a second order.
  await deps.records.complete(deps.scope, key, response, new Date(deps.clock.now().getTime() + KEEP_MS)).catch((err: unknown) => {
    deps.logger.warn({ err, ...about(), location: headers['location'] }, 'idempotency key not completed: retries get 409 until its lease ends');
  });
}
