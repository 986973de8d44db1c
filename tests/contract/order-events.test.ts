import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import type { TransitionDocument } from '../../src/adapters/mongo/orders.js';
import { orderMoved } from '../../src/domain/order-events.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { orderRecord, at } from '../support/records.js';
import { orderEventsContract } from './order-events.contract.js';

describe('memory', () => {
  orderEventsContract(async () => {
    const orders = new MemoryOrders();
    return { orders, events: orders.events };
  });
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  orderEventsContract(async () => {
    const storage = await mongo.fresh();
    return { orders: storage.orders, events: storage.orderEvents };
  });

  async function withTransitions<T>(dbName: string, use: (c: import('mongodb').Collection<TransitionDocument>) => Promise<T>): Promise<T> {
    const client = new MongoClient(withDatabase(mongoTarget().uri!, dbName));
    try {
      return await use(client.db().collection<TransitionDocument>('order_transitions'));
    } finally {
      await client.close();
    }
  }

  it('applies a move whose winner died between its guard and the order write before handing out its events', async () => {
    const storage = await mongo.fresh();
    const order = orderRecord();
    await storage.orders.add(order, []);
    const next = { ...order, status: 'completed' as const, completedAt: at(10), updatedAt: at(10), paymentId: 'pi_1' };
    const event = orderMoved(order, next, { kind: 'provider', id: 'webhook' });
    // What the winner had inserted when it died: the guard, nothing on the order.
    await withTransitions(storage.dbName, (t) => t.insertOne({
      _id: `${order.id}:0`, nonce: new ObjectId().toHexString(), orderId: order.id,
      set: { status: 'completed', revision: 1, completedAt: at(10), paymentId: 'pi_1' }, updatedAt: at(10), expiresAt: null,
      events: [{ ...event, actor: { ...event.actor } }], undelivered: true,
    }));
    expect((await storage.orders.byId(order.id))?.status).toBe('pending');
    const [move] = await storage.orderEvents.pending({ limit: 10 });
    expect(move!.events.map((e) => e.type)).toEqual(['paid']);
    expect(await storage.orders.byId(order.id)).toMatchObject({ status: 'completed', paymentId: 'pi_1' });
  });

  it("drops a placement record whose order never appeared, once it is 10 minutes old, and hands out neither before", async () => {
    const storage = await mongo.fresh();
    const order = orderRecord();
    const record = (id: string, updatedAt: Date): TransitionDocument => ({
      _id: `${id}:placed`, orderId: id, updatedAt, expiresAt: null, placement: true, undelivered: true,
      events: [{ ...orderMoved(null, order, { kind: 'customer', id: order.userId }), actor: { kind: 'customer', id: order.userId } }],
    });
    const old = new Date(Date.now() - 11 * 60_000);
    const fresh = new Date(Date.now() - 60_000);
    const oldId = new ObjectId().toHexString();
    const freshId = new ObjectId().toHexString();
    await withTransitions(storage.dbName, (t) => t.insertMany([record(oldId, old), record(freshId, fresh)]));
    expect(await storage.orderEvents.pending({ limit: 10 })).toEqual([]);
    const left = await withTransitions(storage.dbName, (t) => t.find({}).toArray());
    expect(left.map((d) => d._id)).toEqual([`${freshId}:placed`]);
  });

  it('keeps a guard with undelivered events out of expiry until it is settled', async () => {
    const storage = await mongo.fresh();
    const order = orderRecord();
    await storage.orders.add(order, []);
    const next = { ...order, status: 'expired' as const, updatedAt: at(10) };
    await storage.orders.transition(order.id, 'pending', next, [orderMoved(order, next, { kind: 'job', id: 'test' })]);
    const guard = () => withTransitions(storage.dbName, (t) => t.findOne({ _id: `${order.id}:0` }));
    expect(await guard()).toMatchObject({ expiresAt: null, applied: true, undelivered: true });
    const [move] = await storage.orderEvents.pending({ limit: 10 });
    await storage.orderEvents.settle(move!, at(20));
    const settled = await guard();
    expect(settled?.expiresAt).toBeInstanceOf(Date);
    expect(settled?.undelivered).toBeUndefined();
  });
});
