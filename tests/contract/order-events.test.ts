import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MongoOrderEvents } from '../../src/adapters/mongo/order-events.js';
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

  it("the periodic pass reads what is undelivered, not the history: with 10,000 settled moves stored it reads the 3 waiting and nothing else", async () => {
    const storage = await mongo.fresh();
    const waiting = Array.from({ length: 3 }, () => orderRecord());
    for (const order of waiting) await storage.orders.add(order, [orderMoved(null, order, { kind: 'customer', id: order.userId })]);
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName), { monitorCommands: true });
    try {
      const transitions = client.db().collection<TransitionDocument>('order_transitions');
      const settled = Array.from({ length: 10_000 }, (_, i): TransitionDocument => ({
        _id: `${new ObjectId().toHexString()}:${i % 3}`, nonce: 'n', updatedAt: at(i), expiresAt: at(i + 86_400), applied: true,
      }));
      for (let i = 0; i < settled.length; i += 1000) await transitions.insertMany(settled.slice(i, i + 1000));
      const scans: Record<string, unknown>[] = [];
      let returned = 0;
      client.on('commandStarted', (e) => { if (e.commandName === 'find') scans.push(e.command); });
      client.on('commandSucceeded', (e) => {
        if (e.commandName === 'find') returned += ((e.reply as { cursor?: { firstBatch?: unknown[] } }).cursor?.firstBatch ?? []).length;
      });
      const moves = await new MongoOrderEvents(client.db()).pending({ limit: 100, before: new Date(Date.now() + 60_000) });
      expect(moves.map((m) => m.events[0]!.orderId).sort()).toEqual(waiting.map((o) => o.id).sort());
      expect(returned).toBe(3);
      // The shape MongoDB answers from the `undelivered_oldest` index's `true` range alone.
      expect(scans).toHaveLength(1);
      expect(scans[0]!['filter']).toMatchObject({ undelivered: true });
      expect(Object.fromEntries(scans[0]!['sort'] as Map<string, number>)).toEqual({ updatedAt: 1, _id: 1 });
    } finally {
      await client.close();
    }
  }, 120_000);
});
