import { createHash } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { CatalogueSignal } from '../../application/ports/catalogue-changes.js';
import { API_PREFIX } from './endpoint.js';

/** A response as sent: the serialised body and the headers that go with it. */
type Entry = Readonly<{ body: Buffer; etag: string; link: string | null; size: number }>;

export type CatalogueCacheOptions = Readonly<{
  /** `false`: nothing is kept (every request reads storage); ETags and 304s still work. */
  enabled: boolean;
  /** Query shapes kept at most (least recently used go first), so arbitrary query strings can't grow memory. */
  maxEntries?: number;
  maxBytes?: number;
}>;

export type CatalogueCache = Readonly<{
  middleware: Middleware;
  /** Feed it `CatalogueChanges.watch`. */
  signal(signal: CatalogueSignal): void;
  /** Entries kept now, and whether changes are followed (anything is kept at all): for tests. */
  size(): number;
  following(): boolean;
}>;

const LIST = `${API_PREFIX}/products`;
const ONE = new RegExp(`^${API_PREFIX}/products/[^/]+$`);

/** Whether `If-None-Match` matches `etag` (RFC 9110 §13.1.2: `*`, or a list, compared weakly). */
export function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === opaque);
}

/**
 * The public catalogue (`GET /api/products` in every query shape, `GET /api/products/:id`) from
 * memory, as ready-to-send bytes with a strong ETag. Only 200s are kept: a 400 or 404 goes through
 * every time. Every change signal drops everything; a response read from storage before the drop
 * is not kept (the generation moved on), and nothing is kept while changes elsewhere can't be
 * followed (`unsure`).
 */
export function catalogueCache(options: CatalogueCacheOptions): CatalogueCache {
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let generation = 0;
  let sure = false;

  const drop = () => {
    entries.clear();
    bytes = 0;
    generation++;
  };

  const keep = (key: string, entry: Entry) => {
    if (!options.enabled || entry.size > maxBytes / 4) return;
    const old = entries.get(key);
    if (old) bytes -= old.size;
    entries.delete(key);
    entries.set(key, entry);
    bytes += entry.size;
    for (const [oldest, e] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= e.size;
    }
  };

  async function middleware(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const route = ctx.path === LIST ? LIST : ONE.test(ctx.path) ? `${API_PREFIX}/products/:id` : null;
    if (!route) return next();
    const key = `${ctx.path}?${ctx.querystring}`;
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key); // most recently used last
      entries.set(key, hit);
      (ctx.state as { route?: string }).route = route;
      send(ctx, hit);
      return;
    }
    const started = generation;
    const trusted = sure;
    await next();
    if (ctx.status !== 200 || ctx.body === null || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body)) return;
    const body = Buffer.from(JSON.stringify(ctx.body));
    const link = ctx.response.get('Link') || null;
    const entry: Entry = { body, link, etag: etagOf(body, link), size: body.length + key.length + (link?.length ?? 0) };
    if (trusted && started === generation) keep(key, entry);
    send(ctx, entry);
  }

  return {
    middleware,
    signal(signal) {
      drop();
      sure = signal !== 'unsure';
    },
    size: () => entries.size,
    following: () => sure,
  };
}

function etagOf(body: Buffer, link: string | null): string {
  return `"${createHash('sha256').update(body).update(`\n${link ?? ''}`).digest('base64url').slice(0, 32)}"`;
}

/** Revalidate every time (`no-cache`), instead of the `no-store` every other response carries. */
function send(ctx: Context, entry: Entry): void {
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('ETag', entry.etag);
  if (noneMatch(ctx.get('If-None-Match'), entry.etag)) {
    ctx.status = 304;
    ctx.remove('Link');
    return;
  }
  ctx.status = 200;
  if (entry.link) ctx.set('Link', entry.link);
  else ctx.remove('Link');
  ctx.type = 'application/json';
  ctx.body = entry.body;
}
