import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { ReleaseStrandedStock } from '../../src/application/upkeep/release-stranded-stock.js';
import { dropTestDatabase, mongoTarget, testDbName, withDatabase } from '../support/mongo.js';
import { type SpawnedService, callJson, spawnService, stopServices } from '../support/spawn-service.js';
import { wireRelay } from '../support/wire-relay.js';

const ADMIN = { email: 'admin@cuts.test', password: 'admin-password-123' };
const { uri } = mongoTarget();
const STOCK = 60;
const ORDERS = 100;
const CUTS = 20;
/** What the issue asks: every instance serves normally again within this after the outage ends. */
const RECOVERY_MS = 30_000;
/**
 * No request waits longer than this during the cuts: the storage calls' deadline (pool wait 1 s +
 * server selection 5 s + socket timeout 10 s + 1 s), which only a call caught in the driver's
 * hang reaches, plus the request's own work on a loaded machine.
 */
const REQUEST_BOUND_MS = 20_000;
/** Most requests answer within about a server selection (5 s): the rest are the hang's. */
const TYPICAL_MS = 7_000;

/**
 * How the orders meet the cuts. `at once`: all 100 sent together while the relay cuts every 150 ms
 * (an outage: most answer 503, and the driver's monitor gets stuck in about half the runs).
 * `spread`: one order every 80 ms while it cuts every 400 ms (each cut lands in the middle of some
 * orders' steps: the driver retries, replies are lost after writes applied).
 */
const SHAPES = [
  { shape: 'at once', cutEveryMs: 150, sendEveryMs: 0 },
  { shape: 'spread', cutEveryMs: 400, sendEveryMs: 80 },
] as const;

/**
 * Two service processes on one database behind a TCP relay that cuts every connection again and
 * again during a burst of orders, then heals: nothing is lost or doubled, every 201 is an order,
 * and both instances serve again on their own within 30 s.
 */
describe.skipIf(!uri).each(SHAPES)('two instances while every storage connection is cut, again and again ($shape)', ({ cutEveryMs, sendEveryMs }) => {
  const dbName = testDbName(import.meta.url);
  const services: SpawnedService[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    await stopServices(services);
    for (const cleanup of cleanups.reverse()) await cleanup();
    await dropTestDatabase(uri!, dbName);
  }, 60_000);

  it(`${ORDERS} orders for a stock of ${STOCK} through ${CUTS} cuts: no unit lost or doubled, every 201 stored, both instances back within 30 s`, async () => {
    const relay = await wireRelay(uri!);
    cleanups.push(() => relay.close());
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'storage-cuts-test-secret-0123456789abcdef',
      MONGODB_URI: relay.uri(dbName),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMITS: 'off',
      CATALOGUE_CACHE_POLL: '200ms',
    };
    services.push(await spawnService(env), await spawnService(env));
    const bases = services.map((s) => s.url);
    const [a] = bases as [string, string];
    const login = await callJson(a, 'POST', '/api/auth/login', null, ADMIN).catch((error: Error) => {
      throw new Error(`${error.message}\n${services.map((s) => s.output()).join('\n---\n')}`);
    });
    const admin = login.body!['access_token'] as string;
    const created = await callJson(a, 'POST', '/api/products', admin, { name: 'Cut-proof mug', unitAmount: 1500, stock: STOCK });
    expect(created.status).toBe(201);
    const productId = created.body!['id'] as string;
    const customers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const reg = await callJson(bases[i % 2]!, 'POST', '/api/auth/register', null, {
        name: `Buyer ${i}`, email: `buyer-${i}-${dbName}@example.com`, password: 'a-good-password',
      });
      customers.push(reg.body!['access_token'] as string);
    }

    // The burst, with the relay cutting every connection every `cutEveryMs`, 20 times.
    let cuts = 0;
    const cutter = setInterval(() => {
      if (cuts++ < CUTS) relay.cut();
    }, cutEveryMs);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        if (sendEveryMs) await new Promise((r) => setTimeout(r, i * sendEveryMs));
        const sentAt = performance.now();
        const res = await callJson(bases[i % 2]!, 'POST', '/api/orders', customers[i % customers.length]!, { productId, quantity: 1 })
          .catch((error: Error) => ({ status: 0, body: { error: error.message } as unknown as Record<string, unknown> & unknown[] }));
        return { ...res, ms: performance.now() - sentAt };
      }),
    );
    while (cuts < CUTS) await new Promise((r) => setTimeout(r, 50));
    clearInterval(cutter);
    const healedAt = performance.now();
    const statuses = results.map((r) => r.status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    const times = results.map((r) => r.ms).sort((x, y) => x - y);
    const slowest = times.at(-1)!;
    const p90 = times[Math.floor(times.length * 0.9)]!;
    console.info(`burst: ${count(201)} × 201, ${count(409)} × 409, ${count(503)} × 503, others ${JSON.stringify(statuses.filter((s) => ![201, 409, 503].includes(s)))}; p50 ${times[50]!.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms; burst took ${(healedAt - started).toFixed(0)} ms`);
    const unexpected = results.filter((r) => ![201, 409, 503].includes(r.status));
    const internalErrors = () => services.flatMap((svc) => svc.output().split('\n').filter((l) => l.includes('"request failed"') && !l.includes('STORAGE_UNAVAILABLE') && !l.includes('OUT_OF_STOCK')));
    expect(unexpected, `${JSON.stringify(unexpected)}\n${internalErrors().join('\n')}`).toEqual([]);
    for (const refused of results.filter((r) => r.status === 503)) expect(refused.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(slowest).toBeLessThan(REQUEST_BOUND_MS);
    expect(p90).toBeLessThan(TYPICAL_MS);

    // Healed: both instances serve normally again (reads, and an order placed or refused as sold out) within 30 s.
    // A guard whose winner was cut off between its insert and its level write blocks the product
    // for 10 s (then the next caller finishes it): orders answer 503 "try again" meanwhile.
    const backAfter: number[] = [];
    const afterwards: string[] = [];
    await Promise.all(bases.map(async (base, k) => {
      for (;;) {
        const [ready, list, products] = await Promise.all([
          callJson(base, 'GET', '/health/ready', null),
          callJson(base, 'GET', '/api/orders', customers[k]!),
          callJson(base, 'GET', '/api/admin/products?status=all', admin),
        ]);
        const order = ready.status === 200 && list.status === 200 && products.status === 200
          ? await callJson(base, 'POST', '/api/orders', customers[k]!, { productId, quantity: 1 })
          : null;
        if (order?.status === 201) afterwards.push((order.body!['order'] as { id: string }).id);
        if (order?.status === 201 || order?.status === 409) break; // placed, or refused as sold out: served either way
        if (performance.now() - healedAt > RECOVERY_MS) {
          throw new Error(`instance ${k} not back ${RECOVERY_MS} ms after the cuts ended: ready ${ready.status}, orders ${list.status}, products ${products.status}, order ${order?.status}\n${services[k]!.output().split('\n').filter((l) => !l.includes('"request failed"')).slice(-30).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      backAfter[k] = performance.now() - healedAt;
    }));
    console.info(`back after the cuts (an order answered on each): ${backAfter.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);

    // The sweep (as the job runs it, its clock past STRANDED_STOCK_AFTER): then every unit is accounted.
    const storage = await connectMongo(withDatabase(uri!, dbName));
    cleanups.push(() => storage.close());
    const later = new Date(Date.now() + 11 * 60_000);
    await new ReleaseStrandedStock(storage.orders, storage.stock, storage.stockReservations, { now: () => later }).execute(10 * 60_000);
    const orders = await storage.orders.list({}, { limit: 1000 });
    const holding = orders.filter((o) => o.status === 'pending' || o.status === 'completed');
    const held = holding.reduce((sum, o) => sum + o.items.reduce((n, item) => n + item.quantity, 0), 0);
    const stock = (await storage.products.byId(productId))?.stock;
    console.info(`after the sweep: stock ${stock}, ${holding.length} orders holding ${held} units, ${orders.length} orders in all`);
    expect(stock).toBe(STOCK - held);
    const ids = new Set(orders.map((o) => o.id));
    for (const placed of results.filter((r) => r.status === 201)) expect(ids.has((placed.body!['order'] as { id: string }).id)).toBe(true);
    for (const id of afterwards) expect(ids.has(id)).toBe(true);
  }, 180_000);
});
