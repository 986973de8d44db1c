import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';
import { STRIPE_MOCK_URL, STRIPE_TEST_ENV } from '../support/stripe-mock.js';

describe.skipIf(!STRIPE_MOCK_URL)('orders paid through Stripe (stripe-mock)', () => {
  it('returns a Stripe checkoutUrl, and a signed checkout.session.completed completes the order once', async () => {
    const t = await testApp({}, { ...STRIPE_TEST_ENV, STRIPE_API_URL: STRIPE_MOCK_URL! });
    expect(t.payments.name).toBe('stripe');
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken(), { unitAmount: 1999 });

    const created = await t.placeOrder(token, { productId: product.id, quantity: 3 });
    expect(created.status).toBe(201);
    expect(created.body.checkoutUrl).toMatch(/^https:\/\//);
    const order = created.body.order;

    const payload = JSON.stringify({
      id: 'evt_e2e_1',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: { id: 'cs_test_e2e', object: 'checkout.session', metadata: { orderId: order.id }, amount_total: 5997, currency: 'usd', payment_status: 'paid', status: 'complete' } },
    });
    const header = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
    const send = () => t.http.post('/api/webhook').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload);

    expect((await send()).status).toBe(200);
    const get = () => t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`);
    const completed = (await get()).body;
    expect(completed.status).toBe('completed');
    expect((await send()).status).toBe(200);
    expect((await get()).body.updatedAt).toBe(completed.updatedAt);
  });
});
