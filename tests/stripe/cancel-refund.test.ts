import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION, StripePaymentGateway, refundIdempotencyKey } from '../../src/adapters/stripe/gateway.js';
import { PaymentProviderFailed, PaymentProviderUnavailable } from '../../src/domain/errors.js';
import { type Order, complete, placeOrder } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import { testApp } from '../support/app.js';
// Required in CI (any CI value but false/0); elsewhere the stripe-mock tests skip.
import { STRIPE_MOCK_URL, STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { json, recordingProxy, recordingServer } from '../support/recording-server.js';

const T0 = new Date('2026-01-10T12:00:00Z');
const mug: Product = {
  id: '65a0000000000000000000aa', name: 'Mug', description: '', category: null, price: { amount: 1250, currency: 'eur' },
  active: true, stock: null, imageUrl: null, shippable: true, createdAt: T0,
};
const pending: Order = placeOrder('65a000000000000000000001', 'user-1', [{ product: mug, productId: mug.id, quantity: 2 }], T0);
const paid: Order = complete(pending, { paid: pending.total, breakdown: null, paymentId: 'pi_3PaidIntent' }, T0);
const fast = { timeoutMs: 200, maxNetworkRetries: 1 };

function gateway(apiUrl: string, options: { timeoutMs?: number; maxNetworkRetries?: number } = {}): StripePaymentGateway {
  return new StripePaymentGateway({
    secretKey: 'sk_test_123',
    apiUrl,
    successUrl: 'http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}',
    cancelUrl: 'http://localhost:3000/checkout/cancel',
    ...options,
  });
}

const session = (fields: Record<string, unknown>) => ({
  id: 'cs_test_1', object: 'checkout.session', metadata: { orderId: pending.id }, client_reference_id: pending.id,
  amount_total: 2500, currency: 'eur', payment_intent: null, ...fields,
});
const notOpen = { error: { type: 'invalid_request_error', message: 'Only Checkout Sessions with a status of `open` can be expired.' } };

describe.skipIf(!STRIPE_MOCK_URL)('cancel and refund against stripe-mock', () => {
  const mockUrl = STRIPE_MOCK_URL ?? '';

  it('expires the Checkout Session with POST /v1/checkout/sessions/:id/expire, and reports it', async () => {
    const proxy = await recordingProxy(mockUrl);
    const report = await gateway(proxy.url).cancelCheckout('cs_test_a1B2c3');
    expect(proxy.requests[0]).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions/cs_test_a1B2c3/expire', body: '' });
    expect(proxy.requests[0]!.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(report.sessionId).toMatch(/^cs_/);
    expect(['expired', 'unpaid', 'paid', 'awaiting-payment']).toContain(report.outcome);
  });

  it('refunds the payment intent in full with POST /v1/refunds and the key refund:<orderId>', async () => {
    const proxy = await recordingProxy(mockUrl);
    const report = await gateway(proxy.url).refund(paid);
    expect(proxy.requests).toHaveLength(1);
    const [sent] = proxy.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/refunds' });
    expect(sent!.headers['idempotency-key']).toBe(`refund:${paid.id}`);
    expect(refundIdempotencyKey(paid.id)).toBe(`refund:${paid.id}`);
    // No amount: Stripe refunds whatever is left of the payment, i.e. all of it.
    expect(Object.fromEntries(new URLSearchParams(sent!.body))).toEqual({ payment_intent: 'pi_3PaidIntent', 'metadata[orderId]': paid.id });
    expect(report).toMatchObject({ refundId: expect.stringMatching(/^re_/) });
    expect(['succeeded', 'pending', 'failed']).toContain(report.outcome);
  });
});

describe('cancelCheckout, against scripted answers', () => {
  it('reports expired when Stripe expired the session', async () => {
    const server = await recordingServer((_req, res) => json(res, 200, session({ status: 'expired', payment_status: 'unpaid' })));
    expect(await gateway(server.url, fast).cancelCheckout('cs_test_1')).toEqual({
      sessionId: 'cs_test_1', orderId: pending.id, outcome: 'expired', amount: { amount: 2500, currency: 'eur' }, breakdown: null, paymentId: null, shipping: null,
    });
  });

  it('reads a session that is no longer open back: paid, with its payment intent', async () => {
    const server = await recordingServer((req, res) => {
      if (req.url?.endsWith('/expire')) json(res, 400, notOpen);
      else json(res, 200, session({ status: 'complete', payment_status: 'paid', payment_intent: 'pi_paid' }));
    });
    expect(await gateway(server.url, fast).cancelCheckout('cs_test_1')).toMatchObject({ outcome: 'paid', paymentId: 'pi_paid' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/checkout/sessions/cs_test_1/expire', 'GET /v1/checkout/sessions/cs_test_1',
    ]);
  });

  it.each([
    ['complete but unpaid (a delayed payment)', { status: 'complete', payment_status: 'unpaid' }, 'awaiting-payment'],
    ['expired already', { status: 'expired', payment_status: 'unpaid' }, 'expired'],
  ])('reads a session that is %s back', async (_, fields, outcome) => {
    const server = await recordingServer((req, res) => (req.url?.endsWith('/expire') ? json(res, 400, notOpen) : json(res, 200, session(fields))));
    expect((await gateway(server.url, fast).cancelCheckout('cs_test_1')).outcome).toBe(outcome);
  });

  it('keeps the refusal when the session is still open after all', async () => {
    const server = await recordingServer((req, res) => (req.url?.endsWith('/expire') ? json(res, 400, notOpen) : json(res, 200, session({ status: 'open', payment_status: 'unpaid' }))));
    await expect(gateway(server.url, fast).cancelCheckout('cs_test_1')).rejects.toBeInstanceOf(PaymentProviderFailed);
  });

  it('reports an unreachable Stripe as PaymentProviderUnavailable, and a malformed id without a request', async () => {
    const down = await recordingServer((_req, res) => json(res, 503, { error: { type: 'api_error', message: 'down' } }));
    await expect(gateway(down.url, fast).cancelCheckout('cs_test_1')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    const server = await recordingServer((_req, res) => json(res, 200, {}));
    await expect(gateway(server.url, fast).cancelCheckout('../v1/refunds')).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(server.requests).toEqual([]);
  });
});

describe('refund, against scripted answers', () => {
  const refund = (status: string, failure_reason: string | null = null) =>
    ({ id: 're_1', object: 'refund', amount: 2500, currency: 'eur', payment_intent: 'pi_3PaidIntent', status, failure_reason });

  it.each([
    ['succeeded', null, { refundId: 're_1', outcome: 'succeeded', failureReason: null }],
    ['pending', null, { refundId: 're_1', outcome: 'pending', failureReason: null }],
    ['requires_action', null, { refundId: 're_1', outcome: 'pending', failureReason: null }],
    ['failed', 'expired_or_canceled_card', { refundId: 're_1', outcome: 'failed', failureReason: 'expired_or_canceled_card' }],
    ['canceled', null, { refundId: 're_1', outcome: 'failed', failureReason: 'canceled' }],
  ])('maps a refund that is %s', async (status, reason, expected) => {
    const server = await recordingServer((_req, res) => json(res, 200, refund(status, reason)));
    expect(await gateway(server.url, fast).refund(paid)).toEqual(expected);
  });

  it('retries a 5xx with the same idempotency key, so the payment is refunded once', async () => {
    let calls = 0;
    const server = await recordingServer((_req, res) => (++calls === 1 ? json(res, 500, { error: { type: 'api_error', message: 'boom' } }) : json(res, 200, refund('succeeded'))));
    expect((await gateway(server.url, fast).refund(paid)).outcome).toBe('succeeded');
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([`refund:${paid.id}`, `refund:${paid.id}`]);
  });

  it('refuses an order without a recorded payment without asking Stripe', async () => {
    const server = await recordingServer((_req, res) => json(res, 200, refund('succeeded')));
    await expect(gateway(server.url, fast).refund(pending)).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(server.requests).toEqual([]);
  });

  it('reports a refusal (e.g. already refunded) as PaymentProviderFailed', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'already refunded' } }));
    await expect(gateway(server.url, fast).refund(paid)).rejects.toBeInstanceOf(PaymentProviderFailed);
  });
});

describe.skipIf(!STRIPE_MOCK_URL)('a refund through the whole service, against stripe-mock', () => {
  it('pays an order by a signed webhook (keeping its payment intent), then refunds it: 200 refunded, a second time 409', async () => {
    const t = await testApp({}, { ...STRIPE_TEST_ENV, STRIPE_API_URL: STRIPE_MOCK_URL! });
    const { token } = await t.register();
    const admin = await t.adminToken();
    const product = await t.createProduct(admin, { unitAmount: 1999 });
    const order = (await t.placeOrder(token, { productId: product.id, quantity: 3 })).body.order as { id: string };
    const payload = JSON.stringify({
      id: 'evt_refund_e2e', object: 'event', type: 'checkout.session.completed',
      data: { object: {
        id: 'cs_test_refund_e2e', object: 'checkout.session', metadata: { orderId: order.id }, amount_total: 5997, currency: 'usd',
        payment_status: 'paid', status: 'complete', payment_intent: 'pi_refund_e2e',
      } },
    });
    const header = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
    await t.http.post('/api/webhook').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload).expect(200);

    const refund = () => t.http.post(`/api/admin/orders/${order.id}/refund`).set('Authorization', `Bearer ${admin}`).send({});
    const res = await refund().expect(200);
    expect(res.body).toMatchObject({ status: 'refunded', refundStatus: 'succeeded' });
    const asAdmin = await t.http.get(`/api/admin/orders/${order.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(asAdmin.body).toMatchObject({ paymentId: 'pi_refund_e2e', refund: { id: expect.stringMatching(/^re_/), status: 'succeeded' } });
    expect((await refund().expect(409)).body.code).toBe('ORDER_NOT_REFUNDABLE');
  });
});
