import { readFileSync } from 'node:fs';

/** What the runner hands a baseline: where to listen and the exact bytes the service answered. */
export function baselineEnv() {
  const env = process.env;
  return {
    port: Number(env['PORT'] ?? 0),
    host: env['HOST'] ?? '127.0.0.1',
    body: env['BENCH_BODY_FILE'] ? readFileSync(env['BENCH_BODY_FILE']) : Buffer.from('{}'),
    contentType: 'application/json; charset=utf-8',
  };
}
