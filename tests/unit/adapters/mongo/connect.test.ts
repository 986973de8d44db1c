import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { connectMongo, databaseNameOf } from '../../../../src/adapters/mongo/connect.js';
import { mongoTarget, testDbName, withDatabase } from '../../../support/mongo.js';

describe('connectMongo', () => {
  it('rejects within seconds, naming the host but not the password, when nothing listens', async () => {
    const started = Date.now();
    const error: unknown = await connectMongo('mongodb://shop:s3cret-pw@127.0.0.1:1/shop', {
      serverSelectionTimeoutMS: 1_500,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot use MongoDB at 127\.0\.0\.1:1 \(database "shop"\): .*ECONNREFUSED/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('gives up within the default 5 s server selection timeout', async () => {
    const started = Date.now();
    await expect(connectMongo('mongodb://127.0.0.1:1/')).rejects.toThrow(/127\.0\.0\.1:1 \(database "shop"\)/);
    expect(Date.now() - started).toBeLessThan(6_500);
  });

  it('rejects a malformed connection string without echoing it', async () => {
    const error: unknown = await connectMongo('postgres://user:hunter2@db/shop').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^MONGODB_URI is not a valid MongoDB connection string/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('uses the database named in the URI path, `shop` when there is none', () => {
    expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBe('shop');
    expect(databaseNameOf('mongodb://127.0.0.1:27017/')).toBe('shop');
    expect(databaseNameOf('mongodb://u:p@a:1,b:2/store?replicaSet=rs0')).toBe('store');
    expect(databaseNameOf('mongodb+srv://u:p@cluster0.example.net/shop_prod?retryWrites=true')).toBe('shop_prod');
  });
});

describe.skipIf(!mongoTarget().available)('connectMongo against the test server', () => {
  it('creates the indexes, and connecting again to the same database works (ensureIndexes is idempotent)', async () => {
    const uri = mongoTarget().uri!;
    const dbName = testDbName(import.meta.url);
    const first = await connectMongo(withDatabase(uri, dbName));
    const second = await connectMongo(withDatabase(uri, dbName));
    const client = await MongoClient.connect(uri);
    try {
      expect(first.dbName).toBe(dbName);
      expect(first).toMatchObject({ description: 'MongoDB', durable: true });
      expect(await second.ping()).toBe(true);
      const names = async (collection: string) =>
        (await client.db(dbName).collection(collection).listIndexes().toArray()).map((i) => i.name).sort();
      expect(await names('users')).toEqual(['_id_', 'email_unique']);
      expect(await names('products')).toEqual(['_id_', 'active_newest', 'category_active_newest']);
      expect(await names('orders')).toEqual(['_id_', 'checkout_session', 'newest', 'owner_newest', 'payment', 'pending_oldest', 'status_newest', 'to_ship_oldest']);
      expect(await names('leases')).toEqual(['_id_', 'expires_at', 'lease_latest_attempt']);
      expect(await names('processed_events')).toEqual(['_id_', 'event_latest_attempt', 'expires_at']);
      expect(await names('order_transitions')).toEqual(['_id_', 'expires_at', 'undelivered_oldest']);
      expect(await names('order_events')).toEqual(['_id_', 'order_at']);
      const users = await client.db(dbName).collection('users').listIndexes().toArray();
      expect(users.find((i) => i.name === 'email_unique')?.unique).toBe(true);
    } finally {
      await first.close();
      await second.close();
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
});
