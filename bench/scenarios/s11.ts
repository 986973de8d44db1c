// S11: POST /api/orders on the MongoDB adapters (FerretDB) with Stripe Checkout via stripe-mock, and
// what each order costs the database server: its CPU ticks (/proc/<pid>/stat) over the run ÷ orders.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BSON, MongoClient } from 'mongodb';
import { type Load, type Measure, load, median } from '../lib/load.js';
import { type Proc, cpuTicksByCommand, cpuTicksOf } from '../lib/procs.js';

const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)
/** The data commands the order flow sends; `hello`, `ping`, `serverStatus` and the like are not counted. */
const DATA_COMMANDS = ['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'getMore'];

export type S11Figures = {
  orders: number;
  ordersPerSec: number;
  /** FerretDB's own process (all its threads; with the SQLite backend that includes SQLite). */
  ferretdbCpuMsPerOrder: number;
  /** Every process named `postgres` on the machine: FerretDB's backend when it runs on PostgreSQL (approximate). */
  postgresCpuMsPerOrder: number;
  serviceCpuMsPerOrder: number;
  /** Data commands FerretDB answered during the run ÷ orders (background jobs included). */
  commandsPerOrder: number;
  /** BSON size of the newest stored order. */
  orderDocBytes: number;
  ordersStored: number;
};

async function dataCommands(client: MongoClient): Promise<number> {
  const status = await client.db('admin').command({ serverStatus: 1 });
  const commands = (status['metrics']?.commands ?? {}) as Record<string, { total?: number | bigint }>;
  return DATA_COMMANDS.reduce((sum, name) => sum + Number(commands[name]?.total ?? 0), 0);
}

/**
 * Places orders at `connections` in flight against a service already running on `uri`'s database
 * (with Stripe pointed at stripe-mock), for `seconds` or until `amount` requests were sent.
 * FerretDB's pid comes from its `serverStatus`, so another FerretDB on the machine never counts.
 */
export async function measureOrders(opts: {
  uri: string; url: string; token: string; productId: string; servicePid: number;
  connections: number; seconds: number; amount?: number;
}): Promise<{ measure: Measure; figures: S11Figures }> {
  const client = new MongoClient(opts.uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const status = await client.db('admin').command({ serverStatus: 1 });
    const ferretPid = Number(status['pid']);
    if (!Number.isInteger(ferretPid) || !existsSync(`/proc/${ferretPid}/stat`)) throw new Error('S11: the database server is not a local process (serverStatus.pid)');
    const orders = client.db().collection('orders');
    const storedBefore = await orders.countDocuments();
    const commandsBefore = await dataCommands(client);
    const before = { ferret: cpuTicksOf(ferretPid), service: cpuTicksOf(opts.servicePid), postgres: cpuTicksByCommand().get('postgres') ?? 0 };
    const spec: Load = {
      url: opts.url, connections: opts.connections, seconds: opts.seconds, method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
      body: JSON.stringify({ productId: opts.productId, quantity: 1 }),
      ...(opts.amount !== undefined && { amount: opts.amount }),
    };
    const started = performance.now();
    const measure = await load(spec);
    const elapsed = (performance.now() - started) / 1000;
    const after = { ferret: cpuTicksOf(ferretPid), service: cpuTicksOf(opts.servicePid), postgres: cpuTicksByCommand().get('postgres') ?? 0 };
    const commandsAfter = await dataCommands(client);
    const storedAfter = await orders.countDocuments();
    const created = Math.max(1, storedAfter - storedBefore);
    const newest = await orders.find({}).sort({ _id: -1 }).limit(1).next();
    return {
      measure,
      figures: {
        orders: storedAfter - storedBefore,
        ordersPerSec: (storedAfter - storedBefore) / elapsed,
        ferretdbCpuMsPerOrder: ((after.ferret - before.ferret) * TICK_MS) / created,
        postgresCpuMsPerOrder: (Math.max(0, after.postgres - before.postgres) * TICK_MS) / created, // processes named postgres; a backend that exits takes its ticks along
        serviceCpuMsPerOrder: ((after.service - before.service) * TICK_MS) / created,
        commandsPerOrder: (commandsAfter - commandsBefore - 1) / created, // minus the serverStatus read itself
        orderDocBytes: newest ? BSON.calculateObjectSize(newest) : 0,
        ordersStored: storedAfter,
      },
    };
  } finally {
    await client.close();
  }
}

/**
 * stripe-mock's URL: BENCH_STRIPE_MOCK_URL or STRIPE_MOCK_URL when set (stripe-mock is stateless,
 * so a shared one serves), else one started here from the tools directory on `port` (and port + 1
 * for the HTTPS side it always opens). `stop` ends only a process started here.
 */
export async function stripeMock(port: number): Promise<{ url: string; stop: () => void } | null> {
  const given = process.env['BENCH_STRIPE_MOCK_URL'] || process.env['STRIPE_MOCK_URL'];
  if (given) return { url: given, stop: () => undefined };
  const bin = join(process.env['TOOLS_DIR'] ?? join(homedir(), '.cache/shop-api-tools'), 'stripe-mock');
  if (!existsSync(bin)) return null;
  const child: ChildProcess = spawn(bin, ['-http-addr', `127.0.0.1:${port}`, '-https-addr', `127.0.0.1:${port + 1}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_123' } }).then(() => true, () => false)) {
      return { url, stop: () => child.kill('SIGTERM') };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  return null;
}

export type S11Run = { measure: Measure; figures: S11Figures };

/**
 * The bench's S11: a service on `uri` with Stripe Checkout on stripe-mock, `runs` × `seconds` of
 * orders at `connections`, after a warm-up. The customer and products are the ones `prepare` made
 * (S7's shop on the same database). Returns each run, or why it was skipped.
 */
export async function runS11(o: {
  uri: string; port: number; stripeMockPort: number; env: NodeJS.ProcessEnv; runs: number; seconds: number; warmupSeconds: number; connections: number;
  start: (name: string, script: string, port: number, env: NodeJS.ProcessEnv) => Promise<Proc>;
  prepare: (base: string) => Promise<{ customer: string; productId: string }>;
}): Promise<{ runs: S11Run[]; summary: Record<string, unknown> }> {
  const mock = await stripeMock(o.stripeMockPort);
  if (!mock) return { runs: [], summary: { status: 'skipped: no stripe-mock (set STRIPE_MOCK_URL or run scripts/test-services.sh install)' } };
  let proc: Proc | undefined;
  try {
    proc = await o.start('service-s11', 'src/boot/main.ts', o.port, {
      ...o.env, MONGODB_URI: o.uri, STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: 'whsec_bench_s11', STRIPE_API_URL: mock.url,
    });
    const base = `http://127.0.0.1:${o.port}`;
    const { customer, productId } = await o.prepare(base);
    const spec = { uri: o.uri, url: `${base}/api/orders`, token: customer, productId, servicePid: proc.pid, connections: o.connections };
    await measureOrders({ ...spec, seconds: o.warmupSeconds });
    const runs: S11Run[] = [];
    for (let run = 1; run <= o.runs; run++) runs.push(await measureOrders({ ...spec, seconds: o.seconds }));
    const med = (k: keyof S11Figures) => median(runs.map((r) => r.figures[k]));
    return {
      runs,
      summary: {
        status: 'measured', stripeMock: mock.url, ordersPerSec: med('ordersPerSec'), ferretdbCpuMsPerOrder: med('ferretdbCpuMsPerOrder'),
        postgresCpuMsPerOrder: med('postgresCpuMsPerOrder'), serviceCpuMsPerOrder: med('serviceCpuMsPerOrder'),
        commandsPerOrder: med('commandsPerOrder'), orderDocBytes: med('orderDocBytes'), ordersStored: runs.at(-1)?.figures.ordersStored ?? 0,
      },
    };
  } finally {
    await proc?.stop();
    mock.stop();
  }
}
