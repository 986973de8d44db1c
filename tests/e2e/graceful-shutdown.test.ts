import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, spawnService } from '../support/spawn-service.js';

/** A Stripe stand-in that takes 1.5 s to create a Checkout Session: a slow request to be in flight. */
let stripe: Server;
let sessionRequests = 0;
beforeAll(async () => {
  stripe = createServer((req, res) => {
    sessionRequests += 1;
    req.resume();
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: 'cs_test_slow', object: 'checkout.session', url: 'https://checkout.stripe.test/slow' }));
    }, 1500);
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => stripe.once('listening', resolve));
});
afterAll(() => new Promise<void>((resolve) => stripe.close(() => resolve())));

describe('SIGTERM', () => {
  it('fails readiness first, finishes the in-flight request, refuses new connections, exits 0', async () => {
    const service = await spawnService({
      NODE_ENV: 'test',
      JWT_SECRET: 'graceful-shutdown-test-secret-0123456789',
      ADMIN_EMAIL: 'admin@shop.test',
      ADMIN_PASSWORD: 'admin-password-123',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_123',
      STRIPE_API_URL: `http://127.0.0.1:${(stripe.address() as AddressInfo).port}`,
      SHUTDOWN_DELAY_MS: '600',
    });
    const json = { 'Content-Type': 'application/json' };
    const login = await rawRequest(`${service.url}/api/auth/login`, {
      method: 'POST', headers: json, body: JSON.stringify({ email: 'admin@shop.test', password: 'admin-password-123' }),
    });
    const auth = { ...json, Authorization: `Bearer ${JSON.parse(login.body).access_token}` };
    const product = await rawRequest(`${service.url}/api/products`, {
      method: 'POST', headers: auth, body: JSON.stringify({ name: 'Slow cup', description: '', unitAmount: 500 }),
    });
    const productId = JSON.parse(product.body).id as string;

    const inFlight = rawRequest(`${service.url}/api/orders`, { method: 'POST', headers: auth, body: JSON.stringify({ productId }) });
    while (sessionRequests === 0) await new Promise((r) => setTimeout(r, 20));
    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));

    expect((await rawRequest(`${service.url}/health/ready`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 700));
    await expect(rawRequest(`${service.url}/health/live`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const order = await inFlight;
    expect(order.status).toBe(201);
    expect(JSON.parse(order.body).checkoutUrl).toBe('https://checkout.stripe.test/slow');
    expect(await service.exited).toBe(0);
  });
});
