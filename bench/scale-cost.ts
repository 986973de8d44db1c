/**
 * What an order costs the database at 1, 2 and 4 instances (docs/scaling.md): N service processes
 * on one database behind a TCP relay that reads every command going through. Background work
 * (catalogue polls, the periodic jobs' lease checks) is measured idle first and subtracted.
 *
 *   TEST_MONGODB_URI=mongodb://127.0.0.1:27018/ npx tsx bench/scale-cost.ts [orders=100] [concurrency=10]
 */
import { dropTestDatabase, testDbName } from '../tests/support/mongo.js';
import { type SpawnedService, callJson, spawnService, stopServices } from '../tests/support/spawn-service.js';
import { wireRelay } from '../tests/support/wire-relay.js';

const uri = process.env['TEST_MONGODB_URI'];
if (!uri) throw new Error('set TEST_MONGODB_URI (scripts/test-services.sh start prints it)');
const ORDERS = Number(process.argv[2] ?? 100);
const CONCURRENCY = Number(process.argv[3] ?? 10);
const ADMIN = { email: 'admin@scale.test', password: 'admin-password-123' };
const IDLE_MS = 5_000;

type Tally = Record<string, number>;
const tally = (commands: readonly Record<string, unknown>[]): Tally => {
  const out: Tally = {};
  for (const c of commands) {
    const name = Object.keys(c)[0]!;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
};

async function measure(instances: number, hot: boolean) {
  const dbName = testDbName(`scale-${instances}-${hot ? 'hot' : 'spread'}.test.ts`);
  const relay = await wireRelay(uri!);
  const services: SpawnedService[] = [];
  try {
    const env = {
      NODE_ENV: 'test', JWT_SECRET: 'scale-cost-bench-secret-0123456789abcdef', MONGODB_URI: relay.uri(dbName),
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'error',
    };
    for (let i = 0; i < instances; i++) services.push(await spawnService(env, { readyTimeoutMs: 60_000 }));
    const bases = services.map((s) => s.url);
    const admin = (await callJson(bases[0]!, 'POST', '/api/auth/login', null, ADMIN)).body!['access_token'] as string;
    const products: string[] = [];
    for (let i = 0; i < (hot ? 1 : 20); i++) {
      products.push((await callJson(bases[0]!, 'POST', '/api/products', admin, { name: `Item ${i}`, unitAmount: 1000, stock: 100_000 })).body!['id'] as string);
    }
    const customers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const reg = await callJson(bases[i % instances]!, 'POST', '/api/auth/register', null, { name: `C${i}`, email: `c${i}-${dbName}@example.com`, password: 'a-good-password' });
      customers.push(reg.body!['access_token'] as string);
    }
    await new Promise((r) => setTimeout(r, 2_000)); // the startup's own traffic settles

    const idleFrom = relay.commands.length;
    const idleStart = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idlePerMs = (relay.commands.length - idleFrom) / (performance.now() - idleStart);

    const from = relay.commands.length;
    const started = performance.now();
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < ORDERS; i = next++) {
        const res = await callJson(bases[i % instances]!, 'POST', '/api/orders', customers[i % customers.length]!, { productId: products[i % products.length]!, quantity: 1 });
        statuses.push(res.status);
      }
    }));
    await new Promise((r) => setTimeout(r, 1_000)); // the placements' events, delivered in the background
    const ms = performance.now() - started;
    const during = relay.commands.slice(from);
    const background = idlePerMs * ms;
    const perOrder = (during.length - background) / ORDERS;
    return { instances, hot, ok: statuses.filter((s) => s === 201).length, perOrder, background: idlePerMs * 1000, ms, byCommand: tally(during) };
  } finally {
    await stopServices(services);
    await relay.close();
    await dropTestDatabase(uri!, dbName);
  }
}

const rows = [];
for (const hot of [false, true]) {
  for (const instances of [1, 2, 4]) {
    const r = await measure(instances, hot);
    rows.push(r);
    const by = Object.entries(r.byCommand).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / ORDERS).toFixed(1)}`).join(', ');
    console.log(`${r.hot ? 'one product' : '20 products'} | ${r.instances} instance(s) | ${r.ok}/${ORDERS} placed | ${r.perOrder.toFixed(1)} commands per order | background ${r.background.toFixed(1)}/s | ${(r.ms / ORDERS).toFixed(0)} ms per order at ${CONCURRENCY} concurrent | per order: ${by}`);
  }
}
