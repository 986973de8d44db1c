import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ExpireAbandonedOrders } from '../../src/application/upkeep/expire-abandoned-orders.js';
import type { PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import { ReleaseStrandedStock } from '../../src/application/upkeep/release-stranded-stock.js';
import { MAX_PAGE_SIZE } from '../../src/application/shared/pagination.js';
import { PaymentProviderFailed } from '../../src/domain/errors.js';
import { type TestApp, testApp } from '../support/app.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function shop(app?: TestApp) {
  const t = app ?? (await testApp());
  const admin = await t.adminToken();
  const customer = (await t.register()).token;
  const stockOf = async (id: string) => {
    const all = (await t.http.get(`/api/admin/products?status=all&limit=${MAX_PAGE_SIZE}`).set(auth(admin)).expect(200)).body;
    return all.find((p: { id: string }) => p.id === id)?.stock as number | null;
  };
  return { t, admin, customer, stockOf };
}

describe('ordering tracked stock', () => {
  it('reserves the quantities, flips inStock at zero, and answers 409 OUT_OF_STOCK naming the product and what is left', async () => {
    const { t, admin, customer, stockOf } = await shop();
    const { id } = await t.createProduct(admin, { stock: 3 });
    expect((await t.placeOrder(customer, { items: [{ productId: id, quantity: 2 }] })).status).toBe(201);
    expect(await stockOf(id)).toBe(1);
    expect((await t.http.get(`/api/products/${id}`)).body.inStock).toBe(true);

    const refused = await t.placeOrder(customer, { items: [{ productId: id, quantity: 2 }] });
    expect(refused.status).toBe(409);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'OUT_OF_STOCK', status: 409, productId: id, available: 1 });
    expect(refused.body).not.toHaveProperty('stock');

    expect((await t.placeOrder(customer, { productId: id })).status).toBe(201);
    expect(await stockOf(id)).toBe(0);
    expect((await t.http.get(`/api/products/${id}`)).body.inStock).toBe(false);
    const listed = (await t.http.get(`/api/products?limit=${MAX_PAGE_SIZE}`)).body.find((p: { id: string }) => p.id === id);
    expect(listed).toMatchObject({ inStock: false });
    expect(listed).not.toHaveProperty('stock');
    // Only the refused attempts left no order behind.
    expect((await t.http.get('/api/orders').set(auth(customer))).body).toHaveLength(2);
  });

  it('reserves all lines or none: one short line leaves every other line untouched', async () => {
    const { t, admin, customer, stockOf } = await shop();
    const plenty = (await t.createProduct(admin, { stock: 50 })).id;
    const untracked = (await t.createProduct(admin)).id;
    const scarce = (await t.createProduct(admin, { stock: 1 })).id;
    const res = await t.placeOrder(customer, {
      items: [{ productId: plenty, quantity: 5 }, { productId: untracked, quantity: 9 }, { productId: scarce, quantity: 2 }],
    });
    expect(res.body).toMatchObject({ code: 'OUT_OF_STOCK', productId: scarce, available: 1 });
    expect([await stockOf(plenty), await stockOf(untracked), await stockOf(scarce)]).toEqual([50, null, 1]);
    expect((await t.http.get('/api/orders').set(auth(customer))).body).toEqual([]);
  });

  it('gives the stock back when the customer cancels at the local checkout, once', async () => {
    const { t, admin, customer, stockOf } = await shop();
    const { id } = await t.createProduct(admin, { stock: 1 });
    const { checkoutUrl } = (await t.placeOrder(customer, { productId: id })).body;
    expect(await stockOf(id)).toBe(0);
    const path = new URL(checkoutUrl).pathname;
    await t.http.post(`${path}/cancel`).expect(303);
    await t.http.post(`${path}/cancel`).expect(303);
    expect(await stockOf(id)).toBe(1);
    expect((await t.http.get(`/api/products/${id}`)).body.inStock).toBe(true);
  });

  it('keeps the stock when the order is paid', async () => {
    const { t, admin, customer, stockOf } = await shop();
    const { id } = await t.createProduct(admin, { stock: 2 });
    const { checkoutUrl } = (await t.placeOrder(customer, { productId: id })).body;
    await t.http.post(`${new URL(checkoutUrl).pathname}/pay`).expect(303);
    expect(await stockOf(id)).toBe(1);
  });

  it('gives the stock back when the payment provider cannot start a checkout', async () => {
    const failing: PaymentGateway = {
      name: 'failing', startCheckout: () => Promise.reject(new PaymentProviderFailed('no')), retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
    };
    const { t, admin, customer, stockOf } = await shop(await testApp({ payments: failing }));
    const { id } = await t.createProduct(admin, { stock: 1 });
    expect((await t.placeOrder(customer, { productId: id })).status).toBe(502);
    expect(await stockOf(id)).toBe(1);
  });

  it('an admin PATCH of stock sets what is available now; reservations already made stay made', async () => {
    const { t, admin, customer, stockOf } = await shop();
    const { id } = await t.createProduct(admin, { stock: 5 });
    const { checkoutUrl } = (await t.placeOrder(customer, { items: [{ productId: id, quantity: 2 }] })).body;
    await t.http.patch(`/api/products/${id}`).set(auth(admin)).send({ stock: 10 }).expect(200);
    await t.http.post(`${new URL(checkoutUrl).pathname}/cancel`).expect(303);
    expect(await stockOf(id)).toBe(12);
  });
});

describe('stock of orders that end without the customer', () => {
  function clock(start = Date.parse('2026-11-27T10:00:00Z')) {
    let now = start;
    return { now: () => new Date(now), advance: (ms: number) => { now += ms; } };
  }

  it('is given back when the abandoned-order sweep expires an order that never got a checkout', async () => {
    const time = clock();
    // The order is saved, then the checkout is asked for, which never answers (the process "dies" there).
    let checkoutAsked!: () => void;
    const asked = new Promise<void>((resolve) => { checkoutAsked = resolve; });
    const payments: PaymentGateway = {
      name: 'dies', startCheckout: () => { checkoutAsked(); return new Promise<never>(() => {}); }, retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
    };
    // Access tokens that outlive the 16 minutes the clock moves on.
    const { t, admin, customer, stockOf } = await shop(await testApp({ payments, clock: time }, { JWT_EXPIRES_IN: '1h' }));
    const { id } = await t.createProduct(admin, { stock: 4 });
    void t.placeOrder(customer, { items: [{ productId: id, quantity: 3 }] }).then(() => undefined, () => undefined);
    await asked;
    expect(await stockOf(id)).toBe(1);
    time.advance(16 * 60_000);
    expect(await t.container.resolve(ExpireAbandonedOrders).execute(15 * 60_000)).toBe(1);
    expect(await stockOf(id)).toBe(4);
  });

  it('is given back once on a signed checkout.session.expired webhook, however often it is delivered', async () => {
    let n = 0;
    const payments: PaymentGateway = {
      name: 'stripe',
      startCheckout: async () => ({ sessionId: `cs_test_stock_${++n}`, url: `https://checkout.stripe.test/c/pay/cs_test_stock_${n}` }),
      retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
    };
    const { t, admin, customer, stockOf } = await shop(await testApp({ payments }, STRIPE_TEST_ENV));
    const { id } = await t.createProduct(admin, { stock: 2, unitAmount: 2500, currency: 'eur' });
    const { order } = (await t.placeOrder(customer, { items: [{ productId: id, quantity: 2 }] })).body;
    expect(await stockOf(id)).toBe(0);
    const stripe = new Stripe('sk_test_123');
    const deliver = (eventId: string) => {
      const raw = JSON.stringify({
        id: eventId, object: 'event', type: 'checkout.session.expired', created: Math.floor(Date.now() / 1000),
        data: { object: { id: order.checkoutUrl.split('/').pop(), object: 'checkout.session', metadata: { orderId: order.id }, status: 'expired', payment_status: 'unpaid' } },
      });
      const header = stripe.webhooks.generateTestHeaderString({ payload: raw, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
      return t.http.post('/api/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(raw);
    };
    const results = await Promise.all([deliver('evt_stock_1'), deliver('evt_stock_1'), deliver('evt_stock_2'), deliver('evt_stock_3')]);
    expect(results.map((r) => r.status).filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(await stockOf(id)).toBe(2);
    expect((await t.http.get(`/api/orders/${order.id}`).set(auth(customer))).body.status).toBe('expired');
  });

  it('is repaired by the stranded-stock sweep when a crash left an ended order holding it', async () => {
    const time = clock();
    const { t, admin, customer, stockOf } = await shop(await testApp({ clock: time }));
    const { id } = await t.createProduct(admin, { stock: 3 });
    const { order } = (await t.placeOrder(customer, { productId: id })).body;
    const kept = (await t.placeOrder(customer, { productId: id })).body;
    await t.http.post(`${new URL(kept.checkoutUrl).pathname}/pay`).expect(303);
    // The process "dies" between the transition and the release: the order ended, the stock is still held.
    const stored = (await t.storage.orders.byId(order.id))!;
    await t.storage.orders.transition(order.id, 'pending', { ...stored, status: 'expired', updatedAt: time.now() }, []);
    // A reservation whose order was never saved (a crash between reserve and save).
    await t.storage.stock.reserve('65f0000000000000000000ee', [{ productId: id, quantity: 1 }], time.now());
    expect(await stockOf(id)).toBe(0);

    const sweep = t.container.resolve(ReleaseStrandedStock);
    expect(await sweep.execute(10 * 60_000)).toBe(0); // too young: their requests may still be running
    time.advance(11 * 60_000);
    expect(await sweep.execute(10 * 60_000)).toBe(2);
    expect(await stockOf(id)).toBe(2); // the paid order keeps its unit
    expect(await sweep.execute(10 * 60_000)).toBe(0);
    expect(await t.storage.stock.release(kept.order.id, time.now())).toBe(true); // a refund with restock still can
    expect(await stockOf(id)).toBe(3);
  });
});
