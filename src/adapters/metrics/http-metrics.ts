import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import { RateLimited, Unauthenticated } from '../../domain/errors.js';
import { HttpProblem, type ProblemState } from '../http/errors.js';
import { bearerToken } from '../http/bearer.js';
import type { Recorder } from './fast-histogram.js';
import type { ShopMetrics } from './shop-metrics.js';

export const METRICS_PATH = '/metrics';
const UNMATCHED = 'unmatched';
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** The route template that handled the request (`/api/orders/:id`), never the raw path. */
function routeOf(ctx: Context): string {
  const route = (ctx.state as { route?: string }).route ?? (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
  return route === undefined ? UNMATCHED : String(route);
}

/**
 * Outermost middleware: times every request by method, route template and status class, and
 * counts what the problem middleware left behind (problem codes, rate-limit rules) and replays.
 */
export function observeRequests(metrics: ShopMetrics): Middleware {
  const m = metrics.http;
  const recorders = new Map<string, Recorder>();
  const recorderOf = (method: string, route: string, statusClass: string) => {
    const key = `${method} ${statusClass} ${route}`;
    let record = recorders.get(key);
    if (!record) {
      record = m.duration.recorder({ method, route, status_class: statusClass });
      recorders.set(key, record);
    }
    return record;
  };
  return async function observeRequest(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    m.inFlight.inc();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } finally {
      m.inFlight.dec();
      const route = routeOf(ctx);
      recorderOf(ctx.method, route, STATUS_CLASSES[Math.floor(status / 100)] ?? 'other')((performance.now() - started) / 1000);
      const problem = (ctx.state as { problem?: ProblemState }).problem;
      if (problem) {
        m.problems.inc({ code: problem.code });
        if (problem.error instanceof RateLimited) for (const rule of problem.error.rules) m.rateLimitRefusals.inc({ rule });
      }
      // res.getHeader reads one header; ctx.response.get copies them all first.
      if (ctx.res.getHeader('Idempotent-Replayed') === 'true') m.idempotentReplays.inc({ route });
    }
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics for `Authorization: Bearer <token>` only; any other caller gets 401. Mounted
 * inside the problem middleware, and only when a token is configured (otherwise: 404).
 */
export function metricsEndpoint(metrics: ShopMetrics, token: string): Middleware {
  const expected = digest(token);
  // Not async for every other path: one promise fewer on each request.
  return function metricsOrNext(ctx: Context, next: Next): Promise<void> {
    return ctx.path === METRICS_PATH ? serveMetrics(ctx) : next();
  };

  async function serveMetrics(ctx: Context): Promise<void> {
    (ctx.state as { route?: string }).route = METRICS_PATH;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      throw new HttpProblem('METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.');
    }
    // Hashes have equal lengths, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(bearerToken(ctx.get('Authorization')) ?? ''), expected)) {
      throw new Unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Type', metrics.registry.contentType);
    ctx.body = await metrics.registry.metrics();
  }
}
