import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  STRIPE_API_VERSION,
  StripePaymentGateway,
  type StripeGatewayOptions,
  checkoutIdempotencyKey,
} from '../../src/adapters/stripe/gateway.js';
import { PaymentProviderFailed, PaymentProviderUnavailable } from '../../src/domain/errors.js';
import { type Order, placeOrder } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
// Required in CI; elsewhere the stripe-mock tests skip (the fault tests still run).
import { STRIPE_MOCK_URL } from '../support/stripe-mock.js';
import { json, recordingProxy, recordingServer } from '../support/recording-server.js';

const APP_URL = 'http://localhost:3000';
const T0 = new Date('2026-01-10T12:00:00Z');

function product(id: string, name: string, amount: number): Product {
  return { id, name, description: '', category: null, price: { amount, currency: 'eur' }, active: true, stock: null, imageUrl: null, shippable: true, createdAt: T0 };
}

const order: Order = placeOrder(
  '65a000000000000000000001',
  'user-1',
  [
    { product: product('65a0000000000000000000aa', 'Café ☕ mug', 1250), productId: '65a0000000000000000000aa', quantity: 2 },
    { product: product('65a0000000000000000000bb', 'Tea & biscuits', 399), productId: '65a0000000000000000000bb', quantity: 1 },
  ],
  T0,
);

function gateway(apiUrl: string, options: Partial<StripeGatewayOptions> = {}): StripePaymentGateway {
  return new StripePaymentGateway({
    secretKey: 'sk_test_123',
    apiUrl,
    successUrl: `${APP_URL}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${APP_URL}/checkout/cancel`,
    ...options,
  });
}

/** Expected form parameters, exactly as stripe-node encodes them. */
const expectedParams = {
  mode: 'payment',
  'line_items[0][price_data][currency]': 'eur',
  'line_items[0][price_data][unit_amount]': '1250',
  'line_items[0][price_data][product_data][name]': 'Café ☕ mug',
  'line_items[0][quantity]': '2',
  'line_items[1][price_data][currency]': 'eur',
  'line_items[1][price_data][unit_amount]': '399',
  'line_items[1][price_data][product_data][name]': 'Tea & biscuits',
  'line_items[1][quantity]': '1',
  client_reference_id: order.id,
  'metadata[orderId]': order.id,
  customer_email: 'ada@example.com',
  success_url: `${APP_URL}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
  cancel_url: `${APP_URL}/checkout/cancel?order_id=${order.id}`,
};

it('pins the API version the installed stripe-node declares', () => {
  expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
});

it('says what the composition needs: the provider\'s pages, money moved, outcomes to reconcile', () => {
  expect(gateway('http://127.0.0.1:1')).toMatchObject({
    description: 'Stripe Checkout', servesCheckoutPages: false, movesMoney: true, reconcilable: true,
  });
});

describe.skipIf(!STRIPE_MOCK_URL)('StripePaymentGateway against stripe-mock', () => {
  const mockUrl = STRIPE_MOCK_URL ?? '';

  it('creates a session that passes stripe-mock validation, with exactly our parameters', async () => {
    const proxy = await recordingProxy(mockUrl);
    const checkout = await gateway(proxy.url).startCheckout({ order, customerEmail: 'ada@example.com' });

    expect(checkout.sessionId).toMatch(/^cs_/);
    expect(checkout.url).toMatch(/^https:\/\//);
    expect(proxy.requests).toHaveLength(1);
    const [sent] = proxy.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    expect(sent!.headers['idempotency-key']).toBe(`checkout-session:${order.id}`);
    expect(sent!.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(Object.fromEntries(new URLSearchParams(sent!.body))).toEqual(expectedParams);
  });

  it("sends a product's picture as product_data.images, which stripe-mock accepts", async () => {
    const proxy = await recordingProxy(mockUrl);
    const pictured = placeOrder(
      '65a000000000000000000002',
      'user-1',
      [{ product: { ...product('65a0000000000000000000cc', 'Lamp', 4000), imageUrl: 'https://img.example/lamp.png?v=2' }, productId: '65a0000000000000000000cc', quantity: 1 }],
      T0,
    );
    const checkout = await gateway(proxy.url).startCheckout({ order: pictured, customerEmail: 'ada@example.com' });
    expect(checkout.sessionId).toMatch(/^cs_/);
    const sent = Object.fromEntries(new URLSearchParams(proxy.requests[0]!.body));
    expect(sent).toMatchObject({
      'line_items[0][price_data][product_data][name]': 'Lamp',
      'line_items[0][price_data][product_data][images][0]': 'https://img.example/lamp.png?v=2',
    });
    // Products without a picture send no images parameter at all (see the exact parameters above).
  });

  it('sends the shipping step: allowed countries, each offered option as shipping_rate_data naming ours, which stripe-mock accepts', async () => {
    const proxy = await recordingProxy(mockUrl);
    const options = [
      { id: '65a0000000000000000000e1', name: 'Standard', price: { amount: 495, currency: 'eur' }, countries: ['DE', 'FR', 'NL'], freeOverAmount: null, minDays: 2, maxDays: 4, active: true, createdAt: T0 },
      { id: '65a0000000000000000000e2', name: 'Express', price: { amount: 1500, currency: 'eur' }, countries: ['DE', 'FR'], freeOverAmount: 2000, minDays: null, maxDays: 1, active: true, createdAt: T0 },
    ];
    const shipped = placeOrder('65a000000000000000000003', 'user-1', [{ product: product('65a0000000000000000000dd', 'Lamp', 1500), productId: '65a0000000000000000000dd', quantity: 1 }], T0, { options, request: {} });
    const checkout = await gateway(proxy.url).startCheckout({ order: shipped, customerEmail: 'ada@example.com' });
    expect(checkout.sessionId).toMatch(/^cs_/);
    const sent = Object.fromEntries(new URLSearchParams(proxy.requests[0]!.body));
    expect(sent).toMatchObject({
      'metadata[orderId]': shipped.id,
      'metadata[shippingOptionIds]': '65a0000000000000000000e1,65a0000000000000000000e2',
      'shipping_address_collection[allowed_countries][0]': 'DE',
      'shipping_address_collection[allowed_countries][1]': 'FR',
      'shipping_options[0][shipping_rate_data][type]': 'fixed_amount',
      'shipping_options[0][shipping_rate_data][fixed_amount][amount]': '495',
      'shipping_options[0][shipping_rate_data][fixed_amount][currency]': 'eur',
      'shipping_options[0][shipping_rate_data][display_name]': 'Standard',
      'shipping_options[0][shipping_rate_data][delivery_estimate][minimum][unit]': 'business_day',
      'shipping_options[0][shipping_rate_data][delivery_estimate][minimum][value]': '2',
      'shipping_options[0][shipping_rate_data][delivery_estimate][maximum][value]': '4',
      'shipping_options[0][shipping_rate_data][metadata][shippingOptionId]': '65a0000000000000000000e1',
      'shipping_options[1][shipping_rate_data][fixed_amount][amount]': '1500',
      'shipping_options[1][shipping_rate_data][display_name]': 'Express',
      'shipping_options[1][shipping_rate_data][delivery_estimate][maximum][value]': '1',
      'shipping_options[1][shipping_rate_data][metadata][shippingOptionId]': '65a0000000000000000000e2',
    });
    expect(sent).not.toHaveProperty('shipping_address_collection[allowed_countries][2]');
    expect(sent).not.toHaveProperty('shipping_options[1][shipping_rate_data][delivery_estimate][minimum][value]');
    expect(sent).not.toHaveProperty('allow_promotion_codes');
    expect(sent).not.toHaveProperty('automatic_tax[enabled]');
  });

  it('with the flags on, allows promotion codes and Stripe Tax, prices sent tax-exclusive; stripe-mock accepts it', async () => {
    const proxy = await recordingProxy(mockUrl);
    const checkout = await gateway(proxy.url, { allowPromotionCodes: true, automaticTax: true }).startCheckout({ order, customerEmail: 'ada@example.com' });
    expect(checkout.sessionId).toMatch(/^cs_/);
    const sent = Object.fromEntries(new URLSearchParams(proxy.requests[0]!.body));
    expect(sent).toMatchObject({ allow_promotion_codes: 'true', 'automatic_tax[enabled]': 'true', 'line_items[0][price_data][tax_behavior]': 'exclusive' });
  });

  it('is checked by a validating server: a non-integer amount is refused as PaymentProviderFailed', async () => {
    const broken: Order = { ...order, items: [{ ...order.items[0]!, unitAmount: 12.5 }] };
    const attempt = gateway(mockUrl).startCheckout({ order: broken, customerEmail: 'ada@example.com' });
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderFailed);
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/unit_amount/) } });
  });

  it('maps a retrieved session to a CheckoutReport (stripe-mock answers with a fixture)', async () => {
    const created = await gateway(mockUrl).startCheckout({ order, customerEmail: 'ada@example.com' });
    const report = await gateway(mockUrl).retrieveCheckout(created.sessionId);
    // stripe-mock keeps no state: the fixture has the requested id, empty metadata, no amount, status open, a payment intent id.
    expect(report).toMatchObject({ sessionId: created.sessionId, orderId: null, outcome: 'unpaid', amount: null, breakdown: null, paymentId: expect.stringMatching(/^pi_/) });
  });

  it('gets a fixture, not a 404, for an unknown session id from stripe-mock', async () => {
    const report = await gateway(mockUrl).retrieveCheckout('cs_test_doesnotexist');
    expect(report).toMatchObject({ sessionId: 'cs_test_doesnotexist', outcome: 'unpaid' });
  });
});

describe('StripePaymentGateway faults (local stub server)', () => {
  const fast = { timeoutMs: 200, maxNetworkRetries: 1 };
  const request = { order, customerEmail: 'ada@example.com' };
  const BACKOFF_MS = 500; // stripe-node sleeps 0.5 s before its first retry

  it('gives up on a server that never answers within timeout × (retries + 1) plus back-off', async () => {
    const server = await recordingServer(() => undefined);
    const started = Date.now();
    await expect(gateway(server.url, fast).startCheckout(request)).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(fast.timeoutMs * 2);
    // Generous slack for a loaded CI machine: without the bound, stripe-node would wait 80 s.
    expect(elapsed).toBeLessThan(fast.timeoutMs * 2 + BACKOFF_MS + 2_000);
    expect(server.requests).toHaveLength(2);
  });

  it('bounds the whole call even when a server trickles bytes so no socket timeout fires', async () => {
    const server = await recordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    const attempt = gateway(server.url, { timeoutMs: 200, maxNetworkRetries: 0 }).startCheckout(request);
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    expect(Date.now() - started).toBeLessThan(3_000); // the trickle itself would never end
  });

  it('retries a 500 once with the same Idempotency-Key, then reports Unavailable', async () => {
    const server = await recordingServer((_req, res) => json(res, 500, { error: { type: 'api_error', message: 'boom' } }));
    await expect(gateway(server.url, fast).startCheckout(request)).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    expect(server.requests).toHaveLength(2);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([checkoutIdempotencyKey(order.id), checkoutIdempotencyKey(order.id)]);
  });

  it('returns the session when a retry after a 500 succeeds', async () => {
    let calls = 0;
    const server = await recordingServer((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 500, { error: { type: 'api_error', message: 'boom' } });
      else json(res, 200, { id: 'cs_test_retried', object: 'checkout.session', url: 'https://checkout.example/x' });
    });
    expect(await gateway(server.url, fast).startCheckout(request)).toEqual({
      sessionId: 'cs_test_retried',
      url: 'https://checkout.example/x',
    });
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`checkout-session:${order.id}`]),
    );
  });

  it.each([
    [429, 'rate_limit_error', PaymentProviderUnavailable],
    [409, 'idempotency_error', PaymentProviderUnavailable],
    [400, 'invalid_request_error', PaymentProviderFailed],
    [401, 'invalid_request_error', PaymentProviderFailed],
  ])('maps HTTP %i (%s) to %o', async (status, type, expected) => {
    const server = await recordingServer((_req, res) => json(res, status, { error: { type, message: 'nope', code: 'x' } }));
    const attempt = gateway(server.url, fast).startCheckout(request);
    await expect(attempt).rejects.toBeInstanceOf(expected);
    await expect(attempt).rejects.toMatchObject({ message: expect.not.stringMatching(/nope|sk_/) });
  });

  it('does not retry a 400', async () => {
    const server = await recordingServer((_req, res) => json(res, 400, { error: { type: 'invalid_request_error', message: 'bad' } }));
    await expect(gateway(server.url, fast).startCheckout(request)).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an unreadable answer (a proxy error page) as Unavailable', async () => {
    const server = await recordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    await expect(gateway(server.url, fast).startCheckout(request)).rejects.toBeInstanceOf(PaymentProviderUnavailable);
  });

  it('returns null for a session Stripe does not know (404 resource_missing)', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such checkout.session' } }),
    );
    expect(await gateway(server.url, fast).retrieveCheckout('cs_test_gone')).toBeNull();
    expect(server.requests[0]?.path).toBe('/v1/checkout/sessions/cs_test_gone?expand[0]=payment_intent&expand[1]=shipping_cost.shipping_rate');
  });

  it('does not call Stripe for something that is not a session id', async () => {
    const server = await recordingServer((_req, res) => json(res, 500, {}));
    for (const id of ['', '../charges', 'cs_test_x/expire', 'pi_123', 'cs_test_x?expand=1']) {
      expect(await gateway(server.url, fast).retrieveCheckout(id)).toBeNull();
    }
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ payment_status: 'paid', status: 'complete' }, 'paid'],
    [{ payment_status: 'no_payment_required', status: 'complete' }, 'paid'],
    [{ payment_status: 'unpaid', status: 'complete' }, 'awaiting-payment'],
    [{ payment_status: 'unpaid', status: 'open' }, 'unpaid'],
    [{ payment_status: 'unpaid', status: 'expired' }, 'expired'],
    [{ payment_status: 'unpaid', status: 'complete', payment_intent: { id: 'pi_1', object: 'payment_intent', status: 'processing' } }, 'awaiting-payment'],
    [{ payment_status: 'unpaid', status: 'complete', payment_intent: { id: 'pi_1', object: 'payment_intent', status: 'requires_payment_method' } }, 'failed'],
    [{ payment_status: 'unpaid', status: 'complete', payment_intent: { id: 'pi_1', object: 'payment_intent', status: 'canceled' } }, 'failed'],
    [{ payment_status: 'unpaid', status: 'open', payment_intent: { id: 'pi_1', object: 'payment_intent', status: 'requires_payment_method' } }, 'unpaid'],
  ])('maps %o to outcome %s', async (state, outcome) => {
    const server = await recordingServer((_req, res) =>
      json(res, 200, {
        id: 'cs_test_1', object: 'checkout.session', amount_total: 2899, currency: 'eur',
        metadata: { orderId: order.id }, client_reference_id: 'other', ...state,
      }),
    );
    expect(await gateway(server.url, fast).retrieveCheckout('cs_test_1')).toEqual({
      sessionId: 'cs_test_1', orderId: order.id, outcome, amount: { amount: 2899, currency: 'eur' }, breakdown: null,
      paymentId: (state as { payment_intent?: { id: string } }).payment_intent?.id ?? null, shipping: null,
    });
  });

  it('reports what a retrieved session charged, part by part, for the completion check', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 200, {
        id: 'cs_test_1', object: 'checkout.session', amount_total: 2799, amount_subtotal: 2899, currency: 'eur',
        total_details: { amount_shipping: 0, amount_discount: 200, amount_tax: 100 },
        metadata: { orderId: order.id }, payment_status: 'paid', status: 'complete',
      }),
    );
    expect(await gateway(server.url, fast).retrieveCheckout('cs_test_1')).toMatchObject({
      amount: { amount: 2799, currency: 'eur' }, breakdown: { subtotal: 2899, shipping: 0, discount: 200, tax: 100 },
    });
  });

  it('reports the shipping of a retrieved session: the address collected, and the option named by the expanded rate', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 200, {
        id: 'cs_test_1', object: 'checkout.session', amount_total: 2495, amount_subtotal: 2000, currency: 'eur',
        total_details: { amount_shipping: 495, amount_discount: 0, amount_tax: 0 },
        shipping_cost: { amount_subtotal: 495, amount_tax: 0, amount_total: 495, shipping_rate: { id: 'shr_1', object: 'shipping_rate', metadata: { shippingOptionId: 'opt-1' } } },
        collected_information: { shipping_details: { name: 'Ada', address: { line1: 'Hauptstr. 1', line2: '', city: 'Berlin', postal_code: '10115', state: '', country: 'DE' } } },
        customer_details: { phone: '+49 30 1234' },
        metadata: { orderId: order.id }, payment_status: 'paid', status: 'complete',
      }),
    );
    expect((await gateway(server.url, fast).retrieveCheckout('cs_test_1'))?.shipping).toEqual({
      optionId: 'opt-1',
      address: { name: 'Ada', line1: 'Hauptstr. 1', line2: null, city: 'Berlin', postalCode: '10115', state: null, country: 'DE', phone: '+49 30 1234' },
    });
  });

  it.each([['pi_as_id', 'pi_as_id'], [{ id: 'pi_expanded', object: 'payment_intent' }, 'pi_expanded']])(
    'reports the payment intent %o as the payment id, for refunds', async (intent, paymentId) => {
      const server = await recordingServer((_req, res) => json(res, 200, {
        id: 'cs_test_1', object: 'checkout.session', amount_total: 2899, currency: 'eur', metadata: { orderId: order.id },
        payment_status: 'paid', status: 'complete', payment_intent: intent,
      }));
      expect(await gateway(server.url, fast).retrieveCheckout('cs_test_1')).toMatchObject({ outcome: 'paid', paymentId });
    },
  );

  it('falls back to client_reference_id when the metadata has no order id', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 200, { id: 'cs_test_1', object: 'checkout.session', metadata: {}, client_reference_id: order.id, payment_status: 'unpaid', status: 'open', amount_total: null, currency: null }),
    );
    expect(await gateway(server.url, fast).retrieveCheckout('cs_test_1')).toMatchObject({ orderId: order.id, amount: null });
  });
});
