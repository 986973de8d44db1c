import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { MongoClient } from 'mongodb';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { anOrder } from '../support/builders.js';
import { requireService } from '../support/ci.js';
import { testDbName, withDatabase } from '../support/mongo.js';
import { rawRequest, spawnService } from '../support/spawn-service.js';

/**
 * Two real service processes on one MongoDB-wire database (FerretDB in CI) and one stripe-mock.
 * Locally the suite is skipped when either service is missing; under CI a missing one fails it.
 */
const MONGO_URI = process.env['TEST_MONGODB_URI']?.trim() || null;
const STRIPE_MOCK_URL = process.env['STRIPE_MOCK_URL']?.trim() || null;
const missing = [!MONGO_URI && 'TEST_MONGODB_URI', !STRIPE_MOCK_URL && 'STRIPE_MOCK_URL'].filter(Boolean);
requireService({
  name: missing.join(' and '),
  available: missing.length === 0,
  hint: 'scripts/test-services.sh start prints them',
  skips: 'two-instance tests',
});

const WEBHOOK_SECRET = 'whsec_two_instances_secret';
const ADMIN = { email: 'admin@two.test', password: 'admin-password-123' };
const ABANDONED_AFTER_S = 20;
type Service = Awaited<ReturnType<typeof spawnService>>;
type Res = { status: number; body: any; headers: Record<string, string | string[] | undefined> };

/** JSON over a fresh connection; `null` when the connection fails (a killed instance). */
function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method, agent: false,
      headers: { ...(payload !== undefined && { 'Content-Type': 'application/json' }), ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => {
        let parsed: unknown = text;
        try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode!, body: parsed, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls `probe` until it returns a value, for at most `ms`; never a sleep standing in for an assertion. */
async function eventually<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Forwards to stripe-mock, holding the n-th checkout creation back n × `stepMs`: orders stay without a checkout a while. */
async function slowStripe(target: string, stepMs: number): Promise<{ url: string; close(): Promise<void> }> {
  let creations = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const delay = req.method === 'POST' && req.url === '/v1/checkout/sessions' ? ++creations * stepMs : 0;
    setTimeout(() => {
      const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The `expired` counts the instances logged for the abandoned-order sweep. */
function sweptCounts(output: string): number[] {
  return output.split('\n').flatMap((line) => {
    if (!line.includes('expired pending orders that never got a checkout')) return [];
    try { return [(JSON.parse(line) as { expired: number }).expired]; } catch { return []; }
  });
}
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

/** The `flagged` counts the instances logged for reconciliation runs that changed something. */
function reconciledFlags(output: string): number[] {
  return output.split('\n').flatMap((line) => {
    if (!/reconciliation (applied what|: some orders could not)/.test(line)) return [];
    try { return [(JSON.parse(line) as { flagged: number }).flagged]; } catch { return []; }
  });
}

describe.skipIf(missing.length > 0)('two service processes on one database', { timeout: 180_000 }, () => {
  const dbName = testDbName(import.meta.url);
  const dbUri = MONGO_URI ? withDatabase(MONGO_URI, dbName) : '';
  let storage: MongoStorage;
  let db: MongoClient;
  let slow: Awaited<ReturnType<typeof slowStripe>>;
  let a: Service;
  let b: Service;
  let productId: string;

  const env = (stripeUrl: string) => ({
    NODE_ENV: 'test',
    JWT_SECRET: 'a-secret-both-instances-share-0123456789abcdef',
    MONGODB_URI: dbUri,
    STRIPE_SECRET_KEY: 'sk_test_123',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripeUrl,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ABANDONED_ORDER_SWEEP_INTERVAL: '1s',
    ABANDONED_AFTER: `${ABANDONED_AFTER_S}s`,
    RECONCILE_INTERVAL: '2s',
    RECONCILE_AFTER: '1s',
  });

  beforeAll(async () => {
    storage = await connectMongo(dbUri);
    db = await new MongoClient(dbUri).connect();
    slow = await slowStripe(STRIPE_MOCK_URL!, 200);
    // A creates checkouts through the slow proxy, so some of its orders are caught without one.
    a = await spawnService(env(slow.url), { readyTimeoutMs: 90_000 });
    b = await spawnService(env(STRIPE_MOCK_URL!), { readyTimeoutMs: 90_000 });
    const admin = await call(a.url, 'POST', '/api/auth/login', ADMIN);
    expect(admin.status).toBe(200);
    const product = await call(b.url, 'POST', '/api/products', { name: 'Teapot', description: 'Stout', category: 'kitchen', unitAmount: 1999 }, bearer(admin.body.access_token));
    expect(product.status).toBe(201);
    productId = product.body.id;
  }, 240_000);

  afterAll(async () => {
    for (const s of [a, b]) if (s && s.child.exitCode === null) { s.child.kill('SIGKILL'); await s.exited; }
    await slow?.close();
    await db?.db(dbName).dropDatabase().catch(() => undefined);
    await Promise.all([db?.close(), storage?.close()]);
  });

  let counter = 0;
  async function register(on: Service) {
    const email = `two-${process.pid}-${++counter}@example.com`;
    const res = await call(on.url, 'POST', '/api/auth/register', { name: 'Ada', email, password: 'a-good-password' });
    expect(res.status).toBe(201);
    return { email, password: 'a-good-password', token: res.body.access_token as string, id: res.body.user.id as string };
  }

  function signed(event: object) {
    const payload = JSON.stringify(event);
    const header = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    return (on: Service) => call(on.url, 'POST', '/api/webhook', payload, { 'Stripe-Signature': header });
  }
  const sessionEvent = (id: string, type: string, order: { id: string; totalAmount: number; currency: string }, sessionId: string) => ({
    id, object: 'event', type,
    data: { object: { id: sessionId, object: 'checkout.session', metadata: { orderId: order.id }, amount_total: order.totalAmount, currency: order.currency, payment_status: 'paid', status: 'complete' } },
  });
  /** How many transitions the order went through: its guards, one per transition (see the Mongo adapter). */
  /** The transition guards of an order (`<orderId>:<revision>`), not its placement record (`<orderId>:placed`). */
  const transitionsOf = (orderId: string) =>
    db.db(dbName).collection<{ _id: string }>('order_transitions').countDocuments({ _id: { $regex: `^${orderId}:\\d+$` } });

  it('a user registered on one logs in on the other; the token works on both', async () => {
    const user = await register(a);
    const login = await call(b.url, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    expect((await call(a.url, 'GET', '/api/auth/profile', undefined, bearer(login.body.access_token))).status).toBe(200);
    expect((await call(b.url, 'GET', '/api/auth/profile', undefined, bearer(user.token))).status).toBe(200);
  });

  it('an Idempotency-Key used on one replays on the other, and one order exists', async () => {
    const user = await register(b);
    const headers = { ...bearer(user.token), 'Idempotency-Key': 'two-instances-key-1' };
    const first = await call(b.url, 'POST', '/api/orders', { productId, quantity: 2 }, headers);
    expect(first.status).toBe(201);
    const replay = await call(a.url, 'POST', '/api/orders', { productId, quantity: 2 }, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const mine = await call(a.url, 'GET', '/api/orders', undefined, bearer(user.token));
    expect(mine.body.map((o: { id: string }) => o.id)).toEqual([first.body.order.id]);
  });

  it('failed logins count across both instances', async () => {
    const user = await register(a);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await call(i % 2 ? a.url : b.url, 'POST', '/api/auth/login', { email: user.email, password: 'wrong-password-1' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await call(a.url, 'POST', '/api/auth/login', { email: user.email, password: 'wrong-password-1' })).status).toBe(429);
    expect((await call(b.url, 'POST', '/api/auth/login', { email: user.email, password: 'wrong-password-1' })).status).toBe(429);
  });

  it('one signed event delivered 20 times at once over both completes the order once, with no payment issue', async () => {
    const user = await register(b);
    const created = await call(b.url, 'POST', '/api/orders', { productId, quantity: 1 }, bearer(user.token));
    expect(created.status).toBe(201);
    const order = created.body.order;
    const sessionId = (await storage.orders.byId(order.id))!.checkout!.sessionId;
    const deliver = signed(sessionEvent('evt_two_instances_once', 'checkout.session.completed', order, sessionId));

    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(i % 2 ? a : b)))).map((r) => r.status);
    // 409: another delivery held the event at that moment; Stripe resends it later.
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    expect((await deliver(a)).status).toBe(200);

    const stored = await call(a.url, 'GET', `/api/orders/${order.id}`, undefined, bearer(user.token));
    expect(stored.body).toMatchObject({ status: 'completed' });
    expect(stored.body.paymentIssue).toBeUndefined();
    expect(await transitionsOf(order.id)).toBe(1);
  });

  it('checkout.session.completed and async_payment_succeeded for one session racing on both leave it completed, no issue', async () => {
    const user = await register(a);
    const created = await call(b.url, 'POST', '/api/orders', { productId, quantity: 3 }, bearer(user.token));
    expect(created.status).toBe(201);
    const order = created.body.order;
    const sessionId = (await storage.orders.byId(order.id))!.checkout!.sessionId;
    const completed = signed(sessionEvent('evt_two_completed', 'checkout.session.completed', order, sessionId));
    const succeeded = signed(sessionEvent('evt_two_async_succeeded', 'checkout.session.async_payment_succeeded', order, sessionId));

    const answers = await Promise.all([completed(a), succeeded(b), completed(b), succeeded(a)]);
    expect(answers.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect((await completed(a)).status).toBe(200);
    expect((await succeeded(b)).status).toBe(200);

    const stored = (await storage.orders.byId(order.id))!;
    expect(stored).toMatchObject({ status: 'completed', paymentIssue: null });
    expect(await transitionsOf(order.id)).toBe(1);
  });

  it('admins shipping one order 10 times at once over both instances make one shipment (one shipped event)', async () => {
    const admin = bearer((await call(a.url, 'POST', '/api/auth/login', ADMIN)).body.access_token);
    // In euros, so the other tests' dollar orders are offered no shipping.
    const mug = await call(b.url, 'POST', '/api/products', { name: 'Mug', unitAmount: 1500, currency: 'eur' }, admin);
    const option = await call(a.url, 'POST', '/api/admin/shipping-options', { name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE'] }, admin);
    expect([mug.status, option.status]).toEqual([201, 201]);
    const user = await register(a);
    const created = await call(b.url, 'POST', '/api/orders', { productId: mug.body.id, shippingOptionId: option.body.id }, bearer(user.token));
    expect(created.status).toBe(201);
    const order = created.body.order;
    const sessionId = (await storage.orders.byId(order.id))!.checkout!.sessionId;
    const event = sessionEvent('evt_two_shipping_paid', 'checkout.session.completed', order, sessionId);
    Object.assign(event.data.object, {
      amount_subtotal: 1500, total_details: { amount_shipping: 495, amount_discount: 0, amount_tax: 0 },
      shipping_cost: { amount_subtotal: 495, amount_tax: 0, amount_total: 495, shipping_rate: 'shr_1' },
      collected_information: { shipping_details: { name: 'Ada', address: { line1: 'Hauptstr. 1', line2: null, city: 'Berlin', postal_code: '10115', state: null, country: 'DE' } } },
    });
    expect((await signed(event)(a)).status).toBe(200);

    const shipment = { carrier: 'DHL', trackingNumber: 'JD0146' };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      call(i % 2 ? a.url : b.url, 'POST', `/api/admin/orders/${order.id}/shipment`, shipment, admin)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((r) => JSON.stringify(r.body.fulfillment))).size).toBe(1);
    expect(answers[0]!.body.fulfillment).toMatchObject({ status: 'shipped', ...shipment });
    const history = await call(b.url, 'GET', `/api/admin/orders/${order.id}/events`, undefined, admin);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['placed', 'paid', 'shipped']);
    await call(a.url, 'DELETE', `/api/admin/shipping-options/${option.body.id}`, undefined, admin);
  });

  it('the sweep expires abandoned orders once across both instances', async () => {
    const before = sum([...sweptCounts(a.output()), ...sweptCounts(b.output())]);
    const old = new Date(Date.now() - (ABANDONED_AFTER_S + 60) * 1000);
    const abandoned = Array.from({ length: 6 }, () => anOrder().createdAt(old).build());
    for (const o of abandoned) await storage.orders.add(o, []);

    await eventually('the abandoned orders to expire', 60_000, async () => {
      const states = await Promise.all(abandoned.map((o) => storage.orders.byId(o.id)));
      return states.every((o) => o?.status === 'expired');
    });
    // The instance that expired them logs right after its transitions; give the log line a moment to arrive.
    const total = await eventually('the sweep to log its count', 10_000, async () => {
      const n = sum([...sweptCounts(a.output()), ...sweptCounts(b.output())]) - before;
      return n >= abandoned.length ? n : null;
    });
    expect(total).toBe(abandoned.length);
  });

  it('periodic reconciliation runs on one instance per period: a checkout Stripe does not know is flagged once', async () => {
    const before = sum([...reconciledFlags(a.output()), ...reconciledFlags(b.output())]);
    // A local-checkout session id: the Stripe gateway knows it cannot exist and reports it unknown.
    const order = anOrder().withCheckout('lcs_never_at_stripe').createdAt(new Date(Date.now() - 60_000)).build();
    await storage.orders.add(order, []);

    const flagged = await eventually('reconciliation to flag the order', 60_000, async () => (await storage.orders.byId(order.id))?.paymentIssue);
    expect(flagged).toMatch(/does not know checkout lcs_never_at_stripe/);
    const total = await eventually('the run to log its count', 10_000, async () => {
      const n = sum([...reconciledFlags(a.output()), ...reconciledFlags(b.output())]) - before;
      return n >= 1 ? n : null;
    });
    expect(total).toBe(1);
    expect((await storage.orders.byId(order.id))!.status).toBe('pending');
  });

  it('SIGKILL of one instance with 30 orders in flight: every 201 is readable on the other, which stays ready; none stays pending without a checkout', async () => {
    const user = await register(b);
    const sweptBefore = sum([...sweptCounts(a.output()), ...sweptCounts(b.output())]);
    const created: string[] = [];
    const inFlight = Array.from({ length: 30 }, () =>
      call(a.url, 'POST', '/api/orders', { productId, quantity: 1 }, bearer(user.token))
        .then((res) => { if (res.status === 201) created.push(res.body.order.id); return res.status; }, () => null),
    );
    // Kill once some orders were answered and others still wait for their checkout.
    await eventually('a few orders to be created on the first instance', 60_000, async () => created.length >= 3);
    a.child.kill('SIGKILL');
    await a.exited;
    const statuses = await Promise.all(inFlight);
    expect(statuses.filter((s) => s === 201)).toHaveLength(created.length);
    expect(created.length).toBeLessThan(30);

    expect((await rawRequest(`${b.url}/health/ready`)).status).toBe(200);
    for (const id of created) {
      const read = await call(b.url, 'GET', `/api/orders/${id}`, undefined, bearer(user.token));
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, status: 'pending', checkoutUrl: expect.any(String) });
    }

    // What the killed instance saved without a checkout is expired by the survivor's sweep.
    const mine = () => storage.orders.listByUser(user.id, { limit: 100 });
    const stranded = (await mine()).filter((o) => o.status === 'pending' && o.checkout === null);
    expect(stranded.length).toBeGreaterThan(0);
    await eventually('stranded orders to expire', 90_000, async () => {
      const now = await mine();
      return now.every((o) => !(o.status === 'pending' && o.checkout === null));
    });
    // A command the killed process had already sent can still land after the kill (an order
    // inserted, a checkout attached), so the snapshot above may be off by those: what is checked is
    // the end state. Every order left is either pending with a checkout or expired without one,
    // and the sweep counted exactly the expired ones.
    const final = await mine();
    const expired = final.filter((o) => o.status === 'expired');
    expect(expired.length).toBeGreaterThan(0);
    for (const o of expired) expect(o.checkout).toBeNull();
    for (const o of final.filter((f) => f.status !== 'expired')) expect(o).toMatchObject({ status: 'pending', checkout: expect.anything() });
    const swept = await eventually('the sweep to log its count', 10_000, async () => {
      const n = sum([...sweptCounts(a.output()), ...sweptCounts(b.output())]) - sweptBefore;
      return n >= expired.length ? n : null;
    });
    expect(swept).toBe(expired.length);
    expect((await rawRequest(`${b.url}/health/ready`)).status).toBe(200);
  });
});
