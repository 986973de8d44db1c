import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../src/adapters/memory/storage.js';
import { type MongoStorage, connectMongo } from '../../../src/adapters/mongo/connect.js';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { ExpireAbandonedOrders } from '../../../src/application/upkeep/expire-abandoned-orders.js';
import { ExpireCheckout } from '../../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../../src/application/payments/fail-payment.js';
import type { CheckoutReport, Clock, PaymentGateway, Storage } from '../../../src/application/ports/index.js';
import { ORDER_LEASE_MS, ReconcilePayments } from '../../../src/application/payments/reconcile-payments.js';
import { PaymentProviderUnavailable, StorageUnavailable } from '../../../src/domain/errors.js';
import type { Order } from '../../../src/domain/order.js';
import { exitCodeOf } from '../../../src/boot/reconcile-report.js';
import { T0, anOrder, fakePayments, fixedClock, hostedCheckout, noCancelOrRefund } from '../../support/builders.js';
import { mongoTarget, testDbName, withDatabase } from '../../support/mongo.js';
import { movesOf } from '../../support/order-moves.js';

const MINUTE = 60_000;
const OPTIONS = { olderThanMs: 30 * MINUTE, limit: 100 };
const old = (minutes: number) => new Date(T0.getTime() - minutes * MINUTE);
const paid = (order: Order, amount = order.total.amount): CheckoutReport => ({
  sessionId: order.checkout!.sessionId, orderId: order.id, outcome: 'paid', amount: { amount, currency: order.total.currency },
});
const report = (order: Order, outcome: CheckoutReport['outcome']): CheckoutReport => ({
  sessionId: order.checkout!.sessionId, orderId: null, outcome, amount: null,
});

function reconciler(storage: Storage, payments: PaymentGateway, clock: Clock = fixedClock()) {
  const { orders } = storage;
  return new ReconcilePayments(orders, payments, storage.leases, new CompletePayment(orders, movesOf(orders), clock), new ExpireCheckout(orders, movesOf(orders), clock, storage.stock), new FailPayment(orders, movesOf(orders), clock, storage.stock), clock);
}

async function withOrders(...orders: Order[]): Promise<Storage> {
  const storage = memoryStorage();
  for (const o of orders) await storage.orders.add(o, []);
  return storage;
}

const statusOf = async (storage: Storage, order: Order) => (await storage.orders.byId(order.id))!;

describe('ReconcilePayments (stub gateway)', () => {
  it('completes a paid order whose webhook never came, and reports it (exit code 1)', async () => {
    const order = anOrder().withCheckout().createdAt(old(45)).build();
    const storage = await withOrders(order);
    const payments = fakePayments().report(paid(order));

    const result = await reconciler(storage, payments).execute(OPTIONS);

    expect(await statusOf(storage, order)).toMatchObject({ status: 'completed', completedAt: T0, paymentIssue: null });
    expect(result).toMatchObject({ asked: 1, counts: { completed: 1, flagged: 0, error: 0 }, orders: [{ orderId: order.id, outcome: 'completed' }] });
    expect(exitCodeOf(result)).toBe(1);
  });

  it('records a payment issue for a wrong amount, leaves the order pending, and does not ask again', async () => {
    const order = anOrder().withCheckout().createdAt(old(45)).build();
    const storage = await withOrders(order);
    const payments = fakePayments().report(paid(order, order.total.amount - 1));

    const first = await reconciler(storage, payments).execute(OPTIONS);
    const stored = await statusOf(storage, order);
    expect(stored.status).toBe('pending');
    expect(stored.paymentIssue).toMatch(/does not match order total/);
    expect(first.counts).toMatchObject({ flagged: 1, completed: 0 });
    expect(exitCodeOf(first)).toBe(1);

    const second = await reconciler(storage, payments).execute(OPTIONS);
    expect(second.asked).toBe(0);
    expect(payments.retrieved).toEqual([order.checkout!.sessionId]);
    expect(exitCodeOf(second)).toBe(0);
  });

  it('flags a payment reported without an amount, as the webhook does', async () => {
    const order = anOrder().withCheckout().createdAt(old(45)).build();
    const storage = await withOrders(order);
    const result = await reconciler(storage, fakePayments().report({ ...paid(order), amount: null })).execute(OPTIONS);
    expect(result.counts.flagged).toBe(1);
    expect(await statusOf(storage, order)).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/without an amount/) });
  });

  it('expires an order whose checkout expired and fails one whose delayed payment failed', async () => {
    const expired = anOrder().withCheckout().createdAt(old(50)).build();
    const failed = anOrder().withCheckout().createdAt(old(40)).build();
    const storage = await withOrders(expired, failed);
    const payments = fakePayments().report(report(expired, 'expired')).report(report(failed, 'failed'));

    const result = await reconciler(storage, payments).execute(OPTIONS);

    expect((await statusOf(storage, expired)).status).toBe('expired');
    expect((await statusOf(storage, failed)).status).toBe('failed');
    expect(result.counts).toMatchObject({ expired: 1, failed: 1, unchanged: 0 });
    expect(exitCodeOf(result)).toBe(1);
  });

  it('leaves an unpaid order pending, does not ask about young orders or orders without a checkout (exit code 0)', async () => {
    const unpaid = anOrder().withCheckout().createdAt(old(45)).build();
    const young = anOrder().withCheckout().createdAt(old(29)).build();
    const noCheckout = anOrder().createdAt(old(45)).build();
    const done = anOrder().withCheckout().createdAt(old(45)).paid().build();
    const storage = await withOrders(unpaid, young, noCheckout, done);
    const payments = fakePayments().report(report(unpaid, 'unpaid')).report(paid(young));

    const result = await reconciler(storage, payments).execute(OPTIONS);

    expect(payments.retrieved).toEqual([unpaid.checkout!.sessionId]);
    expect(await statusOf(storage, unpaid)).toEqual(unpaid);
    expect(await statusOf(storage, young)).toEqual(young);
    expect(result).toMatchObject({ asked: 1, counts: { unchanged: 1 } });
    expect(exitCodeOf(result)).toBe(0);
  });

  it('flags a checkout the provider does not know, and leaves the order pending for a person', async () => {
    const order = anOrder().withCheckout('cs_test_gone').createdAt(old(45)).build();
    const storage = await withOrders(order);
    const result = await reconciler(storage, fakePayments()).execute(OPTIONS);
    expect(result.counts.flagged).toBe(1);
    expect(await statusOf(storage, order)).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/does not know checkout cs_test_gone/) });
  });

  it('asks about the oldest orders first and at most `limit` per run', async () => {
    const orders = [10, 50, 30, 40, 20].map((m) => anOrder().withCheckout().createdAt(old(30 + m)).build());
    const storage = await withOrders(...orders);
    const payments = fakePayments();
    for (const o of orders) payments.report(report(o, 'unpaid'));

    const result = await reconciler(storage, payments).execute({ ...OPTIONS, limit: 3 });

    const byAge = [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(payments.retrieved).toEqual(byAge.slice(0, 3).map((o) => o.checkout!.sessionId));
    expect(result.asked).toBe(3);
  });

  it('skips an order another run holds, and takes it once that run let go', async () => {
    const order = anOrder().withCheckout().createdAt(old(45)).build();
    const storage = await withOrders(order);
    const payments = fakePayments().report(paid(order));
    const held = (await storage.leases.acquire(`reconcile-order:${order.id}`, T0, ORDER_LEASE_MS))!;

    const skipped = await reconciler(storage, payments).execute(OPTIONS);
    expect(skipped).toMatchObject({ asked: 0, counts: { skipped: 1 } });
    expect(payments.retrieved).toEqual([]);
    expect(exitCodeOf(skipped)).toBe(0);

    await storage.leases.release(held);
    expect((await reconciler(storage, payments).execute(OPTIONS)).counts.completed).toBe(1);
  });

  it('stops at the first provider outage, leaves the orders for the next run, and reports an error (exit code 2)', async () => {
    const [a, b] = [50, 40].map((m) => anOrder().withCheckout().createdAt(old(m)).build()) as [Order, Order];
    const storage = await withOrders(a, b);
    let calls = 0;
    const down: PaymentGateway = {
      name: 'down',
      startCheckout: () => Promise.reject(new Error('unused')),
      retrieveCheckout: async () => { calls += 1; throw new PaymentProviderUnavailable('Stripe did not answer.'); },
      ...hostedCheckout, ...noCancelOrRefund,
    };

    const result = await reconciler(storage, down).execute(OPTIONS);

    expect(calls).toBe(1);
    expect(result).toMatchObject({ asked: 1, counts: { error: 1 }, orders: [{ orderId: a.id, outcome: 'error', error: expect.any(PaymentProviderUnavailable) }] });
    expect(exitCodeOf(result)).toBe(2);
    expect((await statusOf(storage, a)).status).toBe('pending');
    // The lease was given back: the next run asks again at once.
    expect(await storage.leases.acquire(`reconcile-order:${a.id}`, T0, ORDER_LEASE_MS)).not.toBeNull();
  });

  it('stops at the first storage outage too', async () => {
    const [a, b] = [50, 40].map((m) => anOrder().withCheckout().createdAt(old(m)).build()) as [Order, Order];
    const storage = await withOrders(a, b);
    const payments = fakePayments().report(paid(a)).report(paid(b));
    storage.orders.flagPaymentIssue = async () => { throw new StorageUnavailable('down'); };
    storage.orders.transition = async () => { throw new StorageUnavailable('down'); };
    const result = await reconciler(storage, payments).execute(OPTIONS);
    expect(result).toMatchObject({ asked: 1, counts: { error: 1 } });
    expect(payments.retrieved).toEqual([a.checkout!.sessionId]);
  });

  it('does not ask about an order settled after it was listed', async () => {
    const order = anOrder().withCheckout().createdAt(old(45)).build();
    const storage = await withOrders(order);
    const payments = fakePayments().report(report(order, 'expired'));
    const acquire = storage.leases.acquire.bind(storage.leases);
    storage.leases.acquire = async (...args) => {
      await storage.orders.transition(order.id, 'pending', { ...order, status: 'completed', completedAt: T0, updatedAt: T0 }, []);
      return acquire(...args);
    };
    const result = await reconciler(storage, payments).execute(OPTIONS);
    expect(payments.retrieved).toEqual([]);
    expect(result).toMatchObject({ asked: 0, counts: { unchanged: 1, expired: 0 } });
  });
});

/** Two instances: two connections (two storages, two compositions of use cases) on one database. */
describe.skipIf(!mongoTarget().available)('two instances on one MongoDB-wire database', () => {
  const uri = mongoTarget().uri!;
  const dbName = testDbName(import.meta.url);
  let one: MongoStorage;
  let two: MongoStorage;

  beforeAll(async () => {
    one = await connectMongo(withDatabase(uri, dbName), { appName: 'instance-1' });
    two = await connectMongo(withDatabase(uri, dbName), { appName: 'instance-2' });
  });
  afterAll(async () => {
    const admin = new MongoClient(withDatabase(uri, dbName));
    await admin.db(dbName).dropDatabase().catch(() => undefined);
    await Promise.all([admin.close(), one?.close(), two?.close()]);
  });

  it('two concurrent reconciliation runs never both ask about or act on one order', async () => {
    const orders = Array.from({ length: 8 }, (_, i) => anOrder().withCheckout().createdAt(old(40 + i)).build());
    for (const o of orders) await one.orders.add(o, []);
    const asked: string[] = [];
    // A slow provider, so both runs are in flight over the same orders at the same time.
    const slowPaid: PaymentGateway = {
      name: 'slow',
      startCheckout: () => Promise.reject(new Error('unused')),
      retrieveCheckout: async (sessionId) => {
        asked.push(sessionId);
        await new Promise((r) => setTimeout(r, 20));
        const order = orders.find((o) => o.checkout!.sessionId === sessionId)!;
        return paid(order);
      },
      ...hostedCheckout, ...noCancelOrRefund,
    };
    const clock = { now: () => new Date() };
    const runs = await Promise.all([
      reconciler(one, slowPaid, clock).execute(OPTIONS),
      reconciler(two, slowPaid, clock).execute(OPTIONS),
    ]);

    expect(new Set(asked).size).toBe(asked.length);
    expect(runs[0]!.counts.completed + runs[1]!.counts.completed).toBe(orders.length);
    for (const o of orders) expect(await one.orders.byId(o.id)).toMatchObject({ status: 'completed', paymentIssue: null });
  });

  it('two concurrent abandoned-order sweeps expire each order once and count it once', async () => {
    const clock = fixedClock(new Date(Date.now()));
    const orders = Array.from({ length: 10 }, () => anOrder().createdAt(new Date(clock.now().getTime() - 20 * MINUTE)).build());
    for (const o of orders) await one.orders.add(o, []);
    const counts = await Promise.all([
      new ExpireAbandonedOrders(one.orders, movesOf(one.orders), clock, one.stock).execute(15 * MINUTE),
      new ExpireAbandonedOrders(two.orders, movesOf(two.orders), clock, two.stock).execute(15 * MINUTE),
    ]);
    expect(counts[0] + counts[1]).toBe(orders.length);
    for (const o of orders) expect((await two.orders.byId(o.id))!.status).toBe('expired');
  });
});
