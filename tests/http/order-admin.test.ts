import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/application/shared/pagination.js';
import { placeOrder as placeOrderIn } from '../../src/domain/order.js';
import { PaymentProviderUnavailable } from '../../src/domain/errors.js';
import { type TestApp, testApp } from '../support/app.js';
import { type FakePayments, fakePayments } from '../support/builders.js';
import { expectMatchesSchema } from '../support/openapi-validate.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
type Customer = Awaited<ReturnType<TestApp['register']>>;
type PlacedOrder = { id: string; checkoutUrl: string };

/** Shared helpers over one app: place, pay (local checkout page) and read orders and stock. */
function helpers(t: () => TestApp) {
  const place = async (token: string, productId: string, quantity = 1): Promise<PlacedOrder> =>
    (await t().placeOrder(token, { productId, quantity }).then((r) => { expect(r.status).toBe(201); return r; })).body.order;
  const payLocally = async (order: PlacedOrder) => {
    await t().http.post(`${new URL(order.checkoutUrl).pathname}/pay`).expect(303);
  };
  const stockOf = async (productId: string) => (await t().storage.products.byId(productId))!.stock;
  const stored = async (orderId: string) => (await t().storage.orders.byId(orderId))!;
  return { place, payLocally, stockOf, stored };
}

describe('with the local checkout', () => {
  let t: TestApp;
  let admin: string;
  let alice: Customer;
  let bob: Customer;
  let productId: string;
  const h = helpers(() => t);

  beforeAll(async () => {
    t = await testApp();
    admin = await t.adminToken();
    alice = await t.register({ name: 'Alice' });
    bob = await t.register({ name: 'Bob' });
    productId = (await t.createProduct(admin, { unitAmount: 1500, stock: 1000 })).id;
  });

  /** The new routes × every caller; each cell gets an order of its own, since cancel and refund change it. */
  describe('authorization matrix', () => {
    type Who = 'anonymous' | 'customerA' | 'customerB' | 'admin';
    const token = (who: Who) => ({ anonymous: null, customerA: alice.token, customerB: bob.token, admin })[who];
    const cells: [string, (order: PlacedOrder) => [method: 'get' | 'post', path: string, body?: object], 'pending' | 'completed', Record<Who, number>][] = [
      ['GET /api/admin/orders', () => ['get', '/api/admin/orders'], 'pending', { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
      ['GET /api/admin/orders/:id', (o) => ['get', `/api/admin/orders/${o.id}`], 'pending', { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
      ['GET /api/admin/orders/:id/events', (o) => ['get', `/api/admin/orders/${o.id}/events`], 'pending', { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
      ['POST /api/orders/:id/cancel', (o) => ['post', `/api/orders/${o.id}/cancel`], 'pending', { anonymous: 401, customerA: 200, customerB: 404, admin: 404 }],
      ['POST /api/admin/orders/:id/refund', (o) => ['post', `/api/admin/orders/${o.id}/refund`, {}], 'completed', { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
    ];
    for (const [name, request, state, expected] of cells) {
      for (const who of ['anonymous', 'customerA', 'customerB', 'admin'] as Who[]) {
        it(`${name} as ${who} → ${expected[who]}`, async () => {
          const order = await h.place(alice.token, productId);
          if (state === 'completed') await h.payLocally(order);
          const [method, path, body] = request(order);
          let req = t.http[method](path);
          const bearer = token(who);
          if (bearer) req = req.set(auth(bearer));
          const res = await (body ? req.send(body) : req);
          expect(res.status).toBe(expected[who]);
          if (expected[who] >= 400) expect((await h.stored(order.id)).status).toBe(state); // a refusal changes nothing
        });
      }
    }

    it('a demoted admin loses the admin routes at once, whatever the token says', async () => {
      const user = await t.storage.users.byEmail('admin@shop.test');
      await t.storage.users.update({ ...user!, role: 'customer' });
      try {
        await t.http.get('/api/admin/orders').set(auth(admin)).expect(403);
      } finally {
        await t.storage.users.update(user!);
      }
    });
  });

  describe('GET /api/admin/orders', () => {
    let fresh: TestApp;
    let ids: { a1: string; b1: string; a2: string };
    let people: { alice: Customer; bob: Customer; admin: string };
    let product: string;

    beforeAll(async () => {
      fresh = await testApp();
      const hh = helpers(() => fresh);
      const adminToken = await fresh.adminToken();
      people = { alice: await fresh.register(), bob: await fresh.register(), admin: adminToken };
      product = (await fresh.createProduct(adminToken)).id;
      const a1 = await hh.place(people.alice.token, product);
      const b1 = await hh.place(people.bob.token, product);
      const a2 = await hh.place(people.alice.token, product);
      await hh.payLocally(b1);
      ids = { a1: a1.id, b1: b1.id, a2: a2.id };
    });

    const list = (query = '') => fresh.http.get(`/api/admin/orders${query}`).set(auth(people.admin));

    it("lists every customer's orders newest first, each with the customer's id and email", async () => {
      const res = await list().expect(200);
      expectMatchesSchema('listAllOrders', 200, res.body);
      expect(res.body.map((o: { id: string }) => o.id)).toEqual([ids.a2, ids.b1, ids.a1]);
      expect(res.body[1]).toMatchObject({
        id: ids.b1, status: 'completed', customer: { id: people.bob.user.id, email: people.bob.email }, paymentId: expect.stringMatching(/^lpi_/),
      });
      expect(res.body[0].customer).toEqual({ id: people.alice.user.id, email: people.alice.email });
    });

    it('filters by status and by customer', async () => {
      expect((await list('?status=completed').expect(200)).body.map((o: { id: string }) => o.id)).toEqual([ids.b1]);
      expect((await list(`?userId=${people.alice.user.id}`).expect(200)).body.map((o: { id: string }) => o.id)).toEqual([ids.a2, ids.a1]);
      expect((await list(`?userId=${people.alice.user.id}&status=completed`).expect(200)).body).toEqual([]);
    });

    it('pages with a Link header that keeps the filters', async () => {
      const first = await list(`?limit=1&userId=${people.alice.user.id}`).expect(200);
      expect(first.body.map((o: { id: string }) => o.id)).toEqual([ids.a2]);
      const next = new URL(/<([^>]+)>; rel="next"/.exec(first.headers['link'] ?? '')![1]!);
      expect(next.searchParams.get('userId')).toBe(people.alice.user.id);
      const second = await fresh.http.get(`${next.pathname}${next.search}`).set(auth(people.admin)).expect(200);
      expect(second.body.map((o: { id: string }) => o.id)).toEqual([ids.a1]);
      expect(second.headers['link']).toBeUndefined();
    });

    it.each([
      ['an unknown status', '?status=lost'],
      ['a malformed customer id', '?userId=abc'],
      ['a customer id given twice', '?userId=65f000000000000000000001&userId=65f000000000000000000002'],
      ['a limit of 0', '?limit=0'],
      [`a limit over ${MAX_PAGE_SIZE}`, `?limit=${MAX_PAGE_SIZE + 1}`],
      ['a forged cursor', '?cursor=bm9wZQ'],
      ['an unknown parameter', '?sort=asc'],
    ])('answers 400 for %s', async (_, query) => {
      const res = await list(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('GET /api/admin/orders/:id shows any order with its customer; unknown and malformed ids are 404', async () => {
      const res = await fresh.http.get(`/api/admin/orders/${ids.a1}`).set(auth(people.admin)).expect(200);
      expectMatchesSchema('getAnyOrder', 200, res.body);
      expect(res.body).toMatchObject({ id: ids.a1, status: 'pending', customer: { id: people.alice.user.id, email: people.alice.email } });
      await fresh.http.get('/api/admin/orders/65f0000000000000000000ff').set(auth(people.admin)).expect(404);
      await fresh.http.get('/api/admin/orders/not-an-id').set(auth(people.admin)).expect(404);
    });

    it("shows a null email for an order whose customer's account is gone", async () => {
      const order = placeOrderIn('65f0000000000000000000aa', '65f0000000000000000000bb', [
        { product: await fresh.storage.products.byId(product), productId: product, quantity: 1 },
      ], new Date());
      await fresh.storage.orders.add(order, []);
      const res = await fresh.http.get(`/api/admin/orders/${order.id}`).set(auth(people.admin)).expect(200);
      expect(res.body.customer).toEqual({ id: '65f0000000000000000000bb', email: null });
    });
  });

  describe('GET /api/admin/orders/:id/events', () => {
    const history = async (orderId: string) => {
      const res = await t.http.get(`/api/admin/orders/${orderId}/events`).set(auth(admin)).expect(200);
      expectMatchesSchema('getOrderHistory', 200, res.body);
      return (res.body as { type: string; from: string | null; to: string; actor: { kind: string; id: string } }[])
        .map((e) => [e.type, e.from, e.to, e.actor.kind, e.actor.id]);
    };

    it('tells each move of an order, oldest first, with who caused it: customer, provider, admin', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({}).expect(200);
      const adminId = (await t.storage.users.byEmail('admin@shop.test'))!.id;
      expect(await history(order.id)).toEqual([
        ['placed', null, 'pending', 'customer', alice.user.id],
        ['paid', 'pending', 'completed', 'provider', 'local-checkout'],
        ['refunded', 'completed', 'refunded', 'admin', adminId],
      ]);
    });

    it('tells a cancellation by its customer, and nothing for a move that changed nothing', async () => {
      const order = await h.place(alice.token, productId);
      await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      expect(await history(order.id)).toEqual([
        ['placed', null, 'pending', 'customer', alice.user.id],
        ['cancelled', 'pending', 'cancelled', 'customer', alice.user.id],
      ]);
    });

    it('answers 404 for an order that does not exist or a malformed id', async () => {
      await t.http.get('/api/admin/orders/65f000000000000000000000/events').set(auth(admin)).expect(404);
      await t.http.get('/api/admin/orders/nope/events').set(auth(admin)).expect(404);
    });
  });

  describe('POST /api/orders/:id/cancel', () => {
    it('cancels a pending order, gives its stock back, and the checkout page can no longer take a payment', async () => {
      const before = await h.stockOf(productId);
      const order = await h.place(alice.token, productId, 3);
      expect(await h.stockOf(productId)).toBe(before! - 3);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      expectMatchesSchema('cancelOrder', 200, res.body);
      expect(res.body).toMatchObject({ id: order.id, status: 'cancelled' });
      expect(res.body.checkoutUrl).toBeUndefined();
      expect(await h.stockOf(productId)).toBe(before);
      expect((await t.http.get(new URL(order.checkoutUrl).pathname).expect(200)).text).toContain('This order is cancelled');
      await h.payLocally(order);
      expect((await h.stored(order.id)).status).toBe('cancelled');
    });

    it('answers a second cancel with the cancelled order, giving nothing back twice', async () => {
      const before = await h.stockOf(productId);
      const order = await h.place(alice.token, productId, 2);
      await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      const again = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      expect(again.body.status).toBe('cancelled');
      expect(await h.stockOf(productId)).toBe(before);
    });

    it('answers 409 ORDER_NOT_CANCELLABLE for a completed order and keeps its stock taken', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      const stock = await h.stockOf(productId);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(409);
      expectMatchesSchema('cancelOrder', 409, res.body);
      expect(res.body).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', status: 409 });
      expect((await h.stored(order.id)).status).toBe('completed');
      expect(await h.stockOf(productId)).toBe(stock);
    });

    it.each(['failed', 'expired', 'refunded'] as const)('answers 409 for a %s order', async (status) => {
      const order = await h.place(alice.token, productId);
      const current = await h.stored(order.id);
      await t.storage.orders.transition(order.id, 'pending', { ...current, status: status === 'refunded' ? 'completed' : status }, []);
      if (status === 'refunded') await t.storage.orders.transition(order.id, 'completed', { ...current, status }, []);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(409);
      expect(res.body.code).toBe('ORDER_NOT_CANCELLABLE');
      expect((await h.stored(order.id)).status).toBe(status);
    });

    it("answers 404 for someone else's order, an unknown id and a malformed id", async () => {
      const order = await h.place(alice.token, productId);
      await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(bob.token)).expect(404);
      await t.http.post('/api/orders/65f0000000000000000000ff/cancel').set(auth(alice.token)).expect(404);
      await t.http.post('/api/orders/nope/cancel').set(auth(alice.token)).expect(404);
      expect((await h.stored(order.id)).status).toBe('pending');
    });

    it('cancels a pending order that never got a checkout, without asking the provider', async () => {
      const product = (await t.storage.products.byId(productId))!;
      const order = placeOrderIn('65f0000000000000000000a1', alice.user.id, [{ product, productId, quantity: 1 }], new Date());
      await t.storage.orders.add(order, []);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      expect(res.body.status).toBe('cancelled');
    });

    it('refuses unknown body fields with 400, like every other endpoint, and cancels nothing', async () => {
      const order = await h.place(alice.token, productId);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).send({ reason: 'changed my mind' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '#/', detail: 'Unknown field(s): reason.' }] });
      expect((await h.stored(order.id)).status).toBe('pending');
      const array = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).send([]).expect(400);
      expect(array.body.code).toBe('VALIDATION_FAILED');
      await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).send({}).expect(200);
    });

    it('refuses an empty Idempotency-Key header with 400 instead of ignoring it', async () => {
      const order = await h.place(alice.token, productId);
      const res = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).set('Idempotency-Key', '').expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '#/headers/Idempotency-Key', detail: expect.any(String) }] });
      expect((await h.stored(order.id)).status).toBe('pending');
    });

    it('replays the first answer for a retried Idempotency-Key', async () => {
      const order = await h.place(alice.token, productId);
      const first = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).set('Idempotency-Key', `cancel-${order.id}`).expect(200);
      const retry = await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).set('Idempotency-Key', `cancel-${order.id}`).expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
    });
  });

  describe('POST /api/admin/orders/:id/refund', () => {
    const refund = (orderId: string, body: object | string = {}) =>
      t.http.post(`/api/admin/orders/${orderId}/refund`).set(auth(admin)).set('Content-Type', 'application/json').send(body);

    it('refunds a completed order at once; the stock stays sold without restock', async () => {
      const order = await h.place(alice.token, productId, 2);
      await h.payLocally(order);
      const stock = await h.stockOf(productId);
      const res = await refund(order.id).expect(200);
      expectMatchesSchema('refundOrder', 200, res.body);
      expect(res.body).toMatchObject({ id: order.id, status: 'refunded', refundStatus: 'succeeded' });
      expect(await h.stockOf(productId)).toBe(stock);
      const mine = await t.http.get(`/api/orders/${order.id}`).set(auth(alice.token)).expect(200);
      expect(mine.body.status).toBe('refunded');
      const asAdmin = await t.http.get(`/api/admin/orders/${order.id}`).set(auth(admin)).expect(200);
      expect(asAdmin.body.refund).toEqual({ id: expect.stringMatching(/^lre_/), status: 'succeeded', restock: false });
    });

    it('gives the stock back with restock: true, once', async () => {
      const before = await h.stockOf(productId);
      const order = await h.place(alice.token, productId, 4);
      await h.payLocally(order);
      expect(await h.stockOf(productId)).toBe(before! - 4);
      await refund(order.id, { restock: true }).expect(200);
      expect(await h.stockOf(productId)).toBe(before);
      await refund(order.id, { restock: true }).expect(409);
      expect(await h.stockOf(productId)).toBe(before);
    });

    it('answers a second refund with 409 ORDER_NOT_REFUNDABLE', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      await refund(order.id).expect(200);
      const res = await refund(order.id).expect(409);
      expect(res.body).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE' });
    });

    it.each(['pending', 'cancelled'] as const)('answers 409 for a %s order and changes nothing', async (status) => {
      const order = await h.place(alice.token, productId);
      if (status === 'cancelled') await t.http.post(`/api/orders/${order.id}/cancel`).set(auth(alice.token)).expect(200);
      const stock = await h.stockOf(productId);
      const res = await refund(order.id, { restock: true }).expect(409);
      expect(res.body.code).toBe('ORDER_NOT_REFUNDABLE');
      expect((await h.stored(order.id)).status).toBe(status);
      expect(await h.stockOf(productId)).toBe(stock);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      await refund('65f0000000000000000000ff').expect(404);
      await refund('nope').expect(404);
    });

    it.each([
      ['restock that is not a boolean', { restock: 'yes' }],
      ['an unknown field', { amount: 100 }],
      ['a JSON array', [true]],
    ])('answers 400 for %s, changing nothing', async (_, body) => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      const res = await refund(order.id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((await h.stored(order.id)).status).toBe('completed');
    });

    it('takes a request without a body as restock: false', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).expect(200);
      expect((await h.stored(order.id)).refund).toMatchObject({ status: 'succeeded', restock: false });
    });

    it('answers 400 for malformed JSON and 415 for a form body', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      await refund(order.id, '{"restock":').expect(400);
      await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).type('form').send('restock=true').expect(415);
      expect((await h.stored(order.id)).status).toBe('completed');
    });

    it('replays the first answer for a retried Idempotency-Key instead of answering 409', async () => {
      const order = await h.place(alice.token, productId);
      await h.payLocally(order);
      const send = () => refund(order.id).set('Idempotency-Key', `refund-${order.id}`);
      const first = await send().expect(200);
      const retry = await send().expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
    });
  });
});

describe('with a provider that answers later (Stripe-like)', () => {
  let t: TestApp;
  let payments: FakePayments;
  let admin: string;
  let alice: Customer;
  let productId: string;
  const h = helpers(() => t);

  beforeEach(async () => {
    payments = fakePayments();
    t = await testApp({ payments });
    admin = await t.adminToken();
    alice = await t.register();
    productId = (await t.createProduct(admin, { unitAmount: 1500, stock: 10 })).id;
  });

  const cancel = (id: string) => t.http.post(`/api/orders/${id}/cancel`).set(auth(alice.token));
  const pay = async (orderId: string) => {
    const order = await h.stored(orderId);
    await t.storage.orders.transition(orderId, 'pending', { ...order, status: 'completed', completedAt: new Date(), paymentId: `pi_${orderId}` }, []);
  };

  it('closes the checkout before cancelling', async () => {
    const order = await h.place(alice.token, productId, 3);
    await cancel(order.id).expect(200);
    expect(payments.cancelled).toEqual([`cs_fake_${order.id}`]);
    expect(await h.stockOf(productId)).toBe(10);
  });

  it('applies a payment the provider reports while cancelling, and answers 409', async () => {
    const order = await h.place(alice.token, productId, 3);
    payments.onCancel({ orderId: order.id, outcome: 'paid', amount: { amount: 4500, currency: 'usd' }, paymentId: 'pi_paid_meanwhile' });
    const res = await cancel(order.id).expect(409);
    expect(res.body.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(await h.stored(order.id)).toMatchObject({ status: 'completed', paymentId: 'pi_paid_meanwhile' });
    expect(await h.stockOf(productId)).toBe(7);
  });

  it('refuses to cancel while a delayed payment is under way', async () => {
    const order = await h.place(alice.token, productId, 3);
    payments.onCancel({ orderId: order.id, outcome: 'awaiting-payment', amount: null });
    expect((await cancel(order.id).expect(409)).body.code).toBe('ORDER_NOT_CANCELLABLE');
    expect((await h.stored(order.id)).status).toBe('pending');
    expect(await h.stockOf(productId)).toBe(7);
  });

  it('a payment that lands while the checkout is being closed wins: 409, order completed, stock kept', async () => {
    const order = await h.place(alice.token, productId, 3);
    const close = payments.cancelCheckout.bind(payments);
    payments.cancelCheckout = async (sessionId) => {
      await pay(order.id); // the webhook of a payment made just before the session closed
      return close(sessionId);
    };
    expect((await cancel(order.id).expect(409)).body.code).toBe('ORDER_NOT_CANCELLABLE');
    expect((await h.stored(order.id)).status).toBe('completed');
    expect(await h.stockOf(productId)).toBe(7);
  });

  it('leaves the order and its stock as they were when the provider is unavailable', async () => {
    const order = await h.place(alice.token, productId, 3);
    const before = await h.stored(order.id);
    payments.onCancel(new PaymentProviderUnavailable('down'));
    expect((await cancel(order.id).expect(503)).body.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(await h.stored(order.id)).toEqual(before);
    expect(await h.stockOf(productId)).toBe(7);
  });

  it('answers 202 for a refund the provider finishes later, and 409 to another meanwhile', async () => {
    const order = await h.place(alice.token, productId, 3);
    await pay(order.id);
    payments.onRefund({ outcome: 'pending', failureReason: null });
    const res = await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({ restock: true }).expect(202);
    expectMatchesSchema('refundOrder', 202, res.body);
    expect(res.body).toMatchObject({ status: 'completed', refundStatus: 'pending' });
    expect(payments.refunded.map((o) => o.paymentId)).toEqual([`pi_${order.id}`]);
    expect(await h.stored(order.id)).toMatchObject({ refund: { id: `re_fake_${order.id}`, status: 'pending', restock: true } });
    expect(await h.stockOf(productId)).toBe(7);
    expect((await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({}).expect(409)).body.code).toBe('ORDER_NOT_REFUNDABLE');
  });

  it('records a refund the provider reports as failed, answers 502 REFUND_FAILED, and keeps the order completed', async () => {
    const order = await h.place(alice.token, productId, 3);
    await pay(order.id);
    payments.onRefund({ outcome: 'failed', failureReason: 'expired_or_canceled_card' });
    const res = await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({ restock: true }).expect(502);
    expectMatchesSchema('refundOrder', 502, res.body);
    expect(res.body.code).toBe('REFUND_FAILED');
    expect(await h.stored(order.id)).toMatchObject({
      status: 'completed', refund: { status: 'failed' }, paymentIssue: expect.stringContaining('expired_or_canceled_card'),
    });
    expect(await h.stockOf(productId)).toBe(7);
  });

  it('answers 502 and changes nothing when the provider replays a failed refund instead of making a new one', async () => {
    const order = await h.place(alice.token, productId, 3);
    await pay(order.id);
    payments.onRefund({ outcome: 'failed', failureReason: 'expired_or_canceled_card', refundId: 're_replayed' });
    await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({}).expect(502);
    const before = await h.stored(order.id);
    payments.onRefund({ outcome: 'pending', failureReason: null, refundId: 're_replayed' });
    expect((await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({}).expect(502)).body.code).toBe('REFUND_FAILED');
    expect(await h.stored(order.id)).toEqual(before);
  });

  it('leaves the order and stock exactly as they were when the refund call fails', async () => {
    const order = await h.place(alice.token, productId, 3);
    await pay(order.id);
    const before = await h.stored(order.id);
    payments.onRefund(new PaymentProviderUnavailable('down'));
    await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({ restock: true }).expect(503);
    expect(await h.stored(order.id)).toEqual(before);
    expect(await h.stockOf(productId)).toBe(7);
  });
});
