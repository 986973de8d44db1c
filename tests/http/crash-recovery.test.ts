import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ExpireAbandonedOrders } from '../../src/application/upkeep/expire-abandoned-orders.js';
import type { PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import { testApp } from '../support/app.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

/** Failpoints in the order flow: the process "dies" at a step, so nothing after it runs. */
const died = () => new Promise<never>(() => {});

/** A failpoint that also tells the test the flow got there (a barrier, not a sleep). */
function failpoint() {
  let reached!: () => void;
  const hit = new Promise<void>((resolve) => { reached = resolve; });
  return { hit, die: () => { reached(); return died(); } };
}

function clock(start = Date.parse('2026-11-27T10:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => { now += ms; } };
}

describe('a crash between the steps of placing an order', () => {
  it('(a) after the order is saved, before the checkout exists: the sweep expires the order', async () => {
    const time = clock();
    const checkout = failpoint();
    const payments: PaymentGateway = { name: 'dies', startCheckout: checkout.die, retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund };
    const t = await testApp({ payments, clock: time }, { JWT_EXPIRES_IN: '1h' }); // tokens outlive the 16 minutes the clock moves on
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken());
    void t.placeOrder(token, { productId: product.id }).then(() => undefined, () => undefined);
    await checkout.hit;

    const [order] = (await t.http.get('/api/orders').set('Authorization', `Bearer ${token}`)).body;
    expect(order).toMatchObject({ status: 'pending' });
    expect(order.checkoutUrl).toBeUndefined();

    const sweep = t.container.resolve(ExpireAbandonedOrders);
    expect(await sweep.execute(15 * 60_000)).toBe(0); // too young: its request may still be running
    time.advance(16 * 60_000);
    expect(await sweep.execute(15 * 60_000)).toBe(1);
    const after = (await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`)).body;
    expect(after.status).toBe('expired');
  });

  it('(b) after the session is created, before its id is saved: the webhook still finds the order by metadata', async () => {
    const payments: PaymentGateway = {
      name: 'stripe',
      startCheckout: async ({ order }) => ({ sessionId: `cs_test_${order.id}`, url: `https://checkout.stripe.test/${order.id}` }),
      retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
    };
    const t = await testApp({ payments }, STRIPE_TEST_ENV);
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken(), { unitAmount: 700 });
    const attach = failpoint();
    t.storage.orders.attachCheckout = attach.die;
    void t.placeOrder(token, { productId: product.id }).then(() => undefined, () => undefined);
    await attach.hit;
    const [order] = (await t.http.get('/api/orders').set('Authorization', `Bearer ${token}`)).body;
    expect(order.checkoutUrl).toBeUndefined();

    const payload = JSON.stringify({
      id: 'evt_crash_b', object: 'event', type: 'checkout.session.completed',
      data: { object: { id: `cs_test_${order.id}`, object: 'checkout.session', metadata: { orderId: order.id }, client_reference_id: order.id, amount_total: 700, currency: 'usd', payment_status: 'paid', status: 'complete' } },
    });
    const header = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
    await t.http.post('/api/webhook').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload).expect(200);
    const after = (await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`)).body;
    expect(after.status).toBe('completed');
  });
});
