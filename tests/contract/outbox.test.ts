import { MongoClient, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../src/adapters/memory/outbox.js';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { nextId } from '../support/records.js';
import { mongoTarget, useMongoStorage, withDatabase } from '../support/mongo.js';
import { anEntry, outboxContract } from './outbox.contract.js';

const LEASE = 60_000;
const T0 = Date.now() + 24 * 3600_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe('memory', () => {
  outboxContract(async () => new MemoryOutbox());
});

describe.skipIf(!mongoTarget().available)('mongo', () => {
  const mongo = useMongoStorage(import.meta.url);
  outboxContract(async () => (await mongo.fresh()).outbox);

  it('of four processes (own connections) racing for one record, over 10 rounds, one takes it each time', async () => {
    const storage = await mongo.fresh();
    const others = await Promise.all(Array.from({ length: 3 }, () => connectMongo(withDatabase(mongoTarget().uri!, storage.dbName))));
    try {
      const outboxes = [storage.outbox, ...others.map((s) => s.outbox)];
      for (let round = 0; round < 10; round++) {
        await storage.outbox.enqueue(anEntry(), nextId(), at(round));
        const taken = await Promise.all(outboxes.flatMap((o) => [o.take(at(round + 0.5), LEASE, 1), o.take(at(round + 0.5), LEASE, 1)]));
        expect(taken.flat()).toHaveLength(1);
      }
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it('believes a take that says sent over a record document a stale holder put back to pending', async () => {
    const storage = await mongo.fresh();
    const { record } = await storage.outbox.enqueue(anEntry(), nextId(), at(0));
    const [held] = await storage.outbox.take(at(1), LEASE, 1);
    await storage.outbox.markSent(held!, at(2));
    // What a lost update on FerretDB (a read, then an unconditional write) could leave behind.
    const client = new MongoClient(withDatabase(mongoTarget().uri!, storage.dbName));
    try {
      await client.db().collection('outbox').updateOne(
        { _id: ObjectId.createFromHexString(record.id) },
        { $set: { status: 'pending', nextAttemptAt: at(3) } },
      );
    } finally {
      await client.close();
    }
    expect(await storage.outbox.take(at(10), LEASE, 10)).toEqual([]);
    expect(await storage.outbox.byId(record.id)).toMatchObject({ status: 'sent', nextAttemptAt: null });
  });
});
