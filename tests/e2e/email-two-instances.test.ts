import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { requireService } from '../support/ci.js';
import { MAILPIT_SMTP_URL, mailpitAvailable, messagesTo } from '../support/mailpit.js';
import { dropTestDatabase, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, rawRequest, spawnService } from '../support/spawn-service.js';

/**
 * Two service processes on one database (FerretDB in CI), one stripe-mock, one Mailpit: a payment
 * reported five times over both makes one confirmation and one owner's message, each sent once.
 */
const MONGO_URI = process.env['TEST_MONGODB_URI']?.trim() || null;
const STRIPE_MOCK_URL = process.env['STRIPE_MOCK_URL']?.trim() || null;
const missing = [!MONGO_URI && 'TEST_MONGODB_URI', !STRIPE_MOCK_URL && 'STRIPE_MOCK_URL', !mailpitAvailable && 'Mailpit'].filter(Boolean);
requireService({ name: missing.join(' and '), available: missing.length === 0, hint: 'scripts/test-services.sh start prints them', skips: 'email over two instances' });

const WEBHOOK_SECRET = 'whsec_email_two_instances';
const ADMIN = { email: 'admin@email-two.test', password: 'admin-password-123' };

async function eventually<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(missing.length > 0)('order emails with two service processes on one database', { timeout: 180_000 }, () => {
  const dbName = testDbName(import.meta.url);
  const dbUri = MONGO_URI ? withDatabase(MONGO_URI, dbName) : '';
  const owner = `owner-${process.pid}-${Date.now()}@example.com`;
  let storage: MongoStorage;
  let a: SpawnedService;
  let b: SpawnedService;

  const env = {
    NODE_ENV: 'test', JWT_SECRET: 'a-secret-both-instances-share-0123456789abcdef', MONGODB_URI: dbUri,
    STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: STRIPE_MOCK_URL ?? '',
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OWNER_EMAIL: owner,
    SMTP_URL: MAILPIT_SMTP_URL ?? '', MAIL_FROM: 'Tea <shop@email-two.test>', SHOP_NAME: 'Tea',
  };

  beforeAll(async () => {
    storage = await connectMongo(dbUri);
    a = await spawnService(env, { readyTimeoutMs: 90_000 });
    b = await spawnService(env, { readyTimeoutMs: 90_000 });
  }, 240_000);

  afterAll(async () => {
    for (const s of [a, b]) if (s && s.child.exitCode === null) { s.child.kill('SIGKILL'); await s.exited; }
    await storage?.close();
    if (MONGO_URI) await dropTestDatabase(MONGO_URI, dbName);
  });

  it('a payment reported 5 times over both instances: one confirmation and one owner message in Mailpit', async () => {
    const admin = (await callJson(a.url, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const product = await callJson(b.url, 'POST', '/api/products', admin, { name: 'Teapot', unitAmount: 1999 });
    expect(product.status).toBe(201);
    const email = `two-${process.pid}-${Date.now()}@example.com`;
    const customer = await callJson(a.url, 'POST', '/api/auth/register', null, { name: 'Ada', email, password: 'a-good-password' });
    const placed = await callJson(b.url, 'POST', '/api/orders', customer.body!['access_token'] as string, { productId: product.body!['id'], quantity: 2 });
    expect(placed.status).toBe(201);
    const order = placed.body!['order'] as { id: string; totalAmount: number; currency: string };
    const sessionId = (await storage.orders.byId(order.id))!.checkout!.sessionId;

    const payload = JSON.stringify({
      id: `evt_email_two_${order.id}`, object: 'event', type: 'checkout.session.completed',
      data: { object: { id: sessionId, object: 'checkout.session', metadata: { orderId: order.id }, amount_total: order.totalAmount, currency: order.currency, payment_status: 'paid', status: 'complete' } },
    });
    const deliver = (on: SpawnedService) => rawRequest(`${on.url}/api/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
      body: payload,
    });
    const statuses = (await Promise.all([deliver(a), deliver(b)])).map((r) => r.status);
    for (const on of [a, b, a]) statuses.push((await deliver(on)).status);
    // 409: the other delivery held the event at that moment (Stripe sends it again later).
    expect(statuses.every((s) => s === 200 || s === 409), String(statuses)).toBe(true);
    expect(statuses).toContain(200);

    const outbox = async () => ((await callJson(b.url, 'GET', '/api/admin/outbox?limit=100', admin)).body as unknown as { id: string; kind: string; subject: string; status: string }[])
      .filter((r) => r.subject === order.id);
    const records = await eventually('both messages to be sent', 60_000, async () => {
      const found = await outbox();
      return found.length === 2 && found.every((r) => r.status === 'sent') ? found : null;
    });
    expect(records.map((r) => r.kind).sort()).toEqual(['new-paid-order', 'order-confirmation']);

    const ref = `#${order.id.slice(-8).toUpperCase()}`;
    const confirmations = await messagesTo(email);
    expect(confirmations.map((m) => m.Subject)).toEqual([`Tea: order ${ref} is confirmed`]);
    expect(confirmations[0]!.MessageID).toBe(`${records.find((r) => r.kind === 'order-confirmation')!.id}@email-two.test`);
    expect(confirmations[0]!.From).toEqual({ Name: 'Tea', Address: 'shop@email-two.test' });
    expect((await messagesTo(owner)).map((m) => m.Subject)).toEqual([`New paid order ${ref}: $39.98`]);
    expect(await outbox()).toHaveLength(2);
  });
});
