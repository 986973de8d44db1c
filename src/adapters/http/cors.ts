import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS for the listed origins only; none listed, no CORS at all. Never reflects an arbitrary
 * origin, and never allows credentials: the API authenticates with bearer tokens, not cookies.
 */
export function corsFor(origins: readonly string[]): Middleware | null {
  if (origins.length === 0) return null;
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    credentials: false,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposeHeaders: ['Link', 'Location', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
