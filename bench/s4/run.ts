// npm run bench:s4 — S2 alone vs S2 with 8 logins in flight, for each S4 design in candidates.ts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Measure, load, median, medianOf } from '../lib/load.js';
import { pinLoadGenerator, pinning, startNode } from '../lib/procs.js';
import { shopClient } from '../lib/shop.js';
import { CANDIDATES, type Candidate } from './candidates.js';

const smoke = process.argv.includes('--smoke');
const RUNS = smoke ? 1 : 3;
const SECONDS = smoke ? 1 : 5;
const HOST = '127.0.0.1';
const PORT = 21100;
const CUSTOMER = { email: 'bench-customer@example.com', password: 'bench-customer-password-1' };
const only = process.argv.slice(2).filter((a) => !a.startsWith('--')) as Candidate[];

pinLoadGenerator();
const work = mkdtempSync(join(tmpdir(), 'shop-bench-s4-'));
process.stdout.write(`S4 designs: ${RUNS} × ${SECONDS} s each; pinning ${pinning.enabled ? 'on' : 'off'}; logs in ${work}\n`);
const rows: { candidate: Candidate; design: string; alone: Measure; withLogins: Measure; loginsPerSec: number; loginP99: number }[] = [];

for (const candidate of (only.length ? only : Object.keys(CANDIDATES)) as Candidate[]) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], PORT: String(PORT), HOST, JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'info', RATE_LIMITS: 'off', BENCH_S4_CANDIDATE: candidate,
    ...(candidate === 'pool16' && { UV_THREADPOOL_SIZE: '16' }),
  };
  const proc = await startNode(`s4-${candidate}`, 'bench/serve.ts', { env, readyUrl: `http://${HOST}:${PORT}/health/ready`, logFile: join(work, `${candidate}.log`) });
  try {
    const shop = shopClient(`http://${HOST}:${PORT}`);
    const token = await shop.register(CUSTOMER.email, CUSTOMER.password);
    const s2 = { url: `http://${HOST}:${PORT}/api/auth/profile`, connections: 10, seconds: SECONDS, headers: { authorization: `Bearer ${token}` } };
    const logins = {
      url: `http://${HOST}:${PORT}/api/auth/login`, connections: 8, seconds: SECONDS, method: 'POST' as const,
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(CUSTOMER),
    };
    await load({ ...s2, seconds: 1 });
    await load({ ...logins, seconds: 1 });
    const alone: Measure[] = [];
    const withLogins: Measure[] = [];
    const loginRates: number[] = [];
    const loginP99s: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      alone.push(await load(s2));
      const [a, l] = await Promise.all([load(s2), load(logins)]);
      withLogins.push(a);
      loginRates.push(l.rps);
      loginP99s.push(l.p99);
    }
    rows.push({ candidate, design: CANDIDATES[candidate], alone: medianOf(alone), withLogins: medianOf(withLogins), loginsPerSec: median(loginRates), loginP99: median(loginP99s) });
    const r = rows.at(-1)!;
    process.stdout.write(`${candidate.padEnd(9)} S2 ${r.alone.rps.toFixed(0)} req/s → with 8 logins ${r.withLogins.rps.toFixed(0)} req/s (${(r.withLogins.rps / r.alone.rps).toFixed(2)}×), p99 ${r.withLogins.p99} ms; logins ${r.loginsPerSec.toFixed(1)}/s p99 ${r.loginP99} ms\n`);
  } finally {
    await proc.stop();
  }
}

const table = [
  '| design | S2 alone req/s | S2 + 8 logins req/s | ratio | p50 / p99 ms | logins/s | login p99 ms |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| \`${r.candidate}\`: ${r.design} | ${r.alone.rps.toFixed(0)} | ${r.withLogins.rps.toFixed(0)} | ${(r.withLogins.rps / r.alone.rps).toFixed(2)} | ${r.withLogins.p50} / ${r.withLogins.p99} | ${r.loginsPerSec.toFixed(1)} | ${r.loginP99} |`),
].join('\n');
process.stdout.write(`\n${table}\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(smoke ? 'bench/results/s4-smoke.json' : 'bench/results/s4-designs.json', `${JSON.stringify({ when: new Date().toISOString(), runs: RUNS, seconds: SECONDS, rows, table }, null, 2)}\n`);
