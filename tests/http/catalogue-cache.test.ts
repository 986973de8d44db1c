import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * A shop whose storage reads of the public catalogue are counted. A long poll interval, so that on
 * MongoDB only this process's writes drop the cache during a test (the poll's own 'changed', for
 * the stamps those writes leave, would only make the counts vary).
 */
async function shop(env: Record<string, string> = {}) {
  const t = await testApp({}, { CATALOGUE_CACHE_POLL: '60s', ...env });
  const admin = await t.adminToken();
  const customer = (await t.register()).token;
  for (let i = 0; i < 200 && !t.catalogue.following(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(t.catalogue.following()).toBe(true);
  let reads = 0;
  const { products } = t.storage;
  const list = products.list.bind(products);
  const byId = products.byId.bind(products);
  products.list = async (query) => { reads++; return list(query); };
  products.byId = async (id) => { reads++; return byId(id); };
  return { t, admin, customer, reads: () => reads };
}

const etagOf = async (t: TestApp, path: string) => (await t.http.get(path).expect(200)).headers['etag'] as string;

describe('the public catalogue from memory', () => {
  it('answers repeated reads with the same bytes and ETag without reading storage, and says no-cache', async () => {
    const { t, admin, reads } = await shop();
    const { id } = await t.createProduct(admin);
    for (const path of ['/api/products', `/api/products/${id}`, '/api/products?category=kitchen&limit=1']) {
      const first = await t.http.get(path).expect(200);
      const before = reads();
      const again = await t.http.get(path).expect(200);
      expect(reads()).toBe(before);
      expect(again.text).toBe(first.text);
      expect(again.headers['etag']).toBe(first.headers['etag']);
      expect(again.headers['etag']).toMatch(/^"[\w-]{32}"$/);
      expect(again.headers['cache-control']).toBe('no-cache');
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('answers If-None-Match with 304: no body, the ETag, no-cache', async () => {
    const { t, admin } = await shop();
    const { id } = await t.createProduct(admin);
    for (const path of ['/api/products', `/api/products/${id}`]) {
      const etag = await etagOf(t, path);
      const res = await t.http.get(path).set('If-None-Match', `"stale", ${etag}`).expect(304);
      expect(res.text).toBe('');
      expect(res.headers['etag']).toBe(etag);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toBeUndefined();
      await t.http.get(path).set('If-None-Match', '"stale"').expect(200);
    }
  });

  it('sends the same responses as without the cache, Link headers included, over every query shape', async () => {
    const cached = await shop();
    const plain = await shop({ CATALOGUE_CACHE: 'off' });
    const ids: string[] = [];
    for (const [i, category] of ['kitchen', 'garden', 'kitchen', 'books', 'kitchen'].entries()) {
      for (const s of [cached, plain]) {
        const { id } = await s.t.createProduct(s.admin, { name: `Item ${i}`, category, ...(i === 1 && { stock: 0 }) });
        if (s === cached) ids.push(id);
      }
    }
    const shapes = ['/api/products', '/api/products?limit=2', '/api/products?category=kitchen&limit=2', '/api/products?category=none'];
    const nextOf = (link: string | undefined) => {
      if (!link) return null;
      const next = new URL(/<([^>]+)>/.exec(link)![1]!);
      return next.pathname + next.search;
    };
    for (const path of shapes) {
      // Each shop follows its own Link (cursors carry its own ids); ids and creation times differ, nothing else may.
      let [urlA, urlB]: (string | null)[] = [path, path];
      for (let page = 0; urlA && urlB && page < 5; page++) {
        const a: Response = await cached.t.http.get(urlA).expect(200);
        const b: Response = await plain.t.http.get(urlB).expect(200);
        const strip = (r: Response) => (r.body as { id: string; createdAt: string }[]).map(({ id: _, createdAt: __, ...rest }) => rest);
        expect(strip(a)).toEqual(strip(b));
        const again = await cached.t.http.get(urlA).expect(200);
        expect(again.text).toBe(a.text);
        expect(again.headers['link']).toBe(a.headers['link']);
        [urlA, urlB] = [nextOf(a.headers['link']), nextOf(b.headers['link'])];
        expect(urlA?.replace(/cursor=[^&]+/, '')).toBe(urlB?.replace(/cursor=[^&]+/, ''));
      }
    }
    expect(plain.t.catalogue.size()).toBe(0);
    expect(cached.t.catalogue.size()).toBeGreaterThan(0);
    expect(ids).toHaveLength(5);
  });

  it('never keeps an invalid query (400) or a missing product (404), which keep no-store', async () => {
    const { t, reads } = await shop();
    for (const path of ['/api/products?limit=0', '/api/products?cursor=nonsense', '/api/products/65f000000000000000000000']) {
      const first = await t.http.get(path);
      expect([400, 404]).toContain(first.status);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.headers['etag']).toBeUndefined();
    }
    const before = reads();
    await t.http.get('/api/products/65f000000000000000000000').expect(404);
    expect(reads()).toBe(before + 1);
    expect(t.catalogue.size()).toBe(0);
  });

  it('sees a product created, changed or archived through this instance at once, with a new ETag', async () => {
    const { t, admin } = await shop();
    const { id } = await t.createProduct(admin);
    const list0 = await etagOf(t, '/api/products');
    const one0 = await etagOf(t, `/api/products/${id}`);

    await t.http.patch(`/api/products/${id}`).set(auth(admin)).send({ name: 'Mug' }).expect(200);
    const one1 = await t.http.get(`/api/products/${id}`).set('If-None-Match', one0).expect(200);
    expect(one1.body.name).toBe('Mug');
    expect(one1.headers['etag']).not.toBe(one0);
    const list1 = await etagOf(t, '/api/products');
    expect(list1).not.toBe(list0);

    const created = await t.createProduct(admin, { name: 'Bowl' });
    const list2 = await t.http.get('/api/products').set('If-None-Match', list1).expect(200);
    expect(list2.body.map((p: { id: string }) => p.id)).toContain(created.id);

    await t.http.delete(`/api/products/${id}`).set(auth(admin)).expect(204);
    await t.http.get(`/api/products/${id}`).set('If-None-Match', one1.headers['etag']!).expect(404);
    const list3 = await t.http.get('/api/products').set('If-None-Match', list2.headers['etag']!).expect(200);
    expect(list3.body.map((p: { id: string }) => p.id)).not.toContain(id);
  });

  it("a change to one product drops its own page and the lists, and keeps every other product's page", async () => {
    const { t, admin, reads } = await shop();
    const x = await t.createProduct(admin, { name: 'Jug' });
    const y = await t.createProduct(admin, { name: 'Bowl' });
    const pages = ['/api/products', `/api/products/${x.id}`, `/api/products/${y.id}`];
    for (const path of pages) await t.http.get(path).expect(200);
    await t.http.patch(`/api/products/${x.id}`).set(auth(admin)).send({ name: 'Big jug' }).expect(200);
    const before = reads();
    await t.http.get(`/api/products/${y.id}`).expect(200);
    expect(reads()).toBe(before); // still in memory
    expect((await t.http.get(`/api/products/${x.id}`).expect(200)).body.name).toBe('Big jug');
    expect(reads()).toBe(before + 1);
    expect((await t.http.get('/api/products').expect(200)).body.map((p: { name: string }) => p.name)).toContain('Big jug');
    expect(reads()).toBe(before + 2);
  });

  it('makes one storage read for simultaneous misses of one page, and answers them all', async () => {
    const { t, admin, reads } = await shop();
    const { id } = await t.createProduct(admin);
    const { products } = t.storage;
    const byId = products.byId.bind(products);
    products.byId = async (productId) => {
      await new Promise((r) => setTimeout(r, 100)); // a read slow enough for the others to arrive meanwhile
      return byId(productId);
    };
    const before = reads();
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.http.get(`/api/products/${id}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.headers['etag'])).size).toBe(1);
    expect(reads()).toBe(before + 1);
  });

  it('sees a stock change only when inStock flips: the last unit sold, a unit back, an admin setting 0', async () => {
    const { t, admin, customer, reads } = await shop();
    const { id } = await t.createProduct(admin, { stock: 2 });
    const path = `/api/products/${id}`;
    const e0 = await etagOf(t, path);
    await etagOf(t, '/api/products');

    const first = await t.placeOrder(customer, { productId: id });
    expect(first.status).toBe(201);
    const before = reads();
    expect(await etagOf(t, path)).toBe(e0); // 2 → 1: still in stock, same bytes, not even read
    await t.http.get('/api/products').expect(200);
    expect(reads()).toBe(before);

    const second = await t.placeOrder(customer, { productId: id });
    expect(second.status).toBe(201);
    const sold = await t.http.get(path).set('If-None-Match', e0).expect(200); // 1 → 0
    expect(sold.body.inStock).toBe(false);

    await t.http.post(`${new URL(second.body.checkoutUrl).pathname}/cancel`).expect(303); // 0 → 1
    const back = await t.http.get(path).set('If-None-Match', sold.headers['etag']!).expect(200);
    expect(back.body.inStock).toBe(true);
    expect(back.headers['etag']).toBe(e0);

    await t.http.patch(path).set(auth(admin)).send({ stock: 5 }).expect(200); // 1 → 5: no flip
    await t.http.get(path).set('If-None-Match', e0).expect(304);
    await t.http.patch(path).set(auth(admin)).send({ stock: 0 }).expect(200);
    expect((await t.http.get(path).set('If-None-Match', e0).expect(200)).body.inStock).toBe(false);
  });

  it('sees the last unit come back when the customer cancels the order holding it', async () => {
    const { t, admin, customer } = await shop();
    const { id } = await t.createProduct(admin, { stock: 1 });
    const order = await t.placeOrder(customer, { productId: id });
    expect(order.status).toBe(201);
    const sold = await t.http.get(`/api/products/${id}`).expect(200);
    expect(sold.body.inStock).toBe(false);
    await t.http.post(`/api/orders/${order.body.order.id}/cancel`).set(auth(customer)).expect(200);
    const back = await t.http.get(`/api/products/${id}`).set('If-None-Match', sold.headers['etag']!).expect(200);
    expect(back.body.inStock).toBe(true);
  });
});
