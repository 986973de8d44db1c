import { type Collection, type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claim, claim } from '../../src/adapters/mongo/claim.js';
import { isDuplicateKey } from '../../src/adapters/mongo/translate-errors.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { wireRelay } from '../support/wire-relay.js';

type Slot = { _id: string; email: string; caller: number };

const winners = <T>(claims: Claim<T>[]) => claims.filter((c) => c.won);

describe.skipIf(!mongoTarget().available)('claim on the MongoDB-wire server', () => {
  const uri = mongoTarget().uri!;
  const dbName = testDbName(import.meta.url);
  let client: MongoClient;
  let db: Db;
  let n = 0;
  /** A collection of its own per test, with a unique index on `email` besides `_id`. */
  const slots = async (): Promise<Collection<Slot>> => {
    const collection = db.collection<Slot>(`slots_${n++}`);
    await collection.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    return collection;
  };

  beforeAll(async () => {
    client = await MongoClient.connect(withDatabase(uri, dbName), { serverSelectionTimeoutMS: 5_000 });
    db = client.db(dbName);
  });
  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  it('gives a free key to its caller; a later caller loses and reads the first one', async () => {
    const collection = await slots();
    const first = { _id: 'k', email: 'a@example.com', caller: 1 };
    expect(await claim(collection, first)).toEqual({ won: true, doc: first });
    expect(await claim(collection, { _id: 'k', email: 'b@example.com', caller: 2 })).toEqual({ won: false, winner: first });
    expect(await collection.countDocuments()).toBe(1);
  });

  it('of 20 parallel callers on one key, exactly one wins and every loser sees its document (10 rounds)', async () => {
    const collection = await slots();
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, caller) => claim(collection, { _id: `k${round}`, email: `${round}.${caller}@example.com`, caller })),
      );
      const won = winners(claims);
      expect(won).toHaveLength(1);
      const doc = won[0]!.won ? won[0]!.doc : null;
      for (const lost of claims.filter((c) => !c.won)) expect(lost).toEqual({ won: false, winner: doc });
      expect(await collection.find({ _id: `k${round}` }).toArray()).toEqual([doc]);
    }
  });

  it('claims another unique field when told: 20 parallel callers on one email, one winner', async () => {
    const collection = await slots();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, caller) => claim(collection, { _id: `id${caller}`, email: 'same@example.com', caller }, { key: 'email' })),
    );
    const won = winners(claims);
    expect(won).toHaveLength(1);
    const doc = won[0]!.won ? won[0]!.doc : null;
    for (const lost of claims.filter((c) => !c.won)) expect(lost).toEqual({ won: false, winner: doc });
  });

  it('does not take a duplicate key in another unique index for a lost claim', async () => {
    const collection = await slots();
    await collection.insertOne({ _id: 'held', email: 'taken@example.com', caller: 0 });
    // The `_id` is free; the email is not.
    const byId = claim(collection, { _id: 'free', email: 'taken@example.com', caller: 1 });
    await expect(byId).rejects.toSatisfy(isDuplicateKey);
    // The email is free; the `_id` is not.
    const byEmail = claim(collection, { _id: 'held', email: 'free@example.com', caller: 2 }, { key: 'email' });
    await expect(byEmail).rejects.toSatisfy(isDuplicateKey);
    expect(await collection.find().toArray()).toEqual([{ _id: 'held', email: 'taken@example.com', caller: 0 }]);
  });

  it('tries again when the winner is gone by the time the loser reads it', async () => {
    const collection = await slots();
    await collection.insertOne({ _id: 'k', email: 'gone@example.com', caller: 0 });
    let reads = 0;
    // The winner is deleted between the failed insert and the read of it, as a sweep or a release could.
    const racing = new Proxy(collection, {
      get(target, property, receiver) {
        if (property !== 'findOne') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<Collection<Slot>['findOne']>) => {
          if (reads++ === 0) await target.deleteOne({ _id: 'k' });
          return target.findOne(...args);
        };
      },
    });
    const mine = { _id: 'k', email: 'mine@example.com', caller: 1 };
    expect(await claim(racing, mine)).toEqual({ won: true, doc: mine });
    expect(reads).toBe(1);
    expect(await collection.find().toArray()).toEqual([mine]);
  });

  it('reports StorageUnavailable when the server cannot be reached', async () => {
    const relay = await wireRelay(uri);
    const cut = new MongoClient(relay.uri(dbName), { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000, socketTimeoutMS: 2_000 });
    try {
      const collection = cut.db(dbName).collection<Slot>('slots_unreachable');
      expect(await claim(collection, { _id: 'k', email: 'a@example.com', caller: 1 })).toMatchObject({ won: true });
      await relay.close();
      await expect(claim(collection, { _id: 'k', email: 'b@example.com', caller: 2 })).rejects.toBeInstanceOf(StorageUnavailable);
    } finally {
      await cut.close();
      await relay.close().catch(() => undefined);
    }
  });
});
