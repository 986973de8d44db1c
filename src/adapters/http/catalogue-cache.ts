import { createHash } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { CatalogueListener } from '../../application/ports/catalogue-changes.js';
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
  signal: CatalogueListener;
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

/** The product a key is the page of, or `null` for a list. */
const productOf = (key: string): string | null => (key.startsWith(`${LIST}?`) ? null : key.slice(`${LIST}/`.length, key.indexOf('?')));

/** How many recent changes are remembered, to tell whether a read in flight saw its key change. */
const CHANGES_KEPT = 256;

/**
 * The public catalogue (`GET /api/products` in every query shape, `GET /api/products/:id`) from
 * memory, as ready-to-send bytes with a strong ETag. Only 200s are kept: a 400 or 404 goes through
 * every time. A change of named products drops their own pages and every list (which may show
 * them); a change that names none drops everything. A response read from storage while its key
 * changed is not kept, and nothing is kept while changes elsewhere can't be followed (`unsure`).
 * Concurrent misses of one key wait for the first one's read instead of each reading storage.
 */
export function catalogueCache(options: CatalogueCacheOptions): CatalogueCache {
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let sure = false;
  /** Changes so far, and the recent ones: the products each named, `null` for everything. */
  let seq = 0;
  const changes: { seq: number; products: ReadonlySet<string> | null }[] = [];
  /** Reads in flight, by key, with the change count when each began. */
  const reading = new Map<string, { seq: number; entry: Promise<Entry | null> }>();

  const remove = (key: string, entry: Entry) => {
    entries.delete(key);
    bytes -= entry.size;
  };
  const drop = (products: readonly string[] | null) => {
    seq++;
    changes.push({ seq, products: products && new Set(products) });
    if (changes.length > CHANGES_KEPT) changes.shift();
    if (!products) {
      entries.clear();
      bytes = 0;
      return;
    }
    for (const [key, entry] of entries) {
      const product = productOf(key);
      if (product === null || products.includes(product)) remove(key, entry);
    }
  };
  /** Whether `key` may have changed since change `since`. */
  const changedSince = (key: string, since: number) => {
    if (since === seq) return false;
    if (changes.length === 0 || changes[0]!.seq > since + 1) return true; // older than what is remembered
    const product = productOf(key);
    return changes.some((c) => c.seq > since && (c.products === null || product === null || c.products.has(product)));
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
    const ahead = reading.get(key);
    if (ahead && ahead.seq === seq && ctx.method === 'GET') {
      // Another request is reading this key now, and nothing changed since it began: its answer is ours.
      const entry = await ahead.entry;
      if (entry) {
        (ctx.state as { route?: string }).route = route;
        send(ctx, entry);
        return;
      }
    }
    const started = seq;
    const trusted = sure;
    let settle!: (entry: Entry | null) => void;
    const mine = { seq: started, entry: new Promise<Entry | null>((resolve) => (settle = resolve)) };
    if (ctx.method === 'GET') reading.set(key, mine);
    let entry: Entry | null = null;
    try {
      await next();
      if (ctx.status !== 200 || ctx.body === null || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body)) return;
      const body = Buffer.from(JSON.stringify(ctx.body));
      const link = ctx.response.get('Link') || null;
      entry = { body, link, etag: etagOf(body, link), size: body.length + key.length + (link?.length ?? 0) };
      if (trusted && !changedSince(key, started)) keep(key, entry);
      send(ctx, entry);
    } finally {
      settle(entry);
      if (reading.get(key) === mine) reading.delete(key);
    }
  }

  return {
    middleware,
    signal(signal, products) {
      drop(signal === 'changed' && products ? products : null);
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
