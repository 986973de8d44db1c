import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import type { Storage } from '../../src/application/ports/storage.js';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { type TestApp, testApp } from '../support/app.js';
import { METRICS_TOKEN, parseSamples, valueOf } from '../support/metrics.js';
import { openApiDocument } from '../support/openapi-validate.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function scrape(t: TestApp) {
  const res = await t.http.get('/metrics').set(auth(METRICS_TOKEN)).expect(200);
  return parseSamples(res.text);
}

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN: 404, and never in the OpenAPI document', async () => {
    const t = await testApp();
    const res = await t.http.get('/metrics').set(auth(METRICS_TOKEN));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    const withMetrics = await testApp({}, { METRICS_TOKEN });
    const doc = (await withMetrics.http.get('/api/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.includes('metrics'))).toEqual([]);
    expect(Object.keys((openApiDocument() as { paths: object }).paths)).not.toContain('/metrics');
  });

  it('answers 401 (problem+json, WWW-Authenticate) without the token or with a wrong one', async () => {
    const t = await testApp({}, { METRICS_TOKEN });
    for (const headers of [{}, auth(`${METRICS_TOKEN}x`), auth(METRICS_TOKEN.slice(1)), { Authorization: METRICS_TOKEN }, { Authorization: 'Bearer' }, { Authorization: `Basic ${METRICS_TOKEN}` }]) {
      const res = await t.http.get('/metrics').set(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.text).not.toMatch(/http_request/);
    }
    expect((await t.http.get(`/metrics?token=${METRICS_TOKEN}`)).status).toBe(401);
    expect((await t.http.post('/metrics').set(auth(METRICS_TOKEN))).status).toBe(405);
  });

  it('takes the Bearer scheme in any case (RFC 9110 §11.1)', async () => {
    const t = await testApp({}, { METRICS_TOKEN });
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      expect((await t.http.get('/metrics').set('Authorization', `${scheme} ${METRICS_TOKEN}`)).status, scheme).toBe(200);
    }
  });

  it('serves the Prometheus text format with the default process metrics', async () => {
    const t = await testApp({}, { METRICS_TOKEN });
    const res = await t.http.get('/metrics').set(auth(METRICS_TOKEN)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/^# HELP http_request_duration_seconds /m);
    expect(res.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    const samples = parseSamples(res.text);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_active_handles', 'nodejs_heap_space_size_used_bytes']) {
      expect(samples.some((s) => s.name === name), name).toBe(true);
    }
    expect(valueOf(samples, 'password_hash_slots')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'password_hashes_waiting')).toBe(0);
    expect(valueOf(samples, 'shop_ready')).toBe(1);
    t.setAccepting(false);
    expect(valueOf(await scrape(t), 'shop_ready')).toBe(0);
  });

  it('labels requests by route template, never by raw path; unmatched paths share one label', async () => {
    const t = await testApp({}, { METRICS_TOKEN });
    const alice = await t.register();
    const product = await t.createProduct(await t.adminToken());
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await t.placeOrder(alice.token, { productId: product.id })).body.order.id as string);
    for (const id of ids) await t.http.get(`/api/orders/${id}`).set(auth(alice.token)).expect(200);
    await t.http.get('/api/orders/6650f1c2a1b2c3d4e5f60718').set(auth(alice.token)).expect(404);
    await t.http.get('/no/such/page/123').expect(404);
    await t.http.get('/no/such/page/456').expect(404);

    const res = await t.http.get('/metrics').set(auth(METRICS_TOKEN)).expect(200);
    for (const id of ids) expect(res.text).not.toContain(id);
    expect(res.text).not.toContain('/no/such');
    const samples = parseSamples(res.text);
    const count = (labels: Record<string, string>) => valueOf(samples, 'http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/api/orders/:id', status_class: '2xx' })).toBe(2);
    expect(count({ method: 'GET', route: '/api/orders/:id', status_class: '4xx' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/orders', status_class: '2xx' })).toBe(2);
    expect(count({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(2);
    expect(valueOf(samples, 'http_problems_total', { code: 'ORDER_NOT_FOUND' })).toBe(1);
    expect(valueOf(samples, 'http_problems_total', { code: 'NOT_FOUND' })).toBe(2);
    expect(valueOf(samples, 'http_requests_in_flight')).toBe(1); // the scrape itself
    expect(valueOf(samples, 'shop_orders_placed_total')).toBe(2);
    expect(valueOf(samples, 'storage_operation_duration_seconds_count', { operation: 'orders.add' })).toBe(2);
    expect(valueOf(samples, 'storage_operation_duration_seconds_count', { operation: 'orders.byId' })).toBe(3);
    expect(valueOf(samples, 'password_hash_duration_seconds_count', { operation: 'hash' })).toBeGreaterThanOrEqual(1);
  });

  it('counts idempotent replays and rate-limit refusals by rule', async () => {
    const t = await testApp({}, { METRICS_TOKEN, RATE_LIMITS: 'on' });
    const alice = await t.register();
    const product = await t.createProduct(await t.adminToken());
    const keyed = () => t.http.post('/api/orders').set(auth(alice.token)).set('Idempotency-Key', 'order-once').send({ productId: product.id });
    await keyed().expect(201);
    expect((await keyed().expect(201)).headers['idempotent-replayed']).toBe('true');
    // The register limit is 10 per address per 10 minutes; the 11th and 12th are refused.
    for (let i = 0; i < 9; i++) await t.register();
    for (let i = 0; i < 2; i++) {
      const res = await t.http.post('/api/auth/register').send({ name: 'N', email: `late-${i}@example.com`, password: 'a-good-password' });
      expect(res.status).toBe(429);
    }
    const samples = await scrape(t);
    expect(valueOf(samples, 'shop_idempotent_replays_total', { route: '/api/orders' })).toBe(1);
    expect(valueOf(samples, 'shop_orders_placed_total')).toBe(1);
    expect(valueOf(samples, 'shop_rate_limit_refusals_total', { rule: 'register-ip' })).toBe(2);
    expect(valueOf(samples, 'http_problems_total', { code: 'RATE_LIMITED' })).toBe(2);
    expect(samples.filter((s) => s.name === 'shop_rate_limit_refusals_total').map((s) => s.labels['rule'])).toEqual(['register-ip']);
  });

  it('times storage calls and counts their failures, but not refusals such as a taken email', async () => {
    const storage: Storage = memoryStorage();
    const byId = storage.orders.byId.bind(storage.orders);
    let down = false;
    storage.orders.byId = (id) => (down ? Promise.reject(new StorageUnavailable('storage timed out')) : byId(id));
    const t = await testApp({ storage }, { METRICS_TOKEN });
    const alice = await t.register();
    await t.http.post('/api/auth/register').send({ name: 'Again', email: alice.email, password: 'a-good-password' }).expect(409);
    down = true;
    await t.http.get('/api/orders/6650f1c2a1b2c3d4e5f60718').set(auth(alice.token)).expect(503);
    down = false;
    const samples = await scrape(t);
    expect(valueOf(samples, 'storage_errors_total', { operation: 'orders.byId' })).toBe(1);
    expect(valueOf(samples, 'storage_errors_total', { operation: 'users.add' })).toBe(0);
    // The administrator testApp ensures, Alice, and the refused second account.
    expect(valueOf(samples, 'storage_operation_duration_seconds_count', { operation: 'users.add' })).toBe(3);
    expect(valueOf(samples, 'http_problems_total', { code: 'STORAGE_UNAVAILABLE' })).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { route: '/api/orders/:id', status_class: '5xx' })).toBe(1);
  });
});

describe('payment metrics', () => {
  const stripe = new Stripe('sk_test_123');
  let sessions = 0;
  let events = 0;

  async function shopWithStripe(storage?: Storage) {
    const gateway: PaymentGateway = {
      name: 'stripe',
      async startCheckout() {
        const sessionId = `cs_test_metrics_${++sessions}`;
        return { sessionId, url: `https://checkout.stripe.test/c/pay/${sessionId}` };
      },
      retrieveCheckout: async () => null,
      ...hostedCheckout, ...noCancelOrRefund,
    };
    const t = await testApp({ payments: gateway, ...(storage && { storage }) }, { ...STRIPE_TEST_ENV, METRICS_TOKEN });
    const customer = await t.register();
    const productId = (await t.createProduct(await t.adminToken(), { unitAmount: 2500, currency: 'eur' })).id;
    const newOrder = async () => {
      const order = (await t.placeOrder(customer.token, { productId, quantity: 2 })).body.order as { id: string; checkoutUrl: string };
      return { id: order.id, sessionId: order.checkoutUrl.split('/').pop()! };
    };
    const deliver = (type: string, order: { id: string; sessionId: string }, amount = 5000, id = `evt_metrics_${++events}`) => {
      const payload = JSON.stringify({
        id, object: 'event', type, created: Math.floor(Date.now() / 1000),
        data: { object: { id: order.sessionId, object: 'checkout.session', metadata: { orderId: order.id }, client_reference_id: order.id, amount_total: amount, currency: 'eur', payment_status: 'paid', status: 'complete' } },
      });
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_ENV.STRIPE_WEBHOOK_SECRET });
      return t.http.post('/api/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(payload);
    };
    return { t, newOrder, deliver };
  }

  it('counts payment events by type and outcome, transitions by from/to, and payment issues', async () => {
    const { t, newOrder, deliver } = await shopWithStripe();
    const paidOrder = await newOrder();
    await deliver('checkout.session.completed', paidOrder, 5000, 'evt_metrics_paid').expect(200);
    await deliver('checkout.session.completed', paidOrder, 5000, 'evt_metrics_paid').expect(200);
    const wrongAmount = await newOrder();
    await deliver('checkout.session.completed', wrongAmount, 1).expect(200);
    const expired = await newOrder();
    await deliver('checkout.session.expired', expired).expect(200);
    await deliver('checkout.session.completed', { id: '6650f1c2a1b2c3d4e5f60718', sessionId: 'cs_unknown' }).expect(200);
    await deliver('customer.created', paidOrder).expect(200);
    await t.http.post('/api/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', 't=1,v1=bad').send('{}').expect(400);

    const samples = await scrape(t);
    const event = (type: string, outcome: string) => valueOf(samples, 'shop_payment_events_total', { type, outcome });
    expect(event('checkout.session.completed', 'processed')).toBe(1);
    expect(event('checkout.session.completed', 'duplicate')).toBe(1);
    expect(event('checkout.session.completed', 'rejected-mismatch')).toBe(1);
    expect(event('checkout.session.completed', 'ignored-unknown-order')).toBe(1);
    expect(event('checkout.session.expired', 'processed')).toBe(1);
    expect(event('customer.created', 'ignored-type')).toBe(1);
    expect(event('unverified', 'invalid-signature')).toBe(1);
    expect(valueOf(samples, 'shop_order_transitions_total', { from: 'pending', to: 'completed' })).toBe(1);
    expect(valueOf(samples, 'shop_order_transitions_total', { from: 'pending', to: 'expired' })).toBe(1);
    expect(valueOf(samples, 'shop_payment_issues_total')).toBe(1);
    expect(valueOf(samples, 'shop_orders_placed_total')).toBe(3);
    expect(valueOf(samples, 'http_problems_total', { code: 'WEBHOOK_SIGNATURE_INVALID' })).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/webhook', status_class: '2xx' })).toBe(6);
  });

  it('counts deliveries that Stripe must resend: another delivery in progress (409), storage down (503)', async () => {
    const storage = memoryStorage();
    const claim = storage.processedEvents.claim.bind(storage.processedEvents);
    let answer: 'in-flight' | 'down' | null = null;
    storage.processedEvents.claim = (...args) => {
      if (answer === 'in-flight') return Promise.resolve('in-flight');
      if (answer === 'down') return Promise.reject(new StorageUnavailable('storage timed out'));
      return claim(...args);
    };
    const { t, newOrder, deliver } = await shopWithStripe(storage);
    const order = await newOrder();
    answer = 'in-flight';
    await deliver('checkout.session.completed', order).expect(409);
    answer = 'down';
    await deliver('checkout.session.completed', order).expect(503);
    answer = null;
    const samples = await scrape(t);
    expect(valueOf(samples, 'shop_payment_events_total', { type: 'checkout.session.completed', outcome: 'in-progress' })).toBe(1);
    expect(valueOf(samples, 'shop_payment_events_total', { type: 'checkout.session.completed', outcome: 'error' })).toBe(1);
    expect(valueOf(samples, 'storage_errors_total', { operation: 'processedEvents.claim' })).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { route: '/api/webhook', status_class: '5xx' })).toBe(1);
  });
});
