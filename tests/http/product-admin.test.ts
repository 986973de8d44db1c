import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/application/shared/pagination.js';
import { MAX_IMAGE_URL_LENGTH } from '../../src/domain/product.js';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let admin: string;
let customer: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  customer = (await t.register()).token;
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const patch = (id: string, body: unknown, token = admin) => t.http.patch(`/api/products/${id}`).set(auth(token)).send(body as object);

describe('PATCH /api/products/:id', () => {
  it('changes only the fields given and answers the admin view', async () => {
    const { id } = await t.createProduct(admin, { name: 'Cup', unitAmount: 500, currency: 'eur' });
    const res = await patch(id, { name: 'Big cup', description: 'Now bigger', stock: 7, imageUrl: 'https://img.example/cup.jpg' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id, name: 'Big cup', description: 'Now bigger', category: 'kitchen', unitAmount: 500, currency: 'eur',
      active: true, stock: 7, imageUrl: 'https://img.example/cup.jpg', inStock: true,
    });
    const pub = (await t.http.get(`/api/products/${id}`).expect(200)).body;
    expect(pub).toMatchObject({ name: 'Big cup', inStock: true });
    expect(pub).not.toHaveProperty('stock');
  });

  it('accepts a price as unitAmount or in major units, with or without a new currency', async () => {
    const { id } = await t.createProduct(admin, { unitAmount: 500, currency: 'eur' });
    expect((await patch(id, { unitAmount: 750 })).body).toMatchObject({ unitAmount: 750, currency: 'eur' });
    expect((await patch(id, { price: '12.34', currency: 'USD' })).body).toMatchObject({ unitAmount: 1234, price: 12.34, currency: 'usd' });
    expect((await patch(id, { unitAmount: 1250, currency: 'jpy' })).body).toMatchObject({ unitAmount: 1250, price: 1250, currency: 'jpy' });
  });

  it('refuses a new currency without a price in the same request, rather than re-pricing $12.50 as ¥1250', async () => {
    const { id } = await t.createProduct(admin, { unitAmount: 1250, currency: 'usd' });
    const res = await patch(id, { currency: 'jpy' }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '#/currency', detail: expect.stringMatching(/price or unitAmount/) }] });
    const res2 = await patch(id, { currency: 'eur', name: 'Renamed' }).expect(400);
    expect(res2.body.code).toBe('VALIDATION_FAILED');
    const stored = (await t.http.get(`/api/products/${id}`).expect(200)).body;
    expect(stored).toMatchObject({ unitAmount: 1250, currency: 'usd', name: 'Espresso cup' });
    // The currency it already has is no change.
    expect((await patch(id, { currency: 'USD', name: 'Same money' }).expect(200)).body).toMatchObject({ unitAmount: 1250, currency: 'usd', name: 'Same money' });
  });

  it('never changes the snapshot of an order already placed', async () => {
    const { id } = await t.createProduct(admin, { name: 'Teapot', unitAmount: 2000 });
    const placed = (await t.placeOrder(customer, { productId: id })).body.order;
    await patch(id, { name: 'Renamed', unitAmount: 9999 }).expect(200);
    const order = (await t.http.get(`/api/orders/${placed.id}`).set(auth(customer)).expect(200)).body;
    expect(order.items[0]).toMatchObject({ name: 'Teapot', unitAmount: 2000 });
    expect(order.totalAmount).toBe(2000);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { name: 'X', colour: 'blue' }],
    ['a read-only field', { id: '6650f1c2a1b2c3d4e5f60718' }],
    ['both price and unitAmount', { price: 1, unitAmount: 100 }],
    ['a negative stock', { stock: -1 }],
    ['a fractional stock', { stock: 1.5 }],
    ['a stock above 1,000,000', { stock: 1_000_001 }],
    ['an http imageUrl', { imageUrl: 'http://img.example/cup.jpg' }],
    ['a javascript: imageUrl', { imageUrl: 'javascript:alert(1)' }],
    ['an imageUrl without //', { imageUrl: 'https:img.example/a.png' }],
    [`an imageUrl over ${MAX_IMAGE_URL_LENGTH} characters`, { imageUrl: `https://img.example/${'a'.repeat(MAX_IMAGE_URL_LENGTH)}` }],
    ['an empty name', { name: '  ' }],
    ['a bad currency', { currency: 'dollars' }],
    ['active as a string', { active: 'false' }],
  ])('refuses %s with 400 and changes nothing', async (_, body) => {
    const { id } = await t.createProduct(admin, { name: 'Steady', unitAmount: 300 });
    const res = await patch(id, body);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    const [stored] = (await t.http.get(`/api/admin/products?status=all&limit=${MAX_PAGE_SIZE}`).set(auth(admin))).body.filter(
      (p: { id: string }) => p.id === id,
    );
    expect(stored).toMatchObject({ name: 'Steady', unitAmount: 300, stock: null, imageUrl: null, active: true });
  });

  it('refuses a price of zero as VALIDATION_FAILED, naming unitAmount', async () => {
    const { id } = await t.createProduct(admin);
    const res = await patch(id, { unitAmount: 0 });
    expect([res.status, res.body.code, res.body.errors?.[0]?.pointer]).toEqual([400, 'VALIDATION_FAILED', '#/unitAmount']);
  });

  it('answers 404 for an unknown or malformed id, 401 without a token, 403 for a customer', async () => {
    expect((await patch('6650f1c2a1b2c3d4e5f60718', { name: 'X' })).status).toBe(404);
    expect((await patch('nope', { name: 'X' })).status).toBe(404);
    const { id } = await t.createProduct(admin);
    expect((await t.http.patch(`/api/products/${id}`).send({ name: 'X' })).status).toBe(401);
    expect((await patch(id, { name: 'X' }, customer)).status).toBe(403);
  });

  it('clears the image and stops tracking stock with null', async () => {
    const { id } = await t.createProduct(admin, { stock: 0, imageUrl: 'https://img.example/a.png' });
    expect((await patch(id, { stock: null, imageUrl: null })).body).toMatchObject({ stock: null, imageUrl: null, inStock: true });
  });
});

describe('DELETE /api/products/:id', () => {
  it('archives: 204, then 404 on the public GET, absent from the public list, refused in orders; idempotent', async () => {
    const { id } = await t.createProduct(admin, { name: 'Retired' });
    await t.http.delete(`/api/products/${id}`).set(auth(admin)).expect(204);
    await t.http.delete(`/api/products/${id}`).set(auth(admin)).expect(204);
    expect((await t.http.get(`/api/products/${id}`)).status).toBe(404);
    const list = (await t.http.get(`/api/products?limit=${MAX_PAGE_SIZE}`).expect(200)).body;
    expect(list.map((p: { id: string }) => p.id)).not.toContain(id);
    const order = await t.placeOrder(customer, { productId: id });
    expect([order.status, order.body.code]).toEqual([422, 'PRODUCT_UNAVAILABLE']);
    const archived = (await t.http.get(`/api/admin/products?status=archived&limit=${MAX_PAGE_SIZE}`).set(auth(admin)).expect(200)).body;
    expect(archived.find((p: { id: string }) => p.id === id)).toMatchObject({ active: false, name: 'Retired' });
  });

  it('can be undone with PATCH active: true', async () => {
    const { id } = await t.createProduct(admin);
    await t.http.delete(`/api/products/${id}`).set(auth(admin)).expect(204);
    await patch(id, { active: true }).expect(200);
    await t.http.get(`/api/products/${id}`).expect(200);
  });

  it('answers 404 for an unknown product', async () => {
    expect((await t.http.delete('/api/products/6650f1c2a1b2c3d4e5f60718').set(auth(admin))).status).toBe(404);
  });
});

describe('GET /api/admin/products', () => {
  it('filters by status, shows stock and imageUrl, and pages with Link', async () => {
    const app = await testApp();
    const token = await app.adminToken();
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await app.createProduct(token, { name: `P${i}`, stock: i })).id);
    await app.http.delete(`/api/products/${made[0]}`).set(auth(token)).expect(204);
    const get = (query: string) => app.http.get(`/api/admin/products${query}`).set(auth(token)).expect(200);

    expect((await get('')).body.map((p: { id: string }) => p.id)).toEqual([made[2], made[1]]);
    expect((await get('?status=archived')).body.map((p: { id: string }) => p.id)).toEqual([made[0]]);
    const all = await get('?status=all&limit=2');
    expect(all.body).toEqual([
      expect.objectContaining({ id: made[2], stock: 2, imageUrl: null, active: true, inStock: true }),
      expect.objectContaining({ id: made[1], stock: 1 }),
    ]);
    const next = /<([^>]+)>; rel="next"/.exec(all.headers['link'] ?? '')?.[1];
    expect(next).toContain('status=all');
    const page2 = await app.http.get(new URL(next!).pathname + new URL(next!).search).set(auth(token)).expect(200);
    expect(page2.body).toEqual([expect.objectContaining({ id: made[0], stock: 0, active: false, inStock: false })]);
    expect(page2.headers['link']).toBeUndefined();
  });

  it('refuses an unknown status or field with 400', async () => {
    expect((await t.http.get('/api/admin/products?status=deleted').set(auth(admin))).status).toBe(400);
    expect((await t.http.get('/api/admin/products?stock=1').set(auth(admin))).status).toBe(400);
  });
});

describe('pictures at checkout', () => {
  it('the local checkout page shows the picture the product had when the order was placed', async () => {
    const { id } = await t.createProduct(admin, { name: 'Lamp', imageUrl: 'https://img.example/lamp.png?a=1&b=2' });
    const { checkoutUrl } = (await t.placeOrder(customer, { productId: id })).body;
    const page = await t.http.get(new URL(checkoutUrl).pathname).expect(200);
    expect(page.text).toContain('<img class="thumb" src="https://img.example/lamp.png?a=1&amp;b=2"');
    expect(page.headers['content-security-policy']).toContain('img-src https:');
    await patch(id, { imageUrl: null }).expect(200);
    expect((await t.http.get(new URL(checkoutUrl).pathname).expect(200)).text).toContain('img.example/lamp.png');
  });
});

describe('POST /api/products with stock and imageUrl', () => {
  it('answers the admin view; the public view shows the picture and only inStock, never the count', async () => {
    const res = await t.http.post('/api/products').set(auth(admin))
      .send({ name: 'Lamp', unitAmount: 4000, stock: 0, imageUrl: 'https://img.example/lamp.png' }).expect(201);
    expect(res.body).toMatchObject({ stock: 0, imageUrl: 'https://img.example/lamp.png', inStock: false });
    const pub = (await t.http.get(`/api/products/${res.body.id}`).expect(200)).body;
    expect(pub.inStock).toBe(false);
    expect(pub).not.toHaveProperty('stock');
    expect(pub.imageUrl).toBe('https://img.example/lamp.png');
  });

  it('refuses an http imageUrl and an out-of-range stock with 400', async () => {
    for (const extra of [{ imageUrl: 'http://img.example/a.png' }, { stock: -3 }, { stock: 2_000_000 }]) {
      const res = await t.http.post('/api/products').set(auth(admin)).send({ name: 'X', unitAmount: 100, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
    }
  });
});
