import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StripePaymentGateway } from '../../src/adapters/stripe/gateway.js';
import { testApp } from '../support/app.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';

/** A Stripe API stand-in that misbehaves in one chosen way. */
async function badStripe(behaviour: 'silent' | 500 | 400): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    if (behaviour === 'silent') return; // accepts the connection, never answers
    res.writeHead(behaviour, { 'Content-Type': 'application/json', 'Request-Id': 'req_test' });
    res.end(JSON.stringify({ error: { type: behaviour === 400 ? 'invalid_request_error' : 'api_error', message: 'no' } }));
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => { server?.closeAllConnections(); server ? server.close(() => resolve()) : resolve(); }));

describe('POST /api/orders when Stripe misbehaves (real Stripe adapter, short timeouts)', () => {
  it.each([
    ['never answers', 503, 'silent'],
    ['answers 500', 503, 500],
    ['refuses the request (400)', 502, 400],
  ] as const)('%s → %i within a bounded time, and the order is failed, not ambiguous', async (_, status, behaviour) => {
    server = await badStripe(behaviour);
    const payments = new StripePaymentGateway({
      secretKey: 'sk_test_123',
      apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      successUrl: 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}',
      cancelUrl: 'http://shop.test/checkout/cancel',
      timeoutMs: 300,
      maxNetworkRetries: 1,
    });
    const t = await testApp({ payments }, STRIPE_TEST_ENV);
    const admin = await t.adminToken();
    const { id } = await t.createProduct(admin);

    const started = Date.now();
    const res = await t.placeOrder(admin, { productId: id });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(status);
    expect(res.type).toBe('application/problem+json');
    // timeout × (retries + 1) plus the SDK's 0.5 s back-off, with room for a busy machine
    expect(elapsed).toBeLessThan(3_000);
    const [order] = (await t.http.get('/api/orders').set('Authorization', `Bearer ${admin}`)).body;
    expect(order).toMatchObject({ status: 'failed', paymentIssue: expect.any(String) });
  });
});
