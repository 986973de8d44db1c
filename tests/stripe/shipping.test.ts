import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';
import { recordingProxy } from '../support/recording-server.js';
import { STRIPE_MOCK_URL, STRIPE_TEST_ENV } from '../support/stripe-mock.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ADDRESS = { line1: '1 Rue de Rivoli', line2: 'Bât. B', city: 'Paris', postal_code: '75001', state: null, country: 'FR' };
let eventCounter = 0;

/** A shop on stripe-mock (behind a proxy that records what is sent) with two shipping options and a mug. */
async function shop(env: Record<string, string> = {}) {
  const proxy = await recordingProxy(STRIPE_MOCK_URL!);
  const t = await testApp({}, { ...STRIPE_TEST_ENV, STRIPE_API_URL: proxy.url, ...env });
  const admin = await t.adminToken();
  const option = async (body: object) => (await t.http.post('/api/admin/shipping-options').set(auth(admin)).send(body).expect(201)).body as { id: string };
  const standard = await option({ name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE', 'FR'], minDays: 2, maxDays: 4 });
  const express = await option({ name: 'Express', unitAmount: 1500, currency: 'eur', countries: ['DE', 'FR', 'NL'], maxDays: 1 });
  const mug = await t.createProduct(admin, { unitAmount: 2000, currency: 'eur' });
  const customer = await t.register();
  return { t, proxy, admin, customer, standard, express, mug };
}

/** `checkout.session.completed` as Stripe sends it for this order, signed; `session` overrides fields. */
async function completedEvent(t: TestApp, orderId: string, session: Record<string, unknown>) {
  const stored = (await t.storage.orders.byId(orderId))!;
  const ids = stored.shipping!.offered.map((r) => r.optionId);
  const payload = JSON.stringify({
    id: `evt_ship_${++eventCounter}`, object: 'event', type: 'checkout.session.completed',
    data: {
      object: {
        id: stored.checkout!.sessionId, object: 'checkout.session', currency: 'eur', payment_status: 'paid', status: 'complete',
        payment_intent: `pi_ship_${eventCounter}`,
        metadata: { orderId, shippingOptionIds: ids.join(',') },
        shipping_options: ids.map((_, i) => ({ shipping_amount: stored.shipping!.offered[i]!.amount, shipping_rate: `shr_${i}` })),
        customer_details: { email: 'ada@example.com', phone: null },
        ...session,
      },
    },
  });
  const header = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
  return t.http.post('/api/webhook').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload);
}

const picked = (index: number, amount: number) => ({
  shipping_cost: { amount_subtotal: amount, amount_tax: 0, amount_total: amount, shipping_rate: `shr_${index}` },
  collected_information: { business_name: null, individual_name: null, shipping_details: { name: 'Ada Lovelace', address: ADDRESS } },
});

describe.skipIf(!STRIPE_MOCK_URL)('shipping through Stripe Checkout (stripe-mock and signed webhooks)', () => {
  it('asks Checkout for an address in the countries every offered option serves, and offers them cheapest first', async () => {
    const { t, proxy, customer, mug, standard, express } = await shop();
    const res = await t.placeOrder(customer.token, { productId: mug.id });
    expect(res.status).toBe(201);
    const sent = Object.fromEntries(new URLSearchParams(proxy.requests.find((r) => r.path === '/v1/checkout/sessions')!.body));
    expect(sent).toMatchObject({
      'shipping_address_collection[allowed_countries][0]': 'DE',
      'shipping_address_collection[allowed_countries][1]': 'FR',
      'shipping_options[0][shipping_rate_data][display_name]': 'Standard',
      'shipping_options[0][shipping_rate_data][metadata][shippingOptionId]': standard.id,
      'shipping_options[1][shipping_rate_data][display_name]': 'Express',
      'shipping_options[1][shipping_rate_data][fixed_amount][amount]': '1500',
      'metadata[shippingOptionIds]': `${standard.id},${express.id}`,
    });
    expect(sent).not.toHaveProperty('shipping_address_collection[allowed_countries][2]');
  });

  it('with shippingCountry, allows only that country and offers only the options serving it; with a chosen option, only that one', async () => {
    const { t, proxy, customer, mug, express } = await shop();
    expect((await t.placeOrder(customer.token, { productId: mug.id, shippingCountry: 'NL' })).status).toBe(201);
    expect((await t.placeOrder(customer.token, { productId: mug.id, shippingOptionId: express.id })).status).toBe(201);
    const [byCountry, byOption] = proxy.requests.filter((r) => r.path === '/v1/checkout/sessions').map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(byCountry).toMatchObject({ 'shipping_address_collection[allowed_countries][0]': 'NL', 'shipping_options[0][shipping_rate_data][display_name]': 'Express' });
    expect(byCountry).not.toHaveProperty('shipping_options[1][shipping_rate_data][display_name]');
    expect(byOption).toMatchObject({ 'shipping_address_collection[allowed_countries][2]': 'NL', 'shipping_options[0][shipping_rate_data][fixed_amount][amount]': '1500' });
    expect(byOption).not.toHaveProperty('shipping_options[1][shipping_rate_data][display_name]');
  });

  it('a completed session with a promotion-code discount is accepted: the confirmed figures, the option picked and the address are stored; only the owner and admins see the address', async () => {
    const { t, proxy, admin, customer, mug, express } = await shop({ STRIPE_ALLOW_PROMOTION_CODES: 'true' });
    const order = (await t.placeOrder(customer.token, { productId: mug.id })).body.order;
    expect(Object.fromEntries(new URLSearchParams(proxy.requests.find((r) => r.path === '/v1/checkout/sessions')!.body))).toMatchObject({ allow_promotion_codes: 'true' });

    const res = await completedEvent(t, order.id, {
      amount_subtotal: 2000, amount_total: 3000, total_details: { amount_shipping: 1500, amount_discount: 500, amount_tax: 0 }, ...picked(1, 1500),
    });
    expect(res.status).toBe(200);
    const mine = (await t.http.get(`/api/orders/${order.id}`).set(auth(customer.token)).expect(200)).body;
    expect(mine).toMatchObject({
      status: 'completed', subtotalAmount: 2000, shippingAmount: 1500, discountAmount: 500, taxAmount: 0, totalAmount: 3000,
      shippingOption: { id: express.id, name: 'Express', unitAmount: 1500 },
      shippingAddress: { name: 'Ada Lovelace', line1: '1 Rue de Rivoli', line2: 'Bât. B', city: 'Paris', postalCode: '75001', state: null, country: 'FR', phone: null },
    });
    expect((await t.http.get(`/api/admin/orders/${order.id}`).set(auth(admin)).expect(200)).body.shippingAddress.city).toBe('Paris');
    const stranger = await t.register();
    await t.http.get(`/api/orders/${order.id}`).set(auth(stranger.token)).expect(404);
    expect((await t.http.get('/api/orders').set(auth(stranger.token)).expect(200)).body).toEqual([]);
  });

  it('a tampered subtotal is refused: the order stays pending with a payment issue', async () => {
    const { t, customer, mug } = await shop();
    const order = (await t.placeOrder(customer.token, { productId: mug.id })).body.order;
    const res = await completedEvent(t, order.id, {
      amount_subtotal: 1000, amount_total: 1495, total_details: { amount_shipping: 495, amount_discount: 0, amount_tax: 0 }, ...picked(0, 495),
    });
    expect(res.status).toBe(200);
    const stored = (await t.http.get(`/api/orders/${order.id}`).set(auth(customer.token)).expect(200)).body;
    expect(stored).toMatchObject({ status: 'pending', shippingAddress: null, paymentIssue: expect.stringMatching(/subtotal of 10.00 EUR, not the order's 20.00 EUR/) });
  });

  it('shipping charged at another price than the option picked, or an address outside its countries, is a payment issue, never shipped', async () => {
    const { t, customer, mug } = await shop();
    const cheap = (await t.placeOrder(customer.token, { productId: mug.id })).body.order;
    expect((await completedEvent(t, cheap.id, {
      amount_subtotal: 2000, amount_total: 2100, total_details: { amount_shipping: 100, amount_discount: 0, amount_tax: 0 }, ...picked(0, 100),
    })).status).toBe(200);
    expect((await t.storage.orders.byId(cheap.id))).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/not the 4.95 EUR of Standard/) });

    const abroad = (await t.placeOrder(customer.token, { productId: mug.id })).body.order;
    expect((await completedEvent(t, abroad.id, {
      amount_subtotal: 2000, amount_total: 2495, total_details: { amount_shipping: 495, amount_discount: 0, amount_tax: 0 },
      ...picked(0, 495), collected_information: { shipping_details: { name: 'Ada', address: { ...ADDRESS, country: 'NL' } } },
    })).status).toBe(200);
    expect((await t.storage.orders.byId(abroad.id))).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/address in NL, which Standard does not serve/) });
  });
});
