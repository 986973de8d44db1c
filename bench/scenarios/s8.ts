// S8: the first page and page 500 (limit 20, a cursor 9,980 items deep) of a large catalogue,
// against the same request on a 20-product one; target p50 ≤ 1.5 × the small catalogue's.
//   embedded: 100,000 products (20,000 with --smoke) seeded straight into storage by bench/serve.ts,
//             with the catalogue cache off (the storage path) and on.
//   FerretDB: 20,000 products (2,000 with --smoke) inserted through the Mongo adapter into the
//             server at BENCH_MONGODB_URI; 1 connection, a few sequential requests (each one reads
//             the whole collection there, see /work/shared/FERRETDB.md), with that server's CPU share.
// Run alone: npx tsx bench/scenarios/s8.ts [--smoke]   (ports 42000–42009; BENCH_MONGODB_URI to add FerretDB)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectMongo } from '../../src/adapters/mongo/connect.js';
import { encodeCursor } from '../../src/application/shared/pagination.js';
import { benchProduct, seedProducts } from '../lib/bench-products.js';
import { type Measure, load, median, medianOf } from '../lib/load.js';
import { type Proc, cpuTicksOf, databaseProcesses, pinLoadGenerator, startNode } from '../lib/procs.js';
import type { Row } from '../lib/report.js';

export type S8Context = Readonly<{
  smoke: boolean;
  runs: number;
  seconds: number;
  connections: number;
  /** Ten free ports this scenario may listen on. */
  ports: readonly number[];
  host: string;
  env: (port: number, extra: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  start: (name: string, script: string, port: number, env: NodeJS.ProcessEnv) => Promise<Proc>;
  /** A MongoDB-wire server (no database name); `null` skips the FerretDB part. */
  mongoUri: string | null;
  log: (line: string) => void;
}>;

const LIMIT = 20;
const DEPTH = 9_980; // items before page 500
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Page 500's path (an earlier page in a smaller catalogue), its cursor built as the service builds it. */
function page500Path(count: number): { path: string; firstId: string; page: number } {
  const active: number[] = [];
  for (let i = count - 1; i >= 0 && active.length < DEPTH + LIMIT; i--) if (benchProduct(i).active) active.push(i);
  const depth = Math.min(DEPTH, active.length - LIMIT);
  const last = benchProduct(active[depth - 1]!);
  return { path: `/api/products?limit=${LIMIT}&cursor=${encodeCursor('products', last)}`, firstId: benchProduct(active[depth]!).id, page: depth / LIMIT + 1 };
}

/**
 * Median and slowest wall time of `count` sequential GETs, in ms (microsecond resolution, unlike
 * autocannon's), failures included in the times; req/s counts only 2xx answers, as `load` does.
 */
async function sequential(url: string, count: number): Promise<Measure> {
  const samples: number[] = [];
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) failed += 1;
    samples.push(performance.now() - t);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    rps: ((count - failed) * 1000) / (performance.now() - started), p50: median(samples), p99: sorted[Math.ceil(count * 0.99) - 1]!,
    requests: count, errors: 0, non2xx: failed,
  };
}

export async function runS8(ctx: S8Context): Promise<{ rows: Row[]; extra: Record<string, unknown> }> {
  const rows: Row[] = [];
  const extra: Record<string, unknown> = {};
  const big = ctx.smoke ? 20_000 : 100_000;
  const bigName = big.toLocaleString('en');
  const url = (port: number, path: string) => `http://${ctx.host}:${port}${path}`;
  const page500 = page500Path(big);

  for (const cache of ['off', 'on'] as const) {
    const [smallPort, bigPort] = cache === 'off' ? [ctx.ports[0]!, ctx.ports[1]!] : [ctx.ports[2]!, ctx.ports[3]!];
    const seed = (n: number) => ({ BENCH_SEED_PRODUCTS: String(n), CATALOGUE_CACHE: cache });
    const small = await ctx.start(`s8-20-cache-${cache}`, 'bench/serve.ts', smallPort, ctx.env(smallPort, seed(20)));
    const large = await ctx.start(`s8-${big}-cache-${cache}`, 'bench/serve.ts', bigPort, ctx.env(bigPort, seed(big)));
    try {
      const [first] = (await (await fetch(url(bigPort, page500.path))).json()) as Array<{ id: string }>;
      if (first?.id !== page500.firstId) throw new Error(`S8: page 500 starts at ${first?.id}, expected ${page500.firstId}`);
      await sleep(500);
      const rssIdle = large.rssBytes();
      const loads = {
        small: { url: url(smallPort, `/api/products?limit=${LIMIT}`), connections: ctx.connections, seconds: ctx.seconds },
        page1: { url: url(bigPort, `/api/products?limit=${LIMIT}`), connections: ctx.connections, seconds: ctx.seconds },
        page500: { url: url(bigPort, page500.path), connections: ctx.connections, seconds: ctx.seconds },
      };
      for (const spec of Object.values(loads)) await load({ ...spec, seconds: 1 });
      const runs: Record<keyof typeof loads, Measure[]> = { small: [], page1: [], page500: [] };
      // CPU time the serving process spent per request: steadier than wall time on a shared machine.
      const cpu = { small: { ticks: 0, requests: 0 }, page1: { ticks: 0, requests: 0 }, page500: { ticks: 0, requests: 0 } };
      let rssPeak = 0;
      const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, large.rssBytes()); }, 250);
      for (let run = 0; run < ctx.runs; run++) {
        for (const id of ['small', 'page1', 'page500'] as const) {
          const pid = id === 'small' ? small.pid : large.pid;
          const before = cpuTicksOf(pid);
          const m = await load(loads[id]);
          cpu[id].ticks += cpuTicksOf(pid) - before;
          cpu[id].requests += m.requests;
          runs[id].push(m);
        }
      }
      clearInterval(sampler);
      const cpuMsPerRequest = Object.fromEntries(Object.entries(cpu).map(([id, c]) => [id, Math.round((c.ticks * 10_000) / c.requests) / 1000]));
      const unloaded = {
        smallMs: (await sequential(loads.small.url, 300)).p50,
        page1Ms: (await sequential(loads.page1.url, 300)).p50,
        page500Ms: (await sequential(loads.page500.url, 300)).p50,
      };
      const [s, p1, p500] = [medianOf(runs.small), medianOf(runs.page1), medianOf(runs.page500)];
      const suffix = cache === 'off' ? 'cache off' : 'cached';
      const id = cache === 'off' ? 'S8' : 'S8c';
      const target = { p50: s.p50 * 1.5, p50Text: `1.5×${id}.0` };
      rows.push(
        { id: `${id}.0`, name: `GET /api/products?limit=20, 20 products, ${suffix}`, m: s },
        { id: `${id}.1`, name: `the same, ${bigName} products, ${suffix}`, m: p1, baseline: `${id}.0`, base: s, target },
        { id: `${id}.2`, name: `page ${page500.page} of ${bigName} products, ${suffix}`, m: p500, baseline: `${id}.0`, base: s, target },
      );
      extra[`embeddedCache_${cache}`] = {
        products: big, rssIdleMiB: mib(rssIdle), rssUnderLoadMiB: mib(rssPeak), rss20ProductsMiB: mib(small.rssBytes()),
        serviceCpuMsPerRequest: cpuMsPerRequest, serviceCpu: cpu, unloadedP50Ms: unloaded,
        startupMs: { small: Math.round(small.startupMs), large: Math.round(large.startupMs) },
      };
      ctx.log(`S8 embedded, cache ${cache}: RSS with ${bigName} products ${mib(rssIdle)} MiB idle, ${mib(rssPeak)} MiB under load (${mib(small.rssBytes())} MiB with 20); service CPU ms/request ${JSON.stringify(cpuMsPerRequest)}; unloaded p50 ${JSON.stringify(unloaded)}; loaded p50/p99 ms, req/s: ${[s, p1, p500].map((m) => `${m.p50}/${m.p99}, ${Math.round(m.rps)}`).join(" · ")}`);
    } finally {
      await small.stop();
      await large.stop();
    }
  }

  if (ctx.mongoUri) extra['ferretdb'] = await runOnMongo(ctx, ctx.mongoUri, rows);
  return { rows, extra };
}

async function runOnMongo(ctx: S8Context, mongoUri: string, rows: Row[]): Promise<Record<string, unknown>> {
  const count = ctx.smoke ? 2_000 : 20_000;
  const name = count.toLocaleString('en');
  const requests = ctx.smoke ? 3 : 5;
  const stamp = Date.now();
  const dbUri = (suffix: string) => `${mongoUri.replace(/\/?$/, '/')}shop_bench_s8_${suffix}_${stamp}`;
  const [smallUri, largeUri] = [dbUri('small'), dbUri('large')];
  const ferret = databaseProcesses(mongoUri).pids.ferretdb;
  const page500 = page500Path(count);
  const seeded = performance.now();
  for (const [uri, n] of [[smallUri, 20], [largeUri, count]] as const) {
    const storage = await connectMongo(uri, { appName: 'shop-bench-seed' });
    try {
      await seedProducts(storage.products, n, 16);
    } finally {
      await storage.close();
    }
  }
  ctx.log(`S8 FerretDB: ${name} products inserted in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
  const [p0, p1, p2] = [ctx.ports[4]!, ctx.ports[5]!, ctx.ports[6]!];
  // No read time limit: these rows measure what a page costs FerretDB, which takes over a second
  // at 20,000 products; with the default MONGODB_MAX_TIME_MS (1 s) every one would be a fast 503,
  // and the cached service could never fill its cache.
  const env = (port: number, uri: string, cache: 'on' | 'off') => ctx.env(port, { MONGODB_URI: uri, CATALOGUE_CACHE: cache, MONGODB_MAX_TIME_MS: '0' });
  const small = await ctx.start('s8-mongo-20', 'src/boot/main.ts', p0, env(p0, smallUri, 'off'));
  const large = await ctx.start(`s8-mongo-${count}`, 'src/boot/main.ts', p1, env(p1, largeUri, 'off'));
  const cached = await ctx.start(`s8-mongo-${count}-cached`, 'src/boot/main.ts', p2, env(p2, largeUri, 'on'));
  try {
    const url = (port: number, path: string) => `http://${ctx.host}:${port}${path}`;
    const first = `/api/products?limit=${LIMIT}`;
    /** A sequential run, with FerretDB's and the service's CPU over it. */
    const measured = async (proc: Proc, port: number, path: string) => {
      await sequential(url(port, path), 1);
      const before = { db: ferret ? cpuTicksOf(ferret) : 0, service: cpuTicksOf(proc.pid) };
      const m = await sequential(url(port, path), requests);
      const db = ferret ? cpuTicksOf(ferret) - before.db : NaN;
      const service = cpuTicksOf(proc.pid) - before.service;
      return { m, cpu: { ferretdbMsPerRequest: (db * 10) / requests, serviceMsPerRequest: (service * 10) / requests, ferretdbSharePercent: Math.round((100 * db) / (db + service)) } };
    };
    const s = await measured(small, p0, first);
    const one = await measured(large, p1, first);
    const deep = await measured(large, p1, page500.path);
    const failures = { small: s.m.non2xx, page1: one.m.non2xx, page500: deep.m.non2xx };
    ctx.log(`S8 FerretDB: CPU ${JSON.stringify({ small: s.cpu, page1: one.cpu, page500: deep.cpu })}; non-2xx of ${requests}: ${JSON.stringify(failures)}`);
    const target = { p50: s.m.p50 * 1.5, p50Text: '1.5×S8m.0' };
    rows.push(
      { id: 'S8m.0', name: `S8.0 on FerretDB, 1 connection, ${requests} requests`, m: s.m },
      { id: 'S8m.1', name: `the same, ${name} products`, m: one.m, baseline: 'S8m.0', base: s.m, target },
      { id: 'S8m.2', name: `page ${page500.page} of ${name} products`, m: deep.m, baseline: 'S8m.0', base: s.m, target },
    );
    // The cache answers after one storage read per query shape (and per write anywhere).
    for (const path of [first, page500.path]) await fetch(url(p2, path)).then((r) => r.arrayBuffer());
    const spec = (path: string) => ({ url: url(p2, path), connections: ctx.connections, seconds: ctx.seconds });
    rows.push(
      { id: 'S8m.3', name: `S8m.1 cached, ${ctx.connections} connections`, m: await load(spec(first)), baseline: 'S8m.0', base: s.m },
      { id: 'S8m.4', name: `S8m.2 cached, ${ctx.connections} connections`, m: await load(spec(page500.path)), baseline: 'S8m.0', base: s.m },
    );
    return { products: count, requests, failures, cpu: { small: s.cpu, page1: one.cpu, page500: deep.cpu } };
  } finally {
    for (const p of [small, large, cached]) await p.stop();
    const { MongoClient } = await import('mongodb');
    for (const uri of [smallUri, largeUri]) {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printTable } = await import('../lib/report.js');
  const smoke = process.argv.includes('--smoke');
  pinLoadGenerator();
  const work = mkdtempSync(join(tmpdir(), 'shop-bench-s8-'));
  const host = '127.0.0.1';
  const procs: Proc[] = [];
  const jwt = randomBytes(48).toString('base64url');
  try {
    const { rows, extra } = await runS8({
      smoke, runs: smoke ? 1 : 3, seconds: smoke ? 1 : 6, connections: 10, host,
      ports: Array.from({ length: 10 }, (_, i) => 42000 + i),
      env: (port, more) => ({
        PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: String(port), HOST: host, APP_URL: `http://${host}:${port}`,
        JWT_SECRET: jwt, LOG_LEVEL: 'info', RATE_LIMITS: 'off', ADMIN_EMAIL: 'bench-admin@example.com', ADMIN_PASSWORD: 'bench-admin-password-1', ...more,
      }),
      start: async (name, script, port, env) => {
        const proc = await startNode(name, script, { env, readyUrl: `http://${host}:${port}/health/ready`, logFile: join(work, `${name}.log`) });
        procs.push(proc);
        return proc;
      },
      mongoUri: process.env['BENCH_MONGODB_URI'] ?? null,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`\n${printTable(rows)}\n${JSON.stringify(extra, null, 2)}\n`);
  } finally {
    for (const p of procs) await p.stop().catch(() => undefined);
  }
}
