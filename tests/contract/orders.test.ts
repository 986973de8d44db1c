import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import type { OrderDocument, OrderDocumentV1 } from '../../src/adapters/mongo/orders.js';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { NOT_REQUIRED, initialFulfillment } from '../../src/domain/fulfillment.js';
import { ship } from '../../src/domain/order-fulfillment.js';
import { complete, refundRequested } from '../../src/domain/order.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { at, orderRecord } from '../support/records.js';
import { ordersContract } from './orders.contract.js';

describe('memory', () => {
  ordersContract(async () => new MemoryOrders());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  ordersContract(async () => (await mongo.fresh()).orders);

  /** What the previous version wrote for `order`: every field present, `null` when unset, the total stored. */
  const v1 = (order: ReturnType<typeof orderRecord>): OrderDocumentV1 => ({
    _id: new ObjectId(order.id), userId: new ObjectId(order.userId),
    items: order.items.map((i) => ({ ...i })), total: { ...order.total }, status: order.status,
    checkout: order.checkout && { ...order.checkout }, paymentId: order.paymentId, refund: order.refund && { ...order.refund },
    paymentIssue: order.paymentIssue, createdAt: order.createdAt, updatedAt: order.updatedAt, completedAt: order.completedAt, revision: 0,
  });

  async function withRaw<T>(dbName: string, use: (orders: import('mongodb').Collection<OrderDocument | OrderDocumentV1>) => Promise<T>): Promise<T> {
    const client = new MongoClient(withDatabase(mongoTarget().uri!, dbName));
    try {
      return await use(client.db().collection('orders'));
    } finally {
      await client.close();
    }
  }

  it('stores no null fields, and what the customer pays as its parts (amounts), not derived from the lines', async () => {
    const storage = await mongo.fresh();
    const order = orderRecord({ total: { amount: 4398, currency: 'eur' }, breakdown: { subtotal: 4498, shipping: null, discount: 100, tax: 0 } });
    await storage.orders.add(order, []);
    const stored = await withRaw(storage.dbName, (orders) => orders.findOne({ _id: new ObjectId(order.id) }));
    expect(Object.keys(stored!).sort()).toEqual(['_id', 'amounts', 'createdAt', 'currency', 'items', 'revision', 'status', 'updatedAt', 'userId']);
    expect((stored as OrderDocument).amounts).toEqual({ subtotal: 4498, discount: 100, tax: 0, total: 4398 });
    expect(await storage.orders.byId(order.id)).toEqual(order);
  });

  it('reads an order stored before amounts existed as its lines alone: subtotal = total = the lines, no shipping', async () => {
    const storage = await mongo.fresh();
    const order = orderRecord({ status: 'completed', completedAt: at(5), paymentId: 'pi_old' });
    await storage.orders.add(order, []);
    await withRaw(storage.dbName, (orders) => orders.updateOne({ _id: new ObjectId(order.id) }, { $unset: { amounts: '' } }));
    expect(await storage.orders.byId(order.id)).toEqual({ ...order, total: { amount: 4498, currency: 'eur' }, breakdown: { subtotal: 4498, shipping: 0, discount: 0, tax: 0 } });
  });

  it('reads, lists, finds and moves orders stored in the previous shape (total and nulls stored), beside new ones', async () => {
    const storage = await mongo.fresh();
    const userId = '65f1000000000000000000cc';
    const oldPending = orderRecord({ userId, createdAt: at(1), updatedAt: at(1), checkout: { sessionId: 'cs_old', url: 'https://checkout.example/cs_old' } });
    const oldBare = orderRecord({ userId, createdAt: at(2), updatedAt: at(2) });
    const oldPaid = orderRecord({
      userId, createdAt: at(3), updatedAt: at(4), status: 'completed', completedAt: at(4), paymentId: 'pi_old',
      checkout: { sessionId: 'cs_paid', url: 'https://checkout.example/cs_paid' },
    });
    const fresh = orderRecord({ userId, createdAt: at(5), updatedAt: at(5) });
    await withRaw(storage.dbName, (orders) => orders.insertMany([v1(oldPending), v1(oldBare), v1(oldPaid)]));
    await storage.orders.add(fresh, []);

    expect(await storage.orders.byId(oldPending.id)).toEqual(oldPending);
    expect(await storage.orders.byId(oldPaid.id)).toEqual(oldPaid);
    expect(await storage.orders.listByUser(userId, { limit: 10 })).toEqual([fresh, oldPaid, oldBare, oldPending]);
    expect(await storage.orders.list({ status: 'pending' }, { limit: 10 })).toEqual([fresh, oldBare, oldPending]);
    expect(await storage.orders.byCheckoutSession('cs_old')).toEqual(oldPending);
    expect(await storage.orders.byPaymentId('pi_old')).toEqual(oldPaid);
    expect(await storage.orders.pendingWithoutCheckout(at(10), 10)).toEqual([oldBare, fresh]);
    expect(await storage.orders.pendingWithCheckout(at(10), 10)).toEqual([oldPending]);

    const paid = complete(oldPending, { paid: oldPending.total, breakdown: null, paymentId: 'pi_new' }, at(6));
    expect(await storage.orders.transition(oldPending.id, 'pending', paid, [])).toEqual(paid);
    expect(await storage.orders.byId(oldPending.id)).toEqual(paid);
    const asked = refundRequested(oldPaid, 're_1', true, at(7));
    await storage.orders.recordRefund(oldPaid.id, asked.refund!, at(7));
    expect(await storage.orders.byId(oldPaid.id)).toEqual(asked);
    await storage.orders.attachCheckout(oldBare.id, { sessionId: 'cs_late', url: 'https://checkout.example/cs_late' }, at(8));
    expect((await storage.orders.byId(oldBare.id))?.checkout).toEqual({ sessionId: 'cs_late', url: 'https://checkout.example/cs_late' });
    expect((await storage.orders.byId(oldBare.id))?.total).toEqual(oldBare.total);
  });

  it('reads an order stored before fulfilment existed as not_required, so it never enters the to-ship queue', async () => {
    const storage = await mongo.fresh();
    const order = orderRecord({ status: 'completed', completedAt: at(5) });
    await withRaw(storage.dbName, (orders) => orders.insertOne(v1(order)));
    expect((await storage.orders.byId(order.id))?.fulfillment).toEqual(NOT_REQUIRED);
    expect(await storage.orders.toShip({ limit: 10 })).toEqual([]);
  });

  it('20 fulfilment moves racing over two independent connections (two instances): exactly one wins', async () => {
    const storage = await mongo.fresh();
    const other = await connectMongo(withDatabase(mongoTarget().uri!, storage.dbName));
    try {
      const order = orderRecord({ status: 'completed', completedAt: at(1), fulfillment: initialFulfillment(true) });
      await storage.orders.add(order, []);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => {
        const next = ship(order, { trackingNumber: `JD${i}` }, at(10 + i));
        return (i % 2 ? other : storage).orders.fulfil(order.id, { status: 'completed', version: 0 }, next, []);
      }));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await storage.orders.byId(order.id)).toEqual(winners[0]);
    } finally {
      await other.close();
    }
  });
});
