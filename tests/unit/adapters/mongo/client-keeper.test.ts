import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientKeeper } from '../../../../src/adapters/mongo/client-keeper.js';

// No server: clients are only constructed, and the driver's monitoring events are emitted by hand.
const make = () => new MongoClient('mongodb://127.0.0.1:1/shop', { serverSelectionTimeoutMS: 100 });
// What the driver's events carry that the keeper reads (their constructors are internal).
const started = (address: string, awaited = false) => ({ connectionId: address, awaited });
const succeeded = (address: string) => ({ connectionId: address, awaited: false, duration: 1, reply: { ok: 1 } });
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('ClientKeeper', () => {
  const keepers: ClientKeeper[] = [];
  afterEach(async () => {
    for (const keeper of keepers.splice(0)) await keeper.close();
  });

  it("replaces a client whose server check never ends (the driver's monitor is stuck), and the adapters' db follows", async () => {
    const reasons: string[] = [];
    const keeper = new ClientKeeper(make, 'shop', { connectTimeoutMS: 50, heartbeatFrequencyMS: 10_000, everyMs: 20, onReplace: (r) => reasons.push(r) });
    keepers.push(keeper);
    const first = keeper.client;
    const orders = keeper.db.collection('orders'); // kept by an adapter, as the adapters do
    expect(orders.dbName).toBe('shop');
    first.emit('serverHeartbeatStarted', started('db:27017') as never);
    await until(() => keeper.client !== first);
    expect(keeper.client).not.toBe(first);
    expect(keeper.replaced).toBe(1);
    expect(reasons).toEqual([expect.stringMatching(/^the driver's check of db:27017 has not ended after \d+ ms$/)]);
    expect(orders.collectionName).toBe('orders');
    expect(keeper.db.databaseName).toBe('shop');
    // The old client's late events change nothing.
    first.emit('serverHeartbeatStarted', started('db:27017') as never);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(keeper.replaced).toBe(1);
  });

  it('leaves a client whose checks end alone, and gives an awaited (streaming) check a heartbeat period more', async () => {
    const keeper = new ClientKeeper(make, 'shop', { connectTimeoutMS: 50, heartbeatFrequencyMS: 2_000, everyMs: 20 });
    keepers.push(keeper);
    const client = keeper.client;
    for (let i = 0; i < 5; i++) {
      client.emit('serverHeartbeatStarted', started('db:27017') as never);
      await new Promise((r) => setTimeout(r, 60));
      client.emit('serverHeartbeatSucceeded', succeeded('db:27017') as never);
    }
    client.emit('serverHeartbeatStarted', started('db:27017', true) as never);
    await new Promise((r) => setTimeout(r, 2_300)); // past a polling check's 2 × 50 + 2000 ms, well within 2000 more
    expect(keeper.client).toBe(client);
    expect(keeper.replaced).toBe(0);
  });
});
