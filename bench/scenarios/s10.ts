// S10: GET /api/orders (first page, newest first) for a customer with 1,000 orders among 10,000,
// on the MongoDB-wire server, at 10 and 50 connections; with the CPU the database processes used.
//
// Hooked into bench/run.ts (its Mongo-mode service). Standalone, on a service of its own:
//   BENCH_MONGODB_URI=mongodb://127.0.0.1:27019/ npx tsx bench/scenarios/s10.ts [--smoke]
//   (BENCH_S10_PORT, default 43010; BENCH_S10_SERVICE_ENV='{"MONGODB_MAX_TIME_MS":"0"}' adds service settings)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { MongoOrders } from '../../src/adapters/mongo/orders.js';
import { money } from '../../src/domain/money.js';
import { type Order, complete, placeOrder } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import { type Measure, load, medianOf } from '../lib/load.js';
import { databaseProcesses, pinLoadGenerator, startNode } from '../lib/procs.js';
import { shopClient } from '../lib/shop.js';

export type S10Options = Readonly<{
  /** The service, on MongoDB at `uri` (the database it uses, named in the path). */
  base: string;
  uri: string;
  smoke: boolean;
  runs: number;
  seconds: number;
  /** The service's pid, to report its CPU beside the database's. */
  servicePid?: number;
  log?: (line: string) => void;
}>;

export type S10Result = Readonly<{
  c10: Measure;
  c50: Measure;
  extra: Record<string, unknown>;
}>;

const CUSTOMER = { email: 's10-customer@example.com', password: 's10-customer-password-1' };

/** Seeds (through MongoOrders.add, so the documents are the adapter's own), then measures. */
export async function runS10(o: S10Options): Promise<S10Result> {
  const log = o.log ?? (() => undefined);
  const [mine, total] = o.smoke ? [100, 1_000] : [1_000, 10_000];
  const shop = shopClient(o.base);
  const token = await shop.register(CUSTOMER.email, CUSTOMER.password).catch(() => shop.login(CUSTOMER.email, CUSTOMER.password));
  const { id: customerId } = JSON.parse((await shop.call('GET', '/api/auth/profile', undefined, token)).toString()) as { id: string };
  const [first] = JSON.parse((await shop.call('GET', '/api/products?limit=1')).toString()) as { id: string; name: string; unitAmount: number; currency: string }[];
  if (!first) throw new Error('S10 needs one product in the catalogue');
  const product: Product = {
    id: first.id, name: first.name, description: '', category: null, price: money(first.unitAmount, first.currency),
    active: true, stock: null, imageUrl: null, shippable: true, createdAt: new Date(0),
  };

  const seedStarted = performance.now();
  const client = await MongoClient.connect(o.uri, { maxPoolSize: 16 });
  try {
    const orders = new MongoOrders(client.db());
    // Every 10th order is the customer's (so their 1,000 spread over the whole history); 2 in 3 completed.
    const t0 = Date.now() - total * 60_000;
    const orderAt = (i: number): Order => {
      const at = new Date(t0 + i * 60_000);
      const owner = i % (total / mine) === 0 ? customerId : new ObjectId().toHexString();
      const placed = placeOrder(new ObjectId().toHexString(), owner, [{ product, productId: product.id, quantity: 1 + (i % 3) }], at);
      const withCheckout = { ...placed, checkout: { sessionId: `cs_test_s10_${i}`, url: `https://checkout.example.test/s10/${i}` } };
      return i % 3 === 0 ? withCheckout : complete(withCheckout, { paid: withCheckout.total, breakdown: null, paymentId: `pi_s10_${i}` }, new Date(at.getTime() + 30_000));
    };
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let i = next++; i < total; i = next++) await orders.add(orderAt(i), []);
    }));
  } finally {
    await client.close();
  }
  const seedMs = performance.now() - seedStarted;
  log(`S10: seeded ${mine} of ${total} orders in ${(seedMs / 1000).toFixed(1)} s`);
  // One request alone first: a 503 here (a server slower than MONGODB_MAX_TIME_MS even unloaded) is reported, not fatal.
  const single = await fetch(`${o.base}/api/orders`, { headers: { authorization: `Bearer ${token}` } });
  const page = single.ok ? ((await single.json()) as unknown[]) : null;
  if (page && page.length !== 20) throw new Error(`S10: the first page has ${page.length} orders, not 20`);
  if (!page) log(`S10: one request alone answered ${single.status} ${(await single.text()).slice(0, 120)}`);

  const db = databaseProcesses(o.uri, o.servicePid);
  const spec = (connections: number) => ({
    url: `${o.base}/api/orders`, connections, seconds: o.seconds, headers: { authorization: `Bearer ${token}` },
  });
  await load({ ...spec(10), seconds: 1 }); // warm-up
  const cpu: Record<string, Record<string, number>> = {};
  const measure = async (connections: number) => {
    const runs: Measure[] = [];
    const before = db.ticks();
    const wall = performance.now();
    for (let run = 0; run < o.runs; run++) runs.push(await load(spec(connections)));
    const after = db.ticks();
    const seconds = (performance.now() - wall) / 1000;
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    cpu[`c${connections}`] = Object.fromEntries(Object.keys(after).map((k) => {
      const ticks = after[k]! - (before[k] ?? 0);
      // % of one core over the run, and CPU ms per request (ticks are 10 ms)
      return [k, { corePercent: Math.round((ticks * 10) / seconds / 10), cpuMsPerRequest: +((ticks * 10) / Math.max(requests, 1)).toFixed(2) }];
    }).flatMap(([k, v]) => Object.entries(v as Record<string, number>).map(([m, n]) => [`${k}.${m}`, n])));
    return medianOf(runs);
  };
  const c10 = await measure(10);
  const c50 = await measure(50);
  return {
    c10, c50,
    extra: { ordersOfCustomer: mine, ordersInDatabase: total, seedMs: Math.round(seedMs), aloneStatus: single.status, databasePids: db.pids, cpu },
  };
}

// Standalone: a service of its own on BENCH_S10_PORT, on a fresh database at BENCH_MONGODB_URI.
if (process.argv[1]?.endsWith('scenarios/s10.ts')) {
  const smoke = process.argv.includes('--smoke');
  const port = Number(process.env['BENCH_S10_PORT'] ?? 43010);
  const server = process.env['BENCH_MONGODB_URI'] ?? 'mongodb://127.0.0.1:27018/';
  const uri = `${server.replace(/\/?$/, '/')}shop_bench_s10_${Date.now()}`;
  const base = `http://127.0.0.1:${port}`;
  pinLoadGenerator();
  const proc = await startNode('service-s10', 'src/boot/main.ts', {
    env: {
      PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: String(port), HOST: '127.0.0.1', APP_URL: base,
      JWT_SECRET: 'bench-s10-secret-0123456789-0123456789-0123456789', LOG_LEVEL: 'info', RATE_LIMITS: 'off', MONGODB_URI: uri,
      ADMIN_EMAIL: 'bench-admin@example.com', ADMIN_PASSWORD: 'bench-admin-password-1',
      ...(JSON.parse(process.env['BENCH_S10_SERVICE_ENV'] ?? '{}') as Record<string, string>),
    },
    readyUrl: `${base}/health/ready`,
    logFile: join(mkdtempSync(join(tmpdir(), 'shop-bench-s10-')), 'service.log'),
  });
  try {
    const shop = shopClient(base);
    await shop.ensureProducts(await shop.login('bench-admin@example.com', 'bench-admin-password-1'), 1);
    const result = await runS10({ base, uri, smoke, runs: 1, servicePid: proc.pid, seconds: Number(process.env['BENCH_S10_SECONDS'] ?? (smoke ? 1 : 5)), log: console.error });
    console.log(JSON.stringify({ uri: server, ...result }));
  } finally {
    await proc.stop();
    const client = await MongoClient.connect(uri);
    await client.db().dropDatabase().catch(() => undefined);
    await client.close();
  }
}
