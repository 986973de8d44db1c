import { beforeAll, describe, expect, it } from 'vitest';
import { PaymentProviderFailed, PaymentProviderUnavailable } from '../../src/domain/errors.js';
import { MAX_LINE_ITEMS, MAX_QUANTITY } from '../../src/domain/order.js';
import type { PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import { type TestApp, testApp } from '../support/app.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

let t: TestApp;
let admin: string;
let alice: { token: string; user: { id: string } };
let bob: { token: string };
let product: { id: string };
let other: { id: string };
beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  alice = await t.register({ name: 'Alice' });
  bob = await t.register({ name: 'Bob' });
  product = await t.createProduct(admin, { name: 'Kettle', unitAmount: 4500 });
  other = await t.createProduct(admin, { name: 'Cup', unitAmount: 1299 });
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('POST /api/orders', () => {
  it("accepts the seed's single-product body and returns { order, checkoutUrl }", async () => {
    const res = await t.placeOrder(alice.token, { productId: product.id });
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`http://shop.test/api/orders/${res.body.order.id}`); // absolute, from APP_URL
    expect(res.body.checkoutUrl).toMatch(/^http:\/\/shop\.test\/checkout\/local\/lcs_/);
    expect(res.body.order).toMatchObject({
      status: 'pending',
      items: [{ productId: product.id, name: 'Kettle', unitAmount: 4500, quantity: 1 }],
      totalAmount: 4500,
      amount: 45,
      currency: 'usd',
      checkoutUrl: res.body.checkoutUrl,
    });
  });

  it('prices several items from the catalogue, never from the request', async () => {
    const res = await t.placeOrder(alice.token, { items: [{ productId: product.id, quantity: 2 }, { productId: other.id, quantity: 3 }] });
    expect(res.status).toBe(201);
    expect(res.body.order.totalAmount).toBe(2 * 4500 + 3 * 1299);
    const tampered = await t.placeOrder(alice.token, { items: [{ productId: product.id, quantity: 1, unitAmount: 1 }] });
    expect(tampered.status).toBe(400);
  });

  it.each([
    ['status', { productId: 'P', status: 'completed' }],
    ['totalAmount', { productId: 'P', totalAmount: 1 }],
    ['userId', { productId: 'P', userId: '000000000000000000000000' }],
    ['checkoutSessionId', { productId: 'P', checkoutSessionId: 'cs_x' }],
    ['price on an item', { items: [{ productId: 'P', quantity: 1, price: 0.01 }] }],
  ])('rejects a body carrying %s with 400', async (_, body) => {
    const res = await t.placeOrder(alice.token, JSON.parse(JSON.stringify(body).replaceAll('"P"', `"${product.id}"`)));
    expect(res.status).toBe(400);
  });

  it.each([-1, 0, 1.5, '1', 1e9, MAX_QUANTITY + 1])('rejects quantity %s with 400', async (quantity) => {
    const res = await t.placeOrder(alice.token, { productId: product.id, quantity });
    expect(res.status).toBe(400);
  });

  it(`rejects more than ${MAX_LINE_ITEMS} line items and an empty list with 400`, async () => {
    const items = Array.from({ length: MAX_LINE_ITEMS + 1 }, () => ({ productId: product.id, quantity: 1 }));
    expect((await t.placeOrder(alice.token, { items })).status).toBe(400);
    expect((await t.placeOrder(alice.token, { items: [] })).status).toBe(400);
  });

  it('rejects an unknown product with 422 and a malformed id with 400', async () => {
    const unknown = await t.placeOrder(alice.token, { productId: '000000000000000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('PRODUCT_UNAVAILABLE');
    expect((await t.placeOrder(alice.token, { productId: { $gt: '' } })).status).toBe(400);
  });

  it('refuses lines priced in different currencies with 422 MIXED_CURRENCIES, as documented', async () => {
    const euros = await t.createProduct(admin, { name: 'Euro cup', unitAmount: 900, currency: 'eur' });
    const res = await t.placeOrder(alice.token, { items: [{ productId: product.id, quantity: 1 }, { productId: euros.id, quantity: 1 }] });
    expect([res.status, res.body.code]).toEqual([422, 'MIXED_CURRENCIES']);
    const { openApiDocument } = await import('../support/openapi-validate.js');
    const doc = openApiDocument() as { paths: Record<string, Record<string, { description?: string }>> };
    expect(doc.paths['/api/orders']?.['post']?.description).toContain('422 `MIXED_CURRENCIES`');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile('docs/api.md', 'utf8')).toContain('`MIXED_CURRENCIES`');
  });

  it('answers 401 without a token', async () => {
    expect((await t.http.post('/api/orders').send({ productId: product.id })).status).toBe(401);
  });

  it.each([
    ['unavailable', new PaymentProviderUnavailable('timed out'), 503],
    ['refusing', new PaymentProviderFailed('bad request'), 502],
  ])('answers %s payment providers with %i and leaves the order failed, not ambiguous', async (_, error, status) => {
    const failing: PaymentGateway = { name: 'failing', startCheckout: () => Promise.reject(error), retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund };
    const app = await testApp({ payments: failing });
    const token = await app.adminToken();
    const p = await app.createProduct(token);
    const res = await app.placeOrder(token, { productId: p.id });
    expect(res.status).toBe(status);
    if (status === 503) expect(res.headers['retry-after']).toBeDefined();
    const [order] = (await app.http.get('/api/orders').set(auth(token)).expect(200)).body;
    expect(order).toMatchObject({ status: 'failed', paymentIssue: expect.any(String) });
  });
});

describe('GET /api/orders and /api/orders/:id', () => {
  it("shows customers their own orders only, newest first, and others' as 404", async () => {
    const a1 = (await t.placeOrder(alice.token, { productId: product.id })).body.order;
    const a2 = (await t.placeOrder(alice.token, { productId: other.id })).body.order;
    const mine = (await t.http.get('/api/orders').set(auth(alice.token)).expect(200)).body;
    expect(mine.slice(0, 2).map((o: { id: string }) => o.id)).toEqual([a2.id, a1.id]);
    const bobs = (await t.http.get(`/api/orders?userId=${alice.user.id}`).set(auth(bob.token))).status;
    expect(bobs).toBe(400);
    expect((await t.http.get('/api/orders').set(auth(bob.token)).expect(200)).body).toEqual([]);

    expect((await t.http.get(`/api/orders/${a1.id}`).set(auth(alice.token)).expect(200)).body.id).toBe(a1.id);
    const stolen = await t.http.get(`/api/orders/${a1.id}`).set(auth(bob.token));
    const missing = await t.http.get('/api/orders/000000000000000000000000').set(auth(bob.token));
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(missing.body);
  });

  it('pages with limit and cursor', async () => {
    const carol = await t.register();
    for (let i = 0; i < 3; i++) await t.placeOrder(carol.token, { productId: product.id });
    const first = await t.http.get('/api/orders?limit=2').set(auth(carol.token)).expect(200);
    expect(first.body).toHaveLength(2);
    const cursor = new URL(/<([^>]+)>/.exec(first.headers['link'] ?? '')![1]!).searchParams.get('cursor');
    const second = await t.http.get(`/api/orders?limit=2&cursor=${cursor}`).set(auth(carol.token)).expect(200);
    expect(second.body).toHaveLength(1);
    expect(second.headers['link']).toBeUndefined();
  });

  it('lets customers filter their own orders by status, and never shows anyone else\'s', async () => {
    const dora = await t.register();
    const kept = (await t.placeOrder(dora.token, { productId: product.id })).body.order;
    const cancelled = (await t.placeOrder(dora.token, { productId: other.id })).body.order;
    await t.http.post(`/api/orders/${cancelled.id}/cancel`).set(auth(dora.token)).expect(200);
    await t.placeOrder(alice.token, { productId: product.id }); // someone else's pending order
    const ids = async (query: string) => (await t.http.get(`/api/orders${query}`).set(auth(dora.token)).expect(200)).body.map((o: { id: string }) => o.id);
    expect(await ids('?status=pending')).toEqual([kept.id]);
    expect(await ids('?status=cancelled')).toEqual([cancelled.id]);
    expect(await ids('?status=completed')).toEqual([]);
    expect(await ids('')).toEqual([cancelled.id, kept.id]);
    const bad = await t.http.get('/api/orders?status=paid').set(auth(dora.token)).expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '#/status', detail: expect.stringMatching(/one of pending, completed/) }]);
  });

  it('keeps the status filter on the next page', async () => {
    const erin = await t.register();
    for (let i = 0; i < 3; i++) await t.placeOrder(erin.token, { productId: product.id });
    const first = await t.http.get('/api/orders?status=pending&limit=2').set(auth(erin.token)).expect(200);
    const next = new URL(/<([^>]+)>/.exec(first.headers['link'] ?? '')![1]!);
    expect(next.searchParams.get('status')).toBe('pending');
    const second = await t.http.get(`${next.pathname}${next.search}`).set(auth(erin.token)).expect(200);
    expect(second.body).toHaveLength(1);
  });

  it('refuses a cursor from another list with 400, instead of answering an empty page', async () => {
    const frank = await t.register();
    for (let i = 0; i < 2; i++) await t.placeOrder(frank.token, { productId: product.id });
    await t.createProduct(admin, { name: 'Another' });
    const cursorOf = (res: { headers: Record<string, string> }) => new URL(/<([^>]+)>/.exec(res.headers['link'] ?? '')![1]!).searchParams.get('cursor')!;
    const productCursor = cursorOf(await t.http.get('/api/products?limit=1').expect(200));
    const res = await t.http.get(`/api/orders?cursor=${productCursor}`).set(auth(frank.token)).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '#/cursor', detail: expect.stringMatching(/another list/) }] });
    const adminCursor = cursorOf(await t.http.get('/api/admin/orders?limit=1').set(auth(admin)).expect(200));
    expect((await t.http.get(`/api/orders?cursor=${adminCursor}`).set(auth(frank.token))).status).toBe(400);
    const orderCursor = cursorOf(await t.http.get('/api/orders?limit=1').set(auth(frank.token)).expect(200));
    expect((await t.http.get(`/api/products?cursor=${orderCursor}`)).status).toBe(400);
    expect((await t.http.get(`/api/orders?cursor=${orderCursor}`).set(auth(frank.token)).expect(200)).body).toHaveLength(1);
  });

  it('answers 405 for DELETE on an order', async () => {
    const order = (await t.placeOrder(alice.token, { productId: product.id })).body.order;
    expect((await t.http.delete(`/api/orders/${order.id}`).set(auth(alice.token))).status).toBe(405);
  });
});

describe('the local checkout', () => {
  it('completes the order when Pay is posted, and shows it on the success page', async () => {
    const { order, checkoutUrl } = (await t.placeOrder(alice.token, { productId: product.id })).body;
    const path = new URL(checkoutUrl).pathname;
    const pageRes = await t.http.get(path).expect(200);
    expect(pageRes.text).toContain('45.00 USD');
    const pay = await t.http.post(`${path}/pay`).expect(303);
    expect(pay.headers['location']).toMatch(/^http:\/\/shop\.test\/checkout\/success\?session_id=lcs_/);
    const success = await t.http.get(pay.headers['location']!.replace('http://shop.test', '')).expect(200);
    expect(success.text).toContain('completed');
    const stored = (await t.http.get(`/api/orders/${order.id}`).set(auth(alice.token)).expect(200)).body;
    expect(stored).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(stored.checkoutUrl).toBeUndefined();
    // Paying twice changes nothing.
    await t.http.post(`${path}/pay`).expect(303);
    const again = (await t.http.get(`/api/orders/${order.id}`).set(auth(alice.token))).body;
    expect(again.completedAt).toBe(stored.completedAt);
  });

  it('cancels the order on Cancel and shows it cancelled, with nothing left to pay', async () => {
    const { order, checkoutUrl } = (await t.placeOrder(alice.token, { productId: product.id })).body;
    const path = new URL(checkoutUrl).pathname;
    const cancel = await t.http.post(`${path}/cancel`).expect(303);
    expect(cancel.headers['location']).toBe(`http://shop.test${path}`);
    const page = (await t.http.get(path).expect(200)).text;
    expect(page).toContain('This order is cancelled');
    expect(page).not.toContain('>Pay<');
    expect((await t.http.get(`/api/orders/${order.id}`).set(auth(alice.token))).body.status).toBe('cancelled');
    await t.http.post(`${path}/pay`).expect(303);
    expect((await t.http.get(`/api/orders/${order.id}`).set(auth(alice.token))).body.status).toBe('cancelled');
  });

  it('answers 404 for an unknown checkout session', async () => {
    expect((await t.http.get('/checkout/local/lcs_nope')).status).toBe(404);
    expect((await t.http.get('/checkout/success?session_id=cs_unknown')).status).toBe(404);
  });
});
