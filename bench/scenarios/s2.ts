// S2 alone, for a change that touches authentication: GET /api/auth/profile on this tree and,
// with --before <dir>, on another checkout (say the commit before the change), against B2, in
// interleaved rounds (the order rotates each round), so drift on a shared machine hits every
// series alike. Medians of the rounds, of req/s and of the server's CPU time per request (from
// /proc: far less sensitive than req/s to whatever else the machine runs).
//   npx tsx bench/scenarios/s2.ts [--before /tmp/s2-before] [--rounds 5] [--seconds 6] [--ended 1000]
// --ended N: the customer logs in N more times on every service, and out again where POST
// /api/auth/logout exists, so the check of "this one has not ended" looks through N ended
// sessions; the other tree does the same logins, so both carry what N logins leave behind.
// Ports 21000 (this tree), 21020 (--before), 21003 (B2).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Measure, load, median, medianOf } from '../lib/load.js';
import { type Proc, cpuTicksOf, pinLoadGenerator, pinning, startNode } from '../lib/procs.js';
import { type Row, printTable } from '../lib/report.js';
import { shopClient } from '../lib/shop.js';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '6' },
    ended: { type: 'string', default: '0' },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const ENDED = Number(args.ended);
const CONNECTIONS = 10;
const HOST = '127.0.0.1';
const JWT_SECRET = randomBytes(48).toString('base64url');
const CUSTOMER = { email: 'bench-customer@example.com', password: 'bench-customer-password-1' };

pinLoadGenerator();
const work = mkdtempSync(join(tmpdir(), 'shop-bench-s2-'));
const procs: Proc[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);

const env = (port: number): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: String(port), HOST, APP_URL: `http://${HOST}:${port}`,
  JWT_SECRET, LOG_LEVEL: 'info', RATE_LIMITS: 'off',
});

async function service(name: string, port: number, cwd?: string) {
  const proc = await startNode(name, 'src/boot/main.ts', {
    env: env(port), readyUrl: `http://${HOST}:${port}/health/ready`, logFile: join(work, `${name}.log`), ...(cwd && { cwd }),
  });
  procs.push(proc);
  const shop = shopClient(`http://${HOST}:${port}`);
  const token = await shop.register(CUSTOMER.email, CUSTOMER.password);
  let ended = 0;
  let canLogOut = true;
  for (let i = 0; i < ENDED; i++) {
    const other = await shop.login(CUSTOMER.email, CUSTOMER.password);
    if (!canLogOut) continue;
    const res = await fetch(`http://${HOST}:${port}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${other}` } });
    canLogOut = res.status !== 404;
    if (canLogOut && !res.ok) throw new Error(`${name}: logout answered ${res.status}`);
    if (canLogOut) ended++;
  }
  return { shop, token, ended, proc };
}

try {
  log(`S2: ${ROUNDS} round(s) × ${SECONDS} s, ${CONNECTIONS} connections; pinning ${pinning.enabled ? 'on' : 'off'}; logs in ${work}`);
  const after = await service('s2-this', 21000);
  const before = args.before ? await service('s2-before', 21020, args.before) : null;
  const profile = await after.shop.call('GET', '/api/auth/profile', undefined, after.token);
  writeFileSync(join(work, 'profile.json'), profile);
  const b2 = await startNode('b2-koa-jose', 'bench/baselines/b2-koa-jose.ts', {
    env: { PATH: process.env['PATH'], PORT: '21003', HOST, BENCH_BODY_FILE: join(work, 'profile.json'), JWT_SECRET },
    readyUrl: `http://${HOST}:21003/health/ready`, logFile: join(work, 'b2.log'),
  });
  procs.push(b2);
  log(`ended sessions: this tree ${after.ended}${before ? `, before ${before.ended}` : ''}`);

  const get = (port: number, token?: string) => ({
    url: `http://${HOST}:${port}/api/auth/profile`, connections: CONNECTIONS, seconds: SECONDS,
    ...(token && { headers: { authorization: `Bearer ${token}` } }),
  });
  const pidOf: Record<string, number> = { B2: b2.pid, S2: after.proc.pid, ...(before && { S2before: before.proc.pid }) };
  const series: Record<string, ReturnType<typeof get>> = {
    B2: get(21003, after.token),
    S2: get(21000, after.token),
    ...(before && { S2before: get(21020, before.token) }),
  };
  for (const spec of Object.values(series)) await load({ ...spec, seconds: 2 });
  const runs: Record<string, Measure[]> = Object.fromEntries(Object.keys(series).map((id) => [id, []]));
  /** Microseconds of server CPU (user + system) per answered request. */
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(series).map((id) => [id, []]));
  const ids = Object.keys(series);
  for (let round = 0; round < ROUNDS; round++) {
    const order = ids.map((_, i) => ids[(i + round) % ids.length]!);
    for (const id of order) {
      const ticks = cpuTicksOf(pidOf[id]!);
      const m = await load(series[id]!);
      if (m.non2xx > 0 || m.errors > 0) throw new Error(`${id}: ${m.non2xx} answers not 2xx, ${m.errors} errors`);
      runs[id]!.push(m);
      cpu[id]!.push(((cpuTicksOf(pidOf[id]!) - ticks) * 10_000) / m.requests);
    }
    log(`round ${round + 1}: ${ids.map((id) => `${id} ${runs[id]!.at(-1)!.rps.toFixed(0)} req/s ${cpu[id]!.at(-1)!.toFixed(1)} µs CPU/req`).join(', ')}`);
  }
  const m = Object.fromEntries(ids.map((id) => [id, medianOf(runs[id]!)]));
  const rows: Row[] = [
    { id: 'B2', name: 'Koa + jose HS256 verify, same bytes as S2', m: m['B2']! },
    ...(before ? [{ id: 'S2 before', name: `GET /api/auth/profile, ${args.before}`, m: m['S2before']!, baseline: 'B2', base: m['B2']! }] : []),
    {
      id: 'S2', name: `GET /api/auth/profile, this tree${after.ended ? ` (${after.ended} ended sessions)` : ''}`, m: m['S2']!,
      ...(before ? { baseline: 'S2 before', base: m['S2before']!, target: { ratio: 0.9 } } : { baseline: 'B2', base: m['B2']! }),
    },
  ];
  log(`\n${printTable(rows)}`);
  log(`server CPU per request, median µs: ${ids.map((id) => `${id} ${median(cpu[id]!).toFixed(1)}`).join(', ')}${
    before ? ` (S2 / S2 before: ${(median(cpu['S2']!) / median(cpu['S2before']!)).toFixed(3)})` : ''}`);
  log(JSON.stringify({ rounds: ROUNDS, seconds: SECONDS, ended: after.ended, rps: Object.fromEntries(ids.map((id) => [id, runs[id]!.map((r) => Math.round(r.rps))])),
    cpuMicrosPerRequest: Object.fromEntries(ids.map((id) => [id, cpu[id]!.map((c) => Math.round(c * 10) / 10)])) }));
} finally {
  for (const p of procs) await p.stop().catch(() => undefined);
}
