import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One request on a fresh connection (no keep-alive pool), so "refused" really means refused. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Runs `src/boot/main.ts` as its own process, as `npm start` would, and waits until it is ready.
 * `child.kill('SIGKILL')` kills it without a goodbye; `output()` is everything it printed so far.
 */
export async function spawnService(env: Record<string, string>, options: { readyTimeoutMs?: number } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/boot/main.ts'], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1', APP_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output}`);
    const ready = await rawRequest(`${url}/health/ready`).catch(() => null);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`service not ready after ${readyTimeoutMs} ms:\n${output}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, exited, output: () => output };
}

export type SpawnedService = Awaited<ReturnType<typeof spawnService>>;

/** SIGTERM to each service, waiting up to 10 s for each to exit. */
export async function stopServices(services: readonly SpawnedService[]): Promise<void> {
  for (const s of services) {
    s.child.kill('SIGTERM');
    await Promise.race([s.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
}

/** A JSON request to a spawned service, with a bearer token when given; the body parsed, `null` when empty. */
export async function callJson(base: string, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = { ...(token && { Authorization: `Bearer ${token}` }) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await rawRequest(`${base}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, unknown> & unknown[]) : null };
}
