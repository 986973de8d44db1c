import { afterAll, describe, expect, it } from 'vitest';
import { type MongoStorage, connectMongo } from '../../src/adapters/mongo/connect.js';
import { orderMoved } from '../../src/domain/order-events.js';
import { complete } from '../../src/domain/order.js';
import { anOrder } from '../support/builders.js';
import { requireService } from '../support/ci.js';
import { MAILPIT_SMTP_URL, mailpitAvailable, mailpitMessage, messagesTo } from '../support/mailpit.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { smtpRelay } from '../support/smtp-relay.js';
import { type SpawnedService, callJson, rawRequest, spawnService } from '../support/spawn-service.js';

const { uri } = mongoTarget();
requireService({ name: 'TEST_MONGODB_URI and Mailpit', available: Boolean(uri) && mailpitAvailable, hint: 'scripts/test-services.sh start prints them', skips: 'email crash recovery' });

const ADMIN = { email: 'admin@crash.test', password: 'admin-password-123' };
const ref = (orderId: string) => `#${orderId.slice(-8).toUpperCase()}`;

async function eventually<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!uri || !mailpitAvailable)('a process killed between an order being paid and its email being sent', { timeout: 300_000 }, () => {
  const dbName = testDbName(import.meta.url);
  const dbUri = uri ? withDatabase(uri, dbName) : '';
  const owner = `owner-${process.pid}-${Date.now()}@example.com`;
  const services: SpawnedService[] = [];
  let relay: Awaited<ReturnType<typeof smtpRelay>> | undefined;
  let storage: MongoStorage | undefined;

  const env = (smtpUrl: string) => ({
    NODE_ENV: 'test', JWT_SECRET: 'a-secret-the-restarted-process-shares-0123456789', MONGODB_URI: dbUri,
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OWNER_EMAIL: owner,
    SMTP_URL: smtpUrl, MAIL_FROM: 'shop@crash.test', MAIL_SEND_TIMEOUT: '3s', MAIL_RETRY_BASE: '1s',
  });

  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null) { s.child.kill('SIGKILL'); await s.exited; }
    await relay?.close();
    await storage?.close();
    if (uri) await dropTestDatabase(uri, dbName);
  });

  it('delivers what the dead process held mid-send, and what it never got to, once each, after a restart', async () => {
    // The first process's mail server accepts the connection and never answers: the send hangs.
    relay = await smtpRelay(MAILPIT_SMTP_URL!);
    await relay.stall();
    const first = await spawnService(env(relay.url), { readyTimeoutMs: 90_000 });
    services.push(first);
    const admin = (await callJson(first.url, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const product = await callJson(first.url, 'POST', '/api/products', admin, { name: 'Teapot', unitAmount: 2500 });
    const email = `crash-${process.pid}-${Date.now()}@example.com`;
    const customer = await callJson(first.url, 'POST', '/api/auth/register', null, { name: 'Ada', email, password: 'a-good-password' });
    const userId = (customer.body!['user'] as { id: string }).id;
    const placed = await callJson(first.url, 'POST', '/api/orders', customer.body!['access_token'] as string, { productId: product.body!['id'], quantity: 1 });
    const paidInFlight = (placed.body!['order'] as { id: string }).id;

    // Paid; the process takes the confirmation and starts sending it; it dies mid-conversation.
    const sending = relay.connected();
    const checkout = new URL(placed.body!['checkoutUrl'] as string);
    expect((await rawRequest(`${first.url}${checkout.pathname}/pay`, { method: 'POST' })).status).toBe(303);
    await sending;
    first.child.kill('SIGKILL');
    await first.exited;

    // Another order, paid by a process that died before any handler heard of it: only its move is stored.
    storage = await connectMongo(dbUri);
    const placedAt = new Date(Date.now() - 120_000);
    const unheard = anOrder().forUser(userId).withItems([{ productId: product.body!['id'] as string, name: 'Teapot', unitAmount: 2500, quantity: 1 }], 'usd')
      .withCheckout().createdAt(placedAt).build();
    await storage.orders.add(unheard, [orderMoved(null, unheard, { kind: 'customer', id: userId })]);
    const paid = complete(unheard, { paid: unheard.total, breakdown: null, paymentId: 'pi_unheard' }, new Date(Date.now() - 60_000));
    expect(await storage.orders.transition(unheard.id, 'pending', paid, [orderMoved(unheard, paid, { kind: 'provider', id: 'webhook' })])).not.toBeNull();
    expect(await messagesTo(email)).toEqual([]);

    // Restarted with a working mail server: the dead process's lease runs out and the periodic passes do the rest.
    const second = await spawnService(env(MAILPIT_SMTP_URL!), { readyTimeoutMs: 90_000 });
    services.push(second);
    const adminAgain = (await callJson(second.url, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const outbox = async () => (await callJson(second.url, 'GET', '/api/admin/outbox?limit=100', adminAgain)).body as unknown as { id: string; kind: string; subject: string; status: string; attempts: number }[];
    // The lease of what the first process held (4 × MAIL_SEND_TIMEOUT), then a 5 s outbox pass; the
    // order-event pass runs every 30 s, and its first period may still be the dead process's.
    const sent = await eventually('both orders\' messages to be sent', 150_000, async () => {
      const records = (await outbox()).filter((r) => r.subject === paidInFlight || r.subject === unheard.id);
      return records.length === 4 && records.every((r) => r.status === 'sent') ? records : null;
    });

    const arrived = await messagesTo(email);
    expect(arrived.map((m) => m.Subject).sort()).toEqual([
      `Shop: order ${ref(paidInFlight)} is confirmed`,
      `Shop: order ${ref(unheard.id)} is confirmed`,
    ].sort());
    const inFlightRecord = sent.find((r) => r.kind === 'order-confirmation' && r.subject === paidInFlight)!;
    const inFlightMail = arrived.find((m) => m.Subject.includes(ref(paidInFlight)))!;
    expect(inFlightMail.MessageID).toBe(`${inFlightRecord.id}@crash.test`);
    expect((await mailpitMessage(inFlightMail.ID)).Text).toContain('1 × Teapot  $25.00');
    expect((await messagesTo(owner)).map((m) => m.Subject).sort()).toEqual([
      `New paid order ${ref(paidInFlight)}: $25.00`, `New paid order ${ref(unheard.id)}: $25.00`,
    ].sort());
  });
});
