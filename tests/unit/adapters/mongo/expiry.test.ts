import { Collection, type Db, MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MongoStorage } from '../../../../src/adapters/mongo/connect.js';
import type { Order } from '../../../../src/domain/order.js';
import { orderRecord } from '../../../support/records.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../../../support/mongo.js';

const DAY = 24 * 3600_000;
const LEASE = 60_000;
// A day ahead of the wall clock, so a real MongoDB's TTL monitor deletes nothing mid-test; every
// test starts 40 days after the previous one, so each one's sweeps are its own.
let T = Date.now() + DAY;
const at = (ms: number) => new Date(T + ms);

describe.skipIf(!mongoTarget().available)('Mongo retention of processed events and transition guards', () => {
  const mongo = useMongoStorage(import.meta.url);
  let client: MongoClient;
  let db: Db;
  let storage: MongoStorage;

  beforeAll(async () => {
    storage = await mongo.fresh();
    client = await MongoClient.connect(withDatabase(mongoTarget().uri!, storage.dbName));
    db = client.db(storage.dbName);
  });
  afterAll(async () => client?.close());

  async function fresh(): Promise<MongoStorage> {
    T += 40 * DAY;
    return mongo.fresh();
  }

  const claims = () => db.collection<{ _id: string; expiresAt: Date }>('processed_events');
  const guards = () => db.collection<{ _id: string; expiresAt: Date | null }>('order_transitions');
  const anOrderAt = (overrides: Partial<Order> = {}) => orderRecord({ createdAt: at(0), updatedAt: at(0), ...overrides });

  it('indexes expiresAt on both collections (TTL where the server has it)', async () => {
    for (const name of ['processed_events', 'order_transitions']) {
      const index = (await db.collection(name).listIndexes().toArray()).find((i) => i.name === 'expires_at');
      expect(index?.key).toEqual({ expiresAt: 1 });
    }
  });

  it('keeps an event attempt 30 days after it was claimed, and 30 days after it was marked done', async () => {
    const { processedEvents } = await fresh();
    await processedEvents.claim('evt_1', at(0), LEASE);
    expect(await claims().findOne({ _id: 'evt_1#0' })).toMatchObject({ expiresAt: at(30 * DAY) });
    await processedEvents.claim('evt_1', at(LEASE), LEASE);
    await processedEvents.markDone('evt_1', at(LEASE + 5));
    expect(await claims().findOne({ _id: 'evt_1#1' })).toMatchObject({ expiresAt: at(LEASE + 5 + 30 * DAY) });
    expect(await processedEvents.claim('evt_1', at(29 * DAY), LEASE)).toBe('done');
  });

  it('the sweep deletes expired event attempts and nothing else', async () => {
    const { processedEvents } = await fresh();
    await processedEvents.claim('evt_old', at(0), LEASE);
    await processedEvents.markDone('evt_old', at(1));
    await processedEvents.claim('evt_recent', at(20 * DAY), LEASE);
    await processedEvents.claim('evt_new', at(31 * DAY), LEASE); // sweeps, by the caller's clock
    await vi.waitFor(async () => expect(await claims().countDocuments({ _id: 'evt_old#0' })).toBe(0));
    expect((await claims().find().toArray()).map((c) => c._id).sort()).toEqual(['evt_new#0', 'evt_recent#0']);
  });

  it('retires a guard a day after its transition, and the sweep deletes only retired guards past that', async () => {
    const { orders } = await fresh();
    const [done, stuck, later] = [anOrderAt(), anOrderAt(), anOrderAt()];
    for (const o of [done, stuck, later]) await orders.add(o, []);
    await orders.transition(done.id, 'pending', { ...done, status: 'expired', updatedAt: at(10) }, []);
    expect(await guards().findOne({ _id: `${done.id}:0` })).toMatchObject({ expiresAt: at(10 + DAY) });
    // A winner that died between its guard and its write: the guard must stay until finished.
    await guards().insertOne({ ...deadWinnersGuard(stuck.id), expiresAt: null });
    await orders.transition(later.id, 'pending', { ...later, status: 'expired', updatedAt: at(2 * DAY) }, []); // sweeps
    await vi.waitFor(async () => expect(await guards().countDocuments({ _id: `${done.id}:0` })).toBe(0));
    expect((await guards().find().toArray()).map((g) => g._id).sort()).toEqual([`${stuck.id}:0`, `${later.id}:0`].sort());
  });

  it("finishes and retires a dead winner's guard on the next transition", async () => {
    const { orders } = await fresh();
    const order = anOrderAt();
    await orders.add(order, []);
    await guards().insertOne({ ...deadWinnersGuard(order.id), expiresAt: null });
    expect(await orders.transition(order.id, 'pending', { ...order, status: 'expired', updatedAt: at(3 * DAY) }, [])).toBeNull();
    expect(await orders.byId(order.id)).toMatchObject({ status: 'failed', updatedAt: at(5) });
    expect(await guards().findOne({ _id: `${order.id}:0` })).toMatchObject({ expiresAt: at(4 * DAY) });
  });

  it('a caller that read the order before its transition cannot win once the guard is deleted', async () => {
    const { orders } = await fresh();
    const order = anOrderAt();
    await orders.add(order, []);
    const completed = await orders.transition(order.id, 'pending', { ...order, status: 'completed', completedAt: at(5), updatedAt: at(5) }, []);
    await guards().deleteOne({ _id: `${order.id}:0` }); // as the sweep does a day later
    // The straggler read revision 0 (status pending) before the transition above, and only now goes on.
    const staleRead = vi.spyOn(Collection.prototype, 'findOne').mockResolvedValueOnce({ _id: new ObjectId(order.id), revision: 0 });
    try {
      expect(await orders.transition(order.id, 'pending', { ...order, status: 'expired', updatedAt: at(2 * DAY) }, [])).toBeNull();
    } finally {
      staleRead.mockRestore();
    }
    expect(await orders.byId(order.id)).toEqual(completed);
    expect(await guards().findOne({ _id: `${order.id}:0` })).toMatchObject({ expiresAt: at(3 * DAY) });
  });

  /** The guard a winner inserts before writing the order: here it moves the order to `failed`. */
  function deadWinnersGuard(orderId: string) {
    return {
      _id: `${orderId}:0`,
      nonce: new ObjectId().toHexString(),
      set: { status: 'failed', completedAt: null, revision: 1 },
      updatedAt: at(5),
    };
  }
});
