// B3: argon2id verify with the service's parameters, in-process, as many in flight as the
// threadpool has threads: the most logins per second this core can check. Prints one JSON line.
import argon2 from 'argon2';
import { OWASP_ARGON2ID } from '../../src/adapters/security/argon2-hasher.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const warmupSeconds = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1);
const inFlight = Number(process.env['BENCH_IN_FLIGHT'] ?? process.env['UV_THREADPOOL_SIZE'] ?? 4);
const password = 'bench-password-123';
const hash = await argon2.hash(password, OWASP_ARGON2ID);

async function measure(ms: number): Promise<{ opsPerSec: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      if (!(await argon2.verify(hash, password))) throw new Error('argon2 verify failed');
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { opsPerSec: (latencies.length * 1000) / elapsed, p50: at(0.5), p99: at(0.99) };
}

await measure(warmupSeconds * 1000);
process.stdout.write(`${JSON.stringify({ inFlight, ...(await measure(seconds * 1000)) })}\n`);
