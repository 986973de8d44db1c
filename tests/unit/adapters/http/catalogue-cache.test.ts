import Koa from 'koa';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { catalogueCache, noneMatch } from '../../../../src/adapters/http/catalogue-cache.js';

/** The middleware in front of a handler that counts its calls and can be held mid-request. */
function appWith(options: Parameters<typeof catalogueCache>[0]) {
  const cache = catalogueCache(options);
  let reads = 0;
  let hold: Promise<void> | null = null;
  const app = new Koa();
  app.use(cache.middleware);
  app.use(async (ctx) => {
    reads++;
    const answer = { path: ctx.path, query: ctx.querystring, ...(ctx.query['count'] && { read: reads }) };
    if (hold) await hold;
    if (ctx.query['bad']) { ctx.status = 400; ctx.body = { code: 'VALIDATION_FAILED' }; return; }
    if (ctx.query['next']) ctx.set('Link', `<http://shop.test${ctx.path}?cursor=x>; rel="next"`);
    ctx.body = [answer];
  });
  return { cache, http: supertest(app.callback()), reads: () => reads, holdWith: (p: Promise<void> | null) => { hold = p; } };
}

describe('If-None-Match', () => {
  it('matches *, any tag of a list, and weak forms (weak comparison)', () => {
    expect(noneMatch('*', '"a"')).toBe(true);
    expect(noneMatch('"a"', '"a"')).toBe(true);
    expect(noneMatch('"x", W/"a" ,"y"', '"a"')).toBe(true);
    expect(noneMatch('W/"a"', '"a"')).toBe(true);
    expect(noneMatch('"ab"', '"a"')).toBe(false);
    expect(noneMatch('a', '"a"')).toBe(false);
    expect(noneMatch('', '"a"')).toBe(false);
  });
});

describe('the catalogue cache', () => {
  it('keeps nothing until changes are followed, then answers from memory with the same bytes and ETag', async () => {
    const t = appWith({ enabled: true });
    const first = await t.http.get('/api/products?count=1').expect(200);
    await t.http.get('/api/products?count=1').expect(200);
    expect(t.reads()).toBe(2);
    t.cache.signal('sure');
    const stored = await t.http.get('/api/products?count=1').expect(200);
    const again = await t.http.get('/api/products?count=1').expect(200);
    expect(t.reads()).toBe(3);
    expect(again.text).toBe(stored.text);
    expect(again.headers['etag']).toBe(stored.headers['etag']);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(first.headers['etag']).not.toBe(stored.headers['etag']); // different bytes (the read count)
  });

  it('keeps query shapes apart, their Link headers with them, and never keeps a non-200', async () => {
    const t = appWith({ enabled: true });
    t.cache.signal('sure');
    const paged = await t.http.get('/api/products?next=1').expect(200);
    expect(paged.headers['link']).toContain('rel="next"');
    const hit = await t.http.get('/api/products?next=1').expect(200);
    expect(hit.headers['link']).toBe(paged.headers['link']);
    expect((await t.http.get('/api/products').expect(200)).headers['link']).toBeUndefined();
    await t.http.get('/api/products?bad=1').expect(400);
    await t.http.get('/api/products?bad=1').expect(400);
    expect(t.reads()).toBe(4);
    expect(t.cache.size()).toBe(2);
  });

  it('answers a matching If-None-Match with 304, no body, the ETag and no-cache; otherwise 200', async () => {
    const t = appWith({ enabled: true });
    t.cache.signal('sure');
    const { headers } = await t.http.get('/api/products/abc').expect(200);
    for (const inm of [headers['etag']!, `"other", ${headers['etag']}`, `W/${headers['etag']}`, '*']) {
      const res = await t.http.get('/api/products/abc').set('If-None-Match', inm).expect(304);
      expect(res.text).toBe('');
      expect(res.headers['etag']).toBe(headers['etag']);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-length']).toBeUndefined();
    }
    await t.http.get('/api/products/abc').set('If-None-Match', '"other"').expect(200);
    expect(t.reads()).toBe(1);
  });

  it('drops everything on a change, and does not keep what was read before the change', async () => {
    const t = appWith({ enabled: true });
    t.cache.signal('sure');
    await t.http.get('/api/products').expect(200);
    t.cache.signal('changed');
    expect(t.cache.size()).toBe(0);
    let release!: () => void;
    t.holdWith(new Promise<void>((r) => { release = r; }));
    const inFlight = t.http.get('/api/products').then((r) => r);
    while (t.reads() < 2) await new Promise((r) => setImmediate(r));
    t.cache.signal('changed'); // a write landed while that request was reading
    release();
    t.holdWith(null);
    expect((await inFlight).status).toBe(200);
    expect(t.cache.size()).toBe(0);
    await t.http.get('/api/products').expect(200);
    expect(t.cache.size()).toBe(1);
  });

  it("keeps nothing while unsure (the store can't say what changed elsewhere)", async () => {
    const t = appWith({ enabled: true });
    t.cache.signal('sure');
    await t.http.get('/api/products').expect(200);
    t.cache.signal('unsure');
    expect(t.cache.size()).toBe(0);
    await t.http.get('/api/products').expect(200);
    expect(t.cache.size()).toBe(0);
    t.cache.signal('sure');
    await t.http.get('/api/products').expect(200);
    expect(t.cache.size()).toBe(1);
  });

  it('is bounded: the least recently used query shape goes first', async () => {
    const t = appWith({ enabled: true, maxEntries: 3 });
    t.cache.signal('sure');
    for (const q of ['a', 'b', 'c']) await t.http.get(`/api/products?category=${q}`).expect(200);
    await t.http.get('/api/products?category=a').expect(200); // a is now the most recent
    await t.http.get('/api/products?category=d').expect(200); // b goes
    expect(t.cache.size()).toBe(3);
    const before = t.reads();
    await t.http.get('/api/products?category=a').expect(200);
    await t.http.get('/api/products?category=c').expect(200);
    expect(t.reads()).toBe(before);
    await t.http.get('/api/products?category=b').expect(200);
    expect(t.reads()).toBe(before + 1);
  });

  it('off: keeps nothing, but still sends ETags and 304s', async () => {
    const t = appWith({ enabled: false });
    t.cache.signal('sure');
    const { headers } = await t.http.get('/api/products/abc').expect(200);
    await t.http.get('/api/products/abc').set('If-None-Match', headers['etag']!).expect(304);
    expect(t.reads()).toBe(2);
    expect(t.cache.size()).toBe(0);
  });

  it('leaves other paths and methods alone', async () => {
    const t = appWith({ enabled: true });
    t.cache.signal('sure');
    for (const path of ['/api/orders', '/api/products/a/b', '/api/productsx']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['etag']).toBeUndefined();
    }
    await t.http.post('/api/products').expect(200);
    expect(t.cache.size()).toBe(0);
  });
});
