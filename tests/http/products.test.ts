import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/application/shared/pagination.js';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let admin: string;
let customer: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  customer = (await t.register()).token;
});

const post = (token: string | null, body: unknown) => {
  const req = t.http.post('/api/products');
  return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body as object);
};

describe('POST /api/products', () => {
  it('lets an admin create a product priced in minor units, with Location', async () => {
    const res = await post(admin, { name: 'Mug', description: 'Blue', unitAmount: 1099, currency: 'EUR' });
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`http://shop.test/api/products/${res.body.id}`); // absolute, from APP_URL
    expect(res.body).toMatchObject({ name: 'Mug', unitAmount: 1099, price: 10.99, currency: 'eur', active: true, category: null });
  });

  it("accepts the seed's decimal price exactly", async () => {
    const res = await post(admin, { name: 'Tea', description: 'Green', price: 10.99 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unitAmount: 1099, price: 10.99, currency: 'usd' });
  });

  it.each([
    ['a price with too many decimals', { name: 'X', description: '', price: 10.999 }, 'VALIDATION_FAILED'],
    ['a negative unitAmount', { name: 'X', description: '', unitAmount: -1 }, 'VALIDATION_FAILED'],
    ['a fractional unitAmount', { name: 'X', description: '', unitAmount: 10.5 }, 'VALIDATION_FAILED'],
    ['both price and unitAmount', { name: 'X', description: '', unitAmount: 100, price: 1 }, 'VALIDATION_FAILED'],
    ['neither price nor unitAmount', { name: 'X', description: '' }, 'VALIDATION_FAILED'],
    ['a bad currency', { name: 'X', description: '', unitAmount: 100, currency: 'dollars' }, 'VALIDATION_FAILED'],
    ['a 201-character name', { name: 'n'.repeat(201), description: '', unitAmount: 100 }, 'VALIDATION_FAILED'],
    ['an unknown field', { name: 'X', description: '', unitAmount: 100, active: false }, 'VALIDATION_FAILED'],
  ])('rejects %s with 400', async (_, body, code) => {
    const res = await post(admin, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('answers 401 without a token and 403 for a customer, creating nothing', async () => {
    const before = (await t.http.get(`/api/products?limit=${MAX_PAGE_SIZE}`)).body.length;
    expect((await post(null, { name: 'X', description: '', unitAmount: 1 })).status).toBe(401);
    const forbidden = await post(customer, { name: 'X', description: '', unitAmount: 1 });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect((await t.http.get(`/api/products?limit=${MAX_PAGE_SIZE}`)).body.length).toBe(before);
  });
});

describe('GET /api/products', () => {
  it('pages newest first with an opaque cursor in a Link header, and filters by category', async () => {
    const fresh = await testApp();
    const token = await fresh.adminToken();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await fresh.createProduct(token, { name: `P${i}`, category: i % 2 ? 'odd' : 'even' })).id);

    const first = await fresh.http.get('/api/products?limit=2').expect(200);
    expect(first.body.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers['link'] ?? '')![1]!;
    expect(next).toMatch(/^http:\/\/shop\.test\/api\/products\?limit=2&cursor=/);
    const second = await fresh.http.get(new URL(next).pathname + new URL(next).search).expect(200);
    expect(second.body.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);

    const all = await fresh.http.get('/api/products').expect(200);
    expect(all.body).toHaveLength(5);
    expect(all.headers['link']).toBeUndefined();

    const odd = await fresh.http.get('/api/products?category=odd').expect(200);
    expect(odd.body.map((p: { id: string }) => p.id)).toEqual([ids[3], ids[1]]);
  });

  it.each(['limit=0', `limit=${MAX_PAGE_SIZE + 1}`, 'limit=abc', 'limit=1&limit=2', 'cursor=garbage', 'limit=-1', 'page[$gt]=1'])(
    'rejects ?%s with 400',
    async (query) => {
      const res = await t.http.get(`/api/products?${query}`);
      expect(res.status).toBe(400);
    },
  );
});

describe('GET /api/products/:id', () => {
  it('returns an active product', async () => {
    const { id } = await t.createProduct(admin);
    expect((await t.http.get(`/api/products/${id}`).expect(200)).body.id).toBe(id);
  });

  it.each(['000000000000000000000000', 'abc', '123456789012', '%7B%7D', 'ZZZZZZZZZZZZZZZZZZZZZZZZ'])(
    'answers 404 for %s',
    async (id) => {
      const res = await t.http.get(`/api/products/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('PRODUCT_NOT_FOUND');
    },
  );

  it('answers 405 for methods the resource does not have', async () => {
    const { id } = await t.createProduct(admin);
    for (const method of ['put', 'post'] as const) {
      const res = await t.http[method](`/api/products/${id}`).set('Authorization', `Bearer ${admin}`);
      expect(res.status, method).toBe(405);
    }
  });
});
