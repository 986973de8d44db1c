import { type Server, type Socket, createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../../../src/adapters/mongo/connect.js';
import { StorageUnavailable } from '../../../../src/domain/errors.js';
import { mongoTarget, testDbName, withDatabase } from '../../../support/mongo.js';

/** A TCP relay in front of the test server that can be cut, like a network partition. */
async function relayTo(uri: string): Promise<{ port: number; cut(): Promise<void> }> {
  const target = /^mongodb:\/\/(?:[^@/]*@)?([^:/?,]+):(\d+)/.exec(uri);
  if (!target) throw new Error('this test needs a single-host mongodb:// TEST_MONGODB_URI');
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(target[2]), target[1]!);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined).on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!mongoTarget().available)('Mongo storage when the server goes away', () => {
  const uri = mongoTarget().uri!;
  const dbName = testDbName(import.meta.url);
  afterAll(async () => {
    // Connecting again also proves startup is idempotent on a database that already has indexes.
    const again = await connectMongo(withDatabase(uri, dbName));
    await again.close();
    const client = await MongoClient.connect(uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('reports StorageUnavailable within seconds, and ping turns false', async () => {
    const relay = await relayTo(uri);
    const storage = await connectMongo(`mongodb://127.0.0.1:${relay.port}/${dbName}?directConnection=true`, {
      serverSelectionTimeoutMS: 2_000,
    });
    try {
      expect(await storage.ping()).toBe(true);
      expect(await storage.users.byEmail('a@example.com')).toBeNull();
      await relay.cut();
      const started = Date.now();
      await expect(storage.users.byEmail('a@example.com')).rejects.toBeInstanceOf(StorageUnavailable);
      await expect(storage.processedEvents.claim('evt_1', new Date(), 1000)).rejects.toBeInstanceOf(StorageUnavailable);
      expect(await storage.ping()).toBe(false);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await storage.close();
    }
  });
});
