import { MongoClient } from 'mongodb';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { storageCall } from '../../src/adapters/mongo/translate-errors.js';
import { loadConfig } from '../../src/boot/config.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { selectAdapters } from '../../src/boot/select-adapters.js';
import { testApp } from '../support/app.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { wireRelay } from '../support/wire-relay.js';

const WRITES = ['insert', 'update', 'delete', 'findAndModify'];

describe.skipIf(!mongoTarget().available)('storage saturated: requests fail fast, and what succeeds succeeds', () => {
  const uri = mongoTarget().uri!;
  const dbName = testDbName(import.meta.url);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await dropTestDatabase(uri, dbName);
  });

  /** The service as MONGODB_* configures it (through selectAdapters, as src/boot/main.ts does), behind a relay. */
  async function serviceBehindRelay(env: Record<string, string>) {
    const relay = await wireRelay(uri);
    cleanups.push(() => relay.close());
    const config = loadConfig({ MONGODB_URI: relay.uri(dbName), ...env });
    const { storage } = await selectAdapters(config, pino({ level: 'silent' }));
    cleanups.push(() => storage!.close());
    // One poll at startup, then none during the test: the request under test owns the pool.
    const t = await testApp({ storage: storage! }, { CATALOGUE_CACHE_POLL: '60s' });
    const { token } = await t.register();
    const product = await t.createProduct(await t.adminToken());
    const placed = await t.placeOrder(token, { productId: product.id });
    expect(placed.status).toBe(201);
    // The placement's event is delivered in the background; let it finish, so the request under
    // test has the pool (and the relay's command log) to itself.
    await t.jobs.dispatchEvents.idle();
    const orders = () => t.http.get('/api/orders').set('Authorization', `Bearer ${token}`);
    return { relay, t, token, orderId: placed.body.order.id as string, orders };
  }

  it('answers 503 STORAGE_UNAVAILABLE with Retry-After within the pool wait (default 1 s, was 5 s) while the one connection is busy', async () => {
    const { relay, orders } = await serviceBehindRelay({ MONGODB_MAX_POOL_SIZE: '1' });
    expect((await orders()).body).toHaveLength(1);

    relay.stall();
    const sent = relay.nextCommand((c) => c['find'] === 'orders');
    const first = orders().then((res) => res); // holds the only connection until the replies flow again
    await sent;
    const started = performance.now();
    const second = await orders();
    const waited = performance.now() - started;
    expect(second.status).toBe(503);
    expect(second.body.code).toBe('STORAGE_UNAVAILABLE');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    // The old settings (a 5 s wait for a connection) fail this; the new default waits 1 s.
    expect(waited).toBeLessThan(3_000);

    relay.resume();
    const held = await first;
    expect(held.status).toBe(200);
    expect(held.body).toHaveLength(1);
    expect((await orders()).status).toBe(200);
  });

  it('gives the reads that answer a request a server time limit (MONGODB_MAX_TIME_MS), and never a write', async () => {
    const { relay, t, token, orderId, orders } = await serviceBehindRelay({ MONGODB_MAX_TIME_MS: '750' });
    const from = relay.commands.length;
    expect((await orders()).status).toBe(200);
    expect((await t.http.get(`/api/orders/${orderId}`).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await t.http.post(`/api/orders/${orderId}/cancel`).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await t.jobs.dispatchEvents.idle();

    const requestReads = relay.commands.slice(from, from + 2);
    expect(requestReads.map((c) => [c['find'], c['maxTimeMS']])).toEqual([['orders', 750], ['orders', 750]]);
    const writes = relay.commands.filter((c) => WRITES.some((w) => w in c));
    expect(writes.map((c) => Object.keys(c)[0])).toEqual(expect.arrayContaining(['insert', 'findAndModify']));
    for (const write of writes) expect(write).not.toHaveProperty('maxTimeMS');
  });

  it('reports a read whose server time limit expired (MaxTimeMSExpired, which FerretDB 1.24 honours on find) as StorageUnavailable', async () => {
    const client = await MongoClient.connect(withDatabase(uri, dbName));
    cleanups.push(() => client.close());
    const slow = client.db().collection('slow_reads');
    await slow.insertMany(Array.from({ length: 2000 }, (_, i) => ({ i, pad: `${i}`.padEnd(2000, 'x') })));
    // An unindexed regex over 4 MB, sorted in memory: far longer than 1 ms on any server.
    const read = () => slow.find({ pad: { $regex: 'y$' } }, { maxTimeMS: 1 }).sort({ pad: -1 }).toArray();
    await expect(storageCall(read)).rejects.toBeInstanceOf(StorageUnavailable);
  });
});
