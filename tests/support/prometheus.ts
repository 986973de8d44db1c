import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireService } from './ci.js';
import { freePort, rawRequest } from './spawn-service.js';

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env['PROMTOOL_BIN'] ?? '/usr/bin/promtool';
export const prometheusAvailable = existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);

requireService({
  name: `Prometheus (${PROMETHEUS_BIN} and ${PROMTOOL_BIN})`,
  available: prometheusAvailable,
  hint: 'apt-get install prometheus',
  skips: 'Prometheus test',
});

export type ScrapeJob = Readonly<{ name: string; target: string; bearer?: string }>;

/** Prometheus on a free loopback port with a temporary config and database, scraping every second. */
export async function startPrometheus(jobs: readonly ScrapeJob[]) {
  const dir = mkdtempSync(join(tmpdir(), 'shop-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map((job) => ({
      job_name: job.name,
      metrics_path: '/metrics',
      ...(job.bearer && { authorization: { type: 'Bearer', credentials: job.bearer } }),
      static_configs: [{ targets: [job.target] }],
    })),
  };
  // JSON is YAML.
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2), { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(PROMETHEUS_BIN, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) { await stop(); throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`); }
    const ready = await rawRequest(`${url}/-/ready`).catch(() => null);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) { await stop(); throw new Error(`prometheus not ready after 20 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 100));
  }

  /** An instant query's samples: labels and value. */
  const query = async (promql: string) => {
    const res = await rawRequest(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = JSON.parse(res.body) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
    return body.data!.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  };
  const targets = async () => {
    const res = await rawRequest(`${url}/api/v1/targets`);
    return (JSON.parse(res.body) as { data: { activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] } }).data.activeTargets;
  };
  return { url, query, targets, stop, output: () => output };
}

/** Runs `promtool check metrics` on an exposition; its exit code and what it said. */
export function promtoolCheckMetrics(text: string) {
  return promtool(['check', 'metrics'], text);
}

/** Runs promtool with these arguments (and `stdin`); its exit code and what it said. */
export function promtool(args: readonly string[], stdin = '') {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}
