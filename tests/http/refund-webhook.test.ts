import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { type TestApp, testApp } from '../support/app.js';
import { type FakePayments, fakePayments } from '../support/builders.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';

const stripe = new Stripe('sk_test_123');
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

let t: TestApp;
let payments: FakePayments;
let logs: { level: number; msg: string; orderId?: string; refundId?: string; reason?: string }[];
let admin: string;
let customer: { token: string };
let productId: string;

beforeEach(async () => {
  logs = [];
  payments = fakePayments();
  const logger = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => { logs.push(JSON.parse(line)); } } });
  t = await testApp({ payments }, STRIPE_TEST_ENV, logger);
  admin = await t.adminToken();
  customer = await t.register();
  productId = (await t.createProduct(admin, { unitAmount: 2500, currency: 'eur', stock: 10 })).id;
});

let counter = 0;
const event = (type: string, object: Record<string, unknown>) =>
  ({ id: `evt_refund_${++counter}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });

/** Signed exactly as Stripe signs, over the bytes sent. */
function deliver(payload: unknown) {
  const raw = JSON.stringify(payload);
  const header = stripe.webhooks.generateTestHeaderString({ payload: raw, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
  return t.http.post('/api/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(raw);
}

/** An order of 3 units, paid through Stripe's webhook with payment intent `pi_<orderId>`. */
async function paidOrder(): Promise<string> {
  const placed = await t.placeOrder(customer.token, { productId, quantity: 3 });
  expect(placed.status).toBe(201);
  const order = placed.body.order as { id: string };
  await deliver(event('checkout.session.completed', {
    id: `cs_fake_${order.id}`, object: 'checkout.session', metadata: { orderId: order.id }, client_reference_id: order.id,
    amount_total: 7500, currency: 'eur', payment_status: 'paid', status: 'complete', payment_intent: `pi_${order.id}`,
  })).expect(200);
  return order.id;
}

const stored = async (id: string) => (await t.storage.orders.byId(id))!;
const stock = async () => (await t.storage.products.byId(productId))!.stock;
const refundObject = (orderId: string, status: string, fields: Record<string, unknown> = {}) => ({
  id: `re_fake_${orderId}`, object: 'refund', amount: 7500, currency: 'eur', payment_intent: `pi_${orderId}`,
  metadata: { orderId }, status, failure_reason: null, ...fields,
});
const chargeRefunded = (orderId: string, refunds: unknown[] = []) => event('charge.refunded', {
  id: `ch_${orderId}`, object: 'charge', amount: 7500, amount_refunded: 7500, refunded: true, payment_intent: `pi_${orderId}`,
  metadata: {}, refunds: { object: 'list', data: refunds },
});

async function askRefund(orderId: string, restock: boolean) {
  payments.onRefund({ outcome: 'pending', failureReason: null });
  await t.http.post(`/api/admin/orders/${orderId}/refund`).set(auth(admin)).send({ restock }).expect(202);
}

describe('refund webhooks', () => {
  it('stores the payment intent when checkout.session.completed pays the order', async () => {
    const id = await paidOrder();
    expect(await stored(id)).toMatchObject({ status: 'completed', paymentId: `pi_${id}` });
    expect(await stock()).toBe(7);
  });

  it('stores the payment intent when the return page applies the payment (before any webhook)', async () => {
    const order = (await t.placeOrder(customer.token, { productId, quantity: 3 })).body.order as { id: string };
    const sessionId = `cs_fake_${order.id}`;
    payments.report({ sessionId, orderId: order.id, outcome: 'paid', amount: { amount: 7500, currency: 'eur' }, paymentId: 'pi_from_return_page' });
    await t.http.get(`/checkout/success?session_id=${sessionId}`).expect(200);
    expect(await stored(order.id)).toMatchObject({ status: 'completed', paymentId: 'pi_from_return_page' });
    payments.onRefund({ outcome: 'succeeded', failureReason: null });
    await t.http.post(`/api/admin/orders/${order.id}/refund`).set(auth(admin)).send({}).expect(200);
    expect(payments.refunded.map((o) => o.paymentId)).toEqual(['pi_from_return_page']);
  });

  it('charge.refunded completes a pending refund once, giving the stock back as asked', async () => {
    const id = await paidOrder();
    await askRefund(id, true);
    expect(await stock()).toBe(7);
    const payload = chargeRefunded(id, [refundObject(id, 'succeeded')]);
    await deliver(payload).expect(200);
    expect(await stored(id)).toMatchObject({ status: 'refunded', refund: { id: `re_fake_${id}`, status: 'succeeded', restock: true } });
    expect(await stock()).toBe(10);
    await deliver(payload).expect(200); // a redelivery
    await deliver(event('refund.updated', refundObject(id, 'succeeded'))).expect(200); // the other notice of the same refund
    expect(await stock()).toBe(10);
    const mine = await t.http.get(`/api/orders/${id}`).set(auth(customer.token)).expect(200);
    expect(mine.body.status).toBe('refunded');
  });

  it('refund.updated (succeeded) completes a pending refund and keeps the stock sold without restock', async () => {
    const id = await paidOrder();
    await askRefund(id, false);
    await deliver(event('refund.updated', refundObject(id, 'succeeded'))).expect(200);
    expect((await stored(id)).status).toBe('refunded');
    expect(await stock()).toBe(7);
  });

  it('charge.refunded for a refund made in the Stripe Dashboard finds the order by its payment intent', async () => {
    const id = await paidOrder();
    await deliver(chargeRefunded(id)).expect(200);
    expect(await stored(id)).toMatchObject({ status: 'refunded', refund: { restock: false } });
    expect(await stock()).toBe(7);
  });

  it('a partial refund made in the Dashboard changes nothing', async () => {
    const id = await paidOrder();
    const partial = { ...refundObject(id, 'succeeded'), amount: 1000, metadata: {} };
    await deliver(event('refund.updated', partial)).expect(200);
    await deliver({ ...chargeRefunded(id, [partial]), data: { object: { ...chargeRefunded(id).data.object, refunded: false, amount_refunded: 1000 } } }).expect(200);
    expect(await stored(id)).toMatchObject({ status: 'completed', refund: null });
  });

  it('a failed refund (refund.updated, status failed) is recorded on the order and logged at error level', async () => {
    const id = await paidOrder();
    await askRefund(id, true);
    await deliver(event('refund.updated', refundObject(id, 'failed', { failure_reason: 'lost_or_stolen_card' }))).expect(200);
    expect(await stored(id)).toMatchObject({
      status: 'completed',
      refund: { id: `re_fake_${id}`, status: 'failed', restock: true },
      paymentIssue: `Refund re_fake_${id} failed: lost_or_stolen_card`,
    });
    expect(await stock()).toBe(7);
    expect(logs.filter((l) => l.level >= 50)).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/REFUND FAILED/), orderId: id, refundId: `re_fake_${id}`, reason: 'lost_or_stolen_card' }),
    ]);
    const mine = await t.http.get(`/api/orders/${id}`).set(auth(customer.token)).expect(200);
    expect(mine.body).toMatchObject({ status: 'completed', refundStatus: 'failed', paymentIssue: expect.stringContaining('lost_or_stolen_card') });
  });

  it('after a failed refund an admin may ask again', async () => {
    const id = await paidOrder();
    await askRefund(id, false);
    await deliver(event('refund.updated', refundObject(id, 'failed', { failure_reason: 'unknown' }))).expect(200);
    payments.onRefund({ outcome: 'succeeded', failureReason: null });
    await t.http.post(`/api/admin/orders/${id}/refund`).set(auth(admin)).send({}).expect(200);
    expect((await stored(id)).status).toBe('refunded');
  });

  it('acknowledges refund notices for payments we do not know, changing nothing', async () => {
    const id = await paidOrder();
    const foreign = { ...refundObject('x', 'failed'), metadata: {}, payment_intent: 'pi_someone_else' };
    await deliver(event('refund.updated', foreign)).expect(200);
    await deliver(event('refund.updated', refundObject(id, 'pending'))).expect(200);
    expect((await stored(id)).status).toBe('completed');
    expect(logs.some((l) => l.msg === 'webhook for an order we do not have')).toBe(true);
  });

  it('a refund notice for an order that was never paid is rejected loudly, not applied', async () => {
    const placed = (await t.placeOrder(customer.token, { productId })).body.order as { id: string };
    await deliver(event('refund.updated', refundObject(placed.id, 'succeeded'))).expect(200);
    expect((await stored(placed.id)).status).toBe('pending');
    expect(logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/PAYMENT NOT APPLIED/)]);
  });
});
