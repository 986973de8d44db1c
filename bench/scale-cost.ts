/**
 * What an order costs the database at 1, 2 and 4 instances (docs/scaling.md): N service processes
 * on one database (a FerretDB of its own, FERRETDB_BIN) behind a TCP relay that reads every
 * command going through. Background work (catalogue polls, the periodic jobs' lease checks) is
 * measured idle first and subtracted; FerretDB's CPU time is read from /proc.
 *
 *   FERRETDB_BIN=… npx tsx bench/scale-cost.ts [orders=100] [concurrency=10] [instances=1,2,4] [shapes=spread,hot]
 */
import { readFileSync } from 'node:fs';
import { ownFerretdb } from '../tests/support/ferretdb.js';
import { dropTestDatabase, testDbName } from '../tests/support/mongo.js';
import { type SpawnedService, callJson, spawnService, stopServices } from '../tests/support/spawn-service.js';
import { wireRelay } from '../tests/support/wire-relay.js';

// A FerretDB of its own (FERRETDB_BIN), so its CPU time is this benchmark's alone.
const ferretdb = await ownFerretdb();
const uri = ferretdb.uri.replace(/\/shop$/, '/');
/** CPU time (ms) the FerretDB process has used so far. */
const ferretdbCpuMs = () => {
  const fields = readFileSync(`/proc/${ferretdb.pid()}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
};
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
    const cpuFrom = ferretdbCpuMs();
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
    const cpu = ferretdbCpuMs() - cpuFrom;
    const during = relay.commands.slice(from);
    const background = idlePerMs * ms;
    const perOrder = (during.length - background) / ORDERS;
    return { instances, hot, ok: statuses.filter((s) => s === 201).length, perOrder, background: idlePerMs * 1000, ms, cpuPerOrder: cpu / ORDERS, byCommand: tally(during) };
  } finally {
    await stopServices(services);
    await relay.close();
    await dropTestDatabase(uri!, dbName);
  }
}

const INSTANCES = (process.argv[4] ?? '1,2,4').split(',').map(Number);
const SHAPES = (process.argv[5] ?? 'spread,hot').split(',');
const rows = [];
for (const hot of SHAPES.map((s) => s === 'hot')) {
  for (const instances of INSTANCES) {
    const r = await measure(instances, hot);
    rows.push(r);
    const by = Object.entries(r.byCommand).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / ORDERS).toFixed(1)}`).join(', ');
    console.log(`${r.hot ? 'one product' : '20 products'} | ${r.instances} instance(s) | ${r.ok}/${ORDERS} placed | ${r.perOrder.toFixed(1)} commands per order | background ${r.background.toFixed(1)}/s | ${(r.ms / ORDERS).toFixed(0)} ms per order at ${CONCURRENCY} concurrent | FerretDB CPU ${r.cpuPerOrder.toFixed(1)} ms per order | per order: ${by}`);
  }
}
await ferretdb.destroy();
