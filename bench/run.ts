// npm run bench (3 runs per scenario, medians) · npm run bench:smoke (one short run each, targets not enforced)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Load, type Measure, load, median, medianOf } from './lib/load.js';
import { type Proc, cpuTicksByCommand, pinLoadGenerator, pinning, runNodeJson, startNode } from './lib/procs.js';
import { shopClient } from './lib/shop.js';
import { type PendingOrder, signedEvents } from './lib/webhook-events.js';
import { type Row, printTable, verdict } from './lib/report.js';
import { type S10Result, runS10 } from './scenarios/s10.js';
import { runS11 } from './scenarios/s11.js';
import { runS8 } from './scenarios/s8.js';

const smoke = process.argv.includes('--smoke');
const skipMongo = process.argv.includes('--no-mongo');
const RUNS = smoke ? 1 : 3;
const SECONDS = smoke ? 1 : 6;
const WARMUP = smoke ? 1 : 2;
const CONNECTIONS = 10;
const JWT_SECRET = randomBytes(48).toString('base64url');
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const METRICS_TOKEN = randomBytes(24).toString('hex');
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password-1' };
const CUSTOMER = { email: 'bench-customer@example.com', password: 'bench-customer-password-1' };
const MONGODB_URI = process.env['BENCH_MONGODB_URI'] ?? 'mongodb://127.0.0.1:27018/';
const HOST = '127.0.0.1';
// Every server listens on 21000–21099: below Linux's ephemeral range (32768–60999), so no client
// socket can hold a server's port, and a readiness poll can't connect to itself before it listens.

const started = performance.now();
pinLoadGenerator();
const work = mkdtempSync(join(tmpdir(), 'shop-bench-'));
const procs: Proc[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);

const serviceEnv = (port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'], HOME: process.env['HOME'],
  PORT: String(port), HOST, APP_URL: `http://${HOST}:${port}`, JWT_SECRET, LOG_LEVEL: 'info',
  ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
  // A login flood from one address is what the limiter exists to stop; the benchmark measures the work behind it.
  RATE_LIMITS: 'off', ...extra,
});

async function start(name: string, script: string, port: number, env: NodeJS.ProcessEnv, readyPath = '/health/ready') {
  const proc = await startNode(name, script, { env, readyUrl: `http://${HOST}:${port}${readyPath}`, logFile: join(work, `${name}.log`) });
  procs.push(proc);
  return proc;
}

/** Admin, 20 products and a customer with a token: what S1–S4 need. */
async function prepareShop(base: string) {
  const shop = shopClient(base);
  const admin = await shop.login(ADMIN.email, ADMIN.password);
  await shop.ensureProducts(admin, 20);
  const customer = await shop.register(CUSTOMER.email, CUSTOMER.password).catch(() => shop.login(CUSTOMER.email, CUSTOMER.password));
  return { shop, admin, customer };
}

type Series = { runs: Measure[]; extra?: Record<string, number[]> };
const results = new Map<string, Series>();
const record = (id: string, m: Measure, extra: Record<string, number> = {}) => {
  const series = results.get(id) ?? { runs: [], extra: {} };
  series.runs.push(m);
  for (const [k, v] of Object.entries(extra)) (series.extra![k] ??= []).push(v);
  results.set(id, series);
};
/** A server that died mid-run (killed from outside, say) would otherwise show up as 0 req/s. */
const assertAlive = () => {
  const dead = procs.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  if (dead.length > 0) throw new Error(`${dead.map((p) => p.name).join(', ')} stopped during the benchmark; see the logs in ${work}`);
};
const med = (id: string) => medianOf(results.get(id)?.runs ?? []);
const medExtra = (id: string, key: string) => median(results.get(id)?.extra?.[key] ?? [0]);

try {
  log(`shop-api benchmark${smoke ? ' (smoke)' : ''}: ${RUNS} run(s) × ${SECONDS} s per scenario, ${WARMUP} s warm-up, ${CONNECTIONS} connections`);
  log(`pinning: ${pinning.enabled ? 'servers on core 1, load generator on core 0' : 'off (no taskset or a single core)'}; logs in ${work}`);

  // --- the service, embedded mode
  const main = await start('service', 'src/boot/main.ts', 21000, serviceEnv(21000));
  await sleep(500);
  const idleRss = main.rssBytes();
  const base = `http://${HOST}:21000`;
  const { shop, customer } = await prepareShop(base);
  const productsBytes = await shop.call('GET', '/api/products');
  const profileBytes = await shop.call('GET', '/api/auth/profile', undefined, customer);
  writeFileSync(join(work, 'products.json'), productsBytes);
  writeFileSync(join(work, 'profile.json'), profileBytes);
  const productCount = (JSON.parse(productsBytes.toString()) as unknown[]).length;
  log(`[${seconds()}s] service ready in ${main.startupMs.toFixed(0)} ms, ${productCount} products, idle RSS ${(idleRss / 2 ** 20).toFixed(1)} MiB`);

  // --- baselines and bench entries (S5, S6), idle while others run
  const bodyEnv = (file: string, port: number) => ({ PATH: process.env['PATH'], PORT: String(port), HOST, BENCH_BODY_FILE: join(work, file), JWT_SECRET });
  await start('b0-node-http', 'bench/baselines/b0-node-http.ts', 21001, bodyEnv('products.json', 21001), '/');
  await start('b1-koa', 'bench/baselines/b1-koa.ts', 21002, bodyEnv('products.json', 21002));
  await start('b2-koa-jose', 'bench/baselines/b2-koa-jose.ts', 21003, bodyEnv('profile.json', 21003));
  await start('s5-local', 'bench/serve.ts', 21004, serviceEnv(21004, { BENCH_PAYMENTS: 'local' }));
  await start('s5-none', 'bench/serve.ts', 21005, serviceEnv(21005, { BENCH_PAYMENTS: 'none' }));
  await start('s6-webhook', 'bench/serve.ts', 21006, serviceEnv(21006, {
    BENCH_PAYMENTS: 'stub', STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  }));
  await start('koa-post', 'bench/baselines/koa-post.ts', 21007, bodyEnv('products.json', 21007));
  // S1m: the same service with metrics on, scraped every second while it is measured.
  await start('service-metrics', 'src/boot/main.ts', 21008, serviceEnv(21008, { METRICS_TOKEN }));
  await prepareShop(`http://${HOST}:21008`);
  const scrapeMetrics = () => fetch(`http://${HOST}:21008/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    .then(async (r) => { if (!r.ok) throw new Error(`GET /metrics answered ${r.status}`); return r.text(); });

  const orderSetup = async (port: number) => {
    const p = await prepareShop(`http://${HOST}:${port}`);
    const [product] = await p.shop.products(1);
    return { ...p, productId: product!.id };
  };
  const s5local = await orderSetup(21004);
  const s5none = await orderSetup(21005);
  const s6 = await orderSetup(21006);
  const pending: PendingOrder[] = [];
  for (let i = 0; i < 50; i++) pending.push((await s6.shop.placeOrder(s6.customer, s6.productId)).order);
  const nextEvent = signedEvents(WEBHOOK_SECRET, pending);
  const webhookLoad = (port: number): Load => ({
    url: `http://${HOST}:${port}/api/webhook`, connections: CONNECTIONS, seconds: SECONDS, method: 'POST',
    setupRequest: (request) => {
      const { payload, signature } = nextEvent();
      return { ...request, method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
    },
  });
  const orderLoad = (port: number, token: string, productId: string): Load => ({
    url: `http://${HOST}:${port}/api/orders`, connections: CONNECTIONS, seconds: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ productId, quantity: 1 }),
  });
  const get = (port: number, path: string, token?: string): Load => ({
    url: `http://${HOST}:${port}${path}`, connections: CONNECTIONS, seconds: SECONDS,
    ...(token && { headers: { authorization: `Bearer ${token}` } }),
  });
  const logins = (port: number, connections: number): Load => ({
    url: `http://${HOST}:${port}/api/auth/login`, connections, seconds: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(CUSTOMER),
  });

  // S9: S1 revalidated: the client holds S1's ETag, so every answer is a 304 with no body.
  const s1etag = (await fetch(`http://${HOST}:21000/api/products`)).headers.get('etag');
  if (!s1etag) throw new Error('S9: GET /api/products sent no ETag');
  const loads: Record<string, Load> = {
    B0: get(21001, '/api/products'),
    B1: get(21002, '/api/products'),
    S1: get(21000, '/api/products'),
    S1m: get(21008, '/api/products'),
    S9: { ...get(21000, '/api/products'), headers: { 'if-none-match': s1etag }, ok: '3xx' },
    B2: get(21003, '/api/auth/profile', customer),
    S2: get(21000, '/api/auth/profile', customer),
    S3: logins(21000, 4),
    S5base: orderLoad(21005, s5none.customer, s5none.productId),
    S5: orderLoad(21004, s5local.customer, s5local.productId),
    S6base: webhookLoad(21007),
    S6: webhookLoad(21006),
  };
  const warmUp = async (spec: Load) => { await load({ ...spec, seconds: WARMUP }); };
  log(`[${seconds()}s] warming up`);
  for (const spec of Object.values(loads)) await warmUp(spec);

  let s1Rss = 0;
  for (let run = 1; run <= RUNS; run++) {
    log(`[${seconds()}s] run ${run}/${RUNS}`);
    // Each scenario runs right after its baseline, so drift on a shared machine hits both alike.
    for (const id of ['B0', 'B1', 'S1', 'S9', 'S1m', 'B2', 'S2', 'S4', 'S3', 'S5base', 'S5', 'S6base', 'S6']) {
      assertAlive();
      if (id === 'S4') {
        const [s2, login] = await Promise.all([load(loads['S2']!), load(logins(21000, 8))]);
        record('S4', s2, { loginsPerSec: login.rps, loginP99: login.p99 });
        continue;
      }
      if (id === 'S1') {
        const sampler = setInterval(() => { s1Rss = Math.max(s1Rss, main.rssBytes()); }, 250);
        record(id, await load(loads[id]!));
        clearInterval(sampler);
        continue;
      }
      if (id === 'S1m') {
        const scraper = setInterval(() => { scrapeMetrics().catch(() => undefined); }, 1000);
        record(id, await load(loads[id]!));
        clearInterval(scraper);
        continue;
      }
      record(id, await load(loads[id]!));
    }
  }

  // --- B3: argon2id verify in-process on the server core, at 1 and 4 in flight; the best counts.
  log(`[${seconds()}s] B3: argon2id verify throughput`);
  for (const inFlight of [1, 4]) {
    for (let run = 1; run <= RUNS; run++) {
      const r = await runNodeJson<{ opsPerSec: number; p50: number; p99: number }>('bench/baselines/b3-argon2.ts', {
        PATH: process.env['PATH'], BENCH_SECONDS: String(SECONDS), BENCH_WARMUP_SECONDS: '1', BENCH_IN_FLIGHT: String(inFlight),
      });
      record(`B3x${inFlight}`, { rps: r.opsPerSec, p50: r.p50, p99: r.p99, requests: 0, errors: 0, non2xx: 0 });
    }
  }
  assertAlive();
  // S1m measured what it claims only if the service counted those requests.
  const s1mCounted = /^http_request_duration_seconds_count\{method="GET",route="\/api\/products",status_class="2xx"\} (\d+)$/m.exec(await scrapeMetrics());
  if (!s1mCounted || Number(s1mCounted[1]) < med('S1m').requests) throw new Error('S1m: the service did not count the requests on /metrics; metrics are not on');
  const b3id = med('B3x1').rps >= med('B3x4').rps ? 'B3x1' : 'B3x4';
  results.set('B3', results.get(b3id)!);

  // --- startup: two more cold starts of the embedded service
  const startups = [main.startupMs];
  if (!smoke) {
    for (let i = 0; i < 2; i++) {
      const p = await startNode('service-startup', 'src/boot/main.ts', { env: serviceEnv(21009), readyUrl: `http://${HOST}:21009/health/ready`, logFile: join(work, 'startup.log') });
      startups.push(p.startupMs);
      await p.stop();
    }
  }
  for (const p of procs.splice(0)) await p.stop();

  // --- S8: the first page and page 500 of a large catalogue (bench/scenarios/s8.ts)
  log(`[${seconds()}s] S8: large catalogues`);
  const s8 = await runS8({
    smoke, runs: RUNS, seconds: SECONDS, connections: CONNECTIONS, host: HOST, ports: Array.from({ length: 10 }, (_, i) => 21080 + i),
    env: serviceEnv, start: (name, script, port, env) => start(name, script, port, env), mongoUri: skipMongo ? null : MONGODB_URI, log,
  });

  // --- S7: S1 and S2 against the MongoDB adapters
  let mongo: Record<string, unknown> = { status: 'skipped' };
  let s10: S10Result | null = null;
  if (!skipMongo) mongo = await runMongo();

  async function runMongo(): Promise<Record<string, unknown>> {
    const dbName = `shop_bench_${Date.now()}`;
    const uri = `${MONGODB_URI.replace(/\/?$/, '/')}${dbName}`;
    const logFile = join(work, 'service-mongo.log');
    let proc: Proc;
    try {
      proc = await start('service-mongo', 'src/boot/main.ts', 21010, serviceEnv(21010, { MONGODB_URI: uri }));
    } catch (error) {
      return { status: 'failed to start', reason: String(error) };
    }
    if (!/storage:\s+MongoDB/.test(readFileSync(logFile, 'utf8'))) {
      await proc.stop();
      return { status: 'skipped: the service does not use MONGODB_URI yet (src/boot/select-adapters.ts)' };
    }
    try {
      const { customer: token } = await prepareShop(`http://${HOST}:21010`);
      const s7 = { S7_1: get(21010, '/api/products'), S7_2: get(21010, '/api/auth/profile', token) };
      log(`[${seconds()}s] S7: MongoDB mode (startup ${proc.startupMs.toFixed(0)} ms)`);
      for (const spec of Object.values(s7)) await warmUp(spec);
      const cpuShare: Record<string, Record<string, number>> = {};
      for (const [id, spec] of Object.entries(s7)) {
        const before = cpuTicksByCommand();
        for (let run = 1; run <= RUNS; run++) record(id, await load(spec));
        const after = cpuTicksByCommand();
        const used = [...after].map(([comm, t]) => [comm, t - (before.get(comm) ?? 0)] as const).filter(([, t]) => t > 0);
        const total = used.reduce((sum, [, t]) => sum + t, 0);
        cpuShare[id] = Object.fromEntries(used.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([c, t]) => [c, Math.round((100 * t) / total)]));
      }
      const direct = await directMongoTimings(uri);
      // S11: POST /api/orders on this database, Stripe Checkout via stripe-mock; FerretDB's CPU per order.
      log(`[${seconds()}s] S11: orders on MongoDB via stripe-mock`);
      const s11 = await runS11({
        uri, port: 21011, stripeMockPort: 21012, env: serviceEnv(21011), runs: RUNS, seconds: SECONDS, warmupSeconds: WARMUP, connections: CONNECTIONS, start,
        prepare: async (base) => { const p = await prepareShop(base); return { customer: p.customer, productId: (await p.shop.products(1))[0]!.id }; },
      });
      for (const r of s11.runs) record('S11', r.measure, r.figures);
      // S10 after S11: its 10,000 seeded orders would make every order S11 places dearer on FerretDB.
      s10 = await runS10({ base: `http://${HOST}:21010`, uri, smoke, runs: RUNS, seconds: SECONDS, servicePid: proc.pid, log: (l) => log(`[${seconds()}s] ${l}`) });
      return {
        status: 'measured', startupMs: proc.startupMs, cpuSharePercent: cpuShare, directDriverMs: direct,
        s10: { c10: s10.c10, c50: s10.c50, ...s10.extra }, s11: s11.summary,
      };
    } finally {
      await proc.stop();
      await dropDatabase(uri);
    }
  }

  // --- report
  const m = Object.fromEntries(['B0', 'B1', 'B2', 'B3', 'S1', 'S9', 'S1m', 'S2', 'S3', 'S4', 'S5base', 'S5', 'S6base', 'S6', 'S7_1', 'S7_2', 'S11']
    .filter((id) => results.has(id)).map((id) => [id, med(id)]));
  const rows: Row[] = [
    { id: 'B0', name: 'node:http, same bytes as S1', m: m['B0']! },
    { id: 'B1', name: 'Koa + @koa/router, same bytes', m: m['B1']!, baseline: 'B0', base: m['B0']! },
    { id: 'B2', name: 'Koa + jose HS256 verify, same bytes as S2', m: m['B2']!, baseline: 'B1', base: m['B1']! },
    { id: 'B3', name: `argon2id verify in-process (${b3id === 'B3x1' ? 1 : 4} in flight)`, m: m['B3']!, unit: 'op/s' },
    { id: 'S1', name: 'GET /api/products (20 items)', m: m['S1']!, baseline: 'B1', base: m['B1']!, target: { ratio: 0.5, p99: m['B1']!.p99 * 2 + 1, p99Text: '2×B1+1' } },
    { id: 'S9', name: 'S1 revalidated: If-None-Match → 304', m: m['S9']!, baseline: 'B1', base: m['B1']!, target: { ratio: 0.8 } },
    { id: 'S1m', name: 'S1 with METRICS_TOKEN set, scraped every 1 s', m: m['S1m']!, baseline: 'S1', base: m['S1']!, target: { ratio: 0.95 } },
    { id: 'S2', name: 'GET /api/auth/profile (Bearer)', m: m['S2']!, baseline: 'B2', base: m['B2']!, target: { ratio: 0.8 } },
    { id: 'S3', name: 'POST /api/auth/login, 4 connections', m: m['S3']!, baseline: 'B3', base: m['B3']!, target: { ratio: 0.85, p99: 45 } },
    { id: 'S4', name: 'S2 while 8 logins run', m: m['S4']!, baseline: 'S2', base: m['S2']!, target: { ratio: 0.5, p99: 25 } },
    { id: 'S5b', name: 'POST /api/orders, no payment creation', m: m['S5base']! },
    { id: 'S5', name: 'POST /api/orders, stub (local) gateway', m: m['S5']!, baseline: 'S5b', base: m['S5base']!, target: { ratio: 0.8 } },
    { id: 'S6b', name: 'bare Koa POST, same body', m: m['S6base']! },
    { id: 'S6', name: 'POST /api/webhook, signed event', m: m['S6']!, baseline: 'S6b', base: m['S6base']!, target: { ratio: 0.5 } },
  ];
  if (m['S7_1']) rows.push({ id: 'S7.1', name: 'S1 on MongoDB (FerretDB)', m: m['S7_1'], baseline: 'S1', base: m['S1']!, target: { ratio: 0.8 } });
  if (m['S7_2']) rows.push({ id: 'S7.2', name: 'S2 on MongoDB (FerretDB)', m: m['S7_2'], baseline: 'S2', base: m['S2']! });
  rows.push(...s8.rows);
  if (s10) {
    const { c10, c50, extra: e } = s10 as S10Result;
    rows.push({ id: 'S10', name: `GET /api/orders, ${e['ordersOfCustomer']} of ${e['ordersInDatabase']} orders, MongoDB, 10 conn. (${c10.non2xx + c10.errors} not 2xx)`, m: c10, target: { p99: 250 } });
    rows.push({ id: 'S10.50', name: `the same, 50 connections (${c50.non2xx + c50.errors} not 2xx)`, m: c50 });
  }
  if (m['S11']) rows.push({ id: 'S11', name: `POST /api/orders on MongoDB via stripe-mock (FerretDB ${medExtra('S11', 'ferretdbCpuMsPerOrder').toFixed(1)} ms CPU/order)`, m: m['S11'] });

  const extra = {
    rssIdleMiB: idleRss / 2 ** 20,
    rssUnderS1MiB: s1Rss / 2 ** 20,
    startupMs: median(startups),
    startupRunsMs: startups,
    s4LoginsPerSec: medExtra('S4', 'loginsPerSec'),
    s4LoginP99Ms: medExtra('S4', 'loginP99'),
    mongo,
    s8: s8.extra,
  };
  const table = printTable(rows);
  log(`\n${table}`);
  log(`RSS idle ${extra.rssIdleMiB.toFixed(1)} MiB, under S1 ${extra.rssUnderS1MiB.toFixed(1)} MiB (peak); start to ready ${extra.startupMs.toFixed(0)} ms (median of ${startups.length})`);
  log(`S4: logins completed alongside: ${extra.s4LoginsPerSec.toFixed(1)}/s, their p99 ${extra.s4LoginP99Ms.toFixed(0)} ms`);
  log(`S7: ${JSON.stringify(mongo)}`);
  log(`S8: ${JSON.stringify(s8.extra)}`);
  const failures = rows.filter((r) => verdict(r) === 'FAIL').map((r) => r.id);
  log(`${failures.length === 0 ? 'all targets met' : `targets not met: ${failures.join(', ')}`} (${seconds()} s)`);

  const machine = {
    nproc: cpus().length,
    cpu: /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown',
    node: process.version, pinning: pinning.enabled,
  };
  mkdirSync('bench/results', { recursive: true });
  const json = {
    when: new Date().toISOString(), smoke, runs: RUNS, seconds: SECONDS, connections: CONNECTIONS, machine,
    rows: rows.map((r) => ({ ...r, ratio: r.base ? r.m.rps / r.base.rps : null, result: verdict(r) })),
    raw: Object.fromEntries(results), ...extra, table,
  };
  writeFileSync(smoke ? 'bench/results/smoke.json' : 'bench/results/latest.json', `${JSON.stringify(json, null, 2)}\n`);
  if (!smoke && process.argv.includes('--strict') && failures.length > 0) process.exitCode = 1;
} finally {
  for (const p of procs) await p.stop().catch(() => undefined);
}

async function directMongoTimings(uri: string) {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(uri);
  try {
    const db = client.db();
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        await fn();
        samples.push(performance.now() - t);
      }
      return median(samples);
    };
    const collections = (await db.listCollections().toArray()).map((c) => c.name);
    const products = collections.find((c) => /product/i.test(c)) ?? 'products';
    const users = collections.find((c) => /user/i.test(c)) ?? 'users';
    const anyUser = await db.collection(users).findOne({});
    return {
      pingMs: await time(() => db.command({ ping: 1 })),
      find20ProductsMs: await time(() => db.collection(products).find({}).limit(20).toArray()),
      findUserByIdMs: await time(() => db.collection(users).findOne({ _id: anyUser?._id })),
    };
  } finally {
    await client.close();
  }
}

async function dropDatabase(uri: string) {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.db().dropDatabase();
  } catch {
    // best effort
  } finally {
    await client.close();
  }
}
