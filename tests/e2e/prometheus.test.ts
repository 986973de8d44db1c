import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_TOKEN } from '../support/metrics.js';
import { prometheusAvailable, promtool, promtoolCheckMetrics, startPrometheus } from '../support/prometheus.js';
import { rawRequest, spawnService } from '../support/spawn-service.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin-password-123' };
const WAIT_MS = 30_000;

let service: Awaited<ReturnType<typeof spawnService>>;
let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;

async function call(method: string, path: string, body?: unknown, token?: string) {
  const res = await rawRequest(`${service.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...(token && { Authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.body.startsWith('{') ? JSON.parse(res.body) : res.body };
}

/** Polls until `check` passes, at most WAIT_MS; Prometheus scrapes every second. */
async function eventually(check: () => Promise<void>) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe.skipIf(!prometheusAvailable)('a real Prometheus scraping the service', () => {
  beforeAll(async () => {
    service = await spawnService({
      NODE_ENV: 'test',
      JWT_SECRET: 'prometheus-test-secret-0123456789abcdef',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      METRICS_TOKEN,
    });
    const target = new URL(service.url).host;
    prometheus = await startPrometheus([
      { name: 'shop-api', target, bearer: METRICS_TOKEN },
      { name: 'shop-api-without-token', target },
    ]);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });

  it('scrapes it (up), reads the order and HTTP series, and promtool accepts the exposition', async () => {
    const admin = (await call('POST', '/api/auth/login', ADMIN)).body.access_token as string;
    const product = (await call('POST', '/api/products', { name: 'Scraped cup', description: 'Stoneware', unitAmount: 900 }, admin)).body;
    const customer = (await call('POST', '/api/auth/register', { name: 'Scraper', email: 'scraper@example.com', password: 'a-good-password' })).body.access_token as string;
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/api/orders', { productId: product.id, quantity: 1 }, customer);
      expect(res.status).toBe(201);
      orders.push(res.body as { order: { id: string }; checkoutUrl: string });
    }
    // Pay one on the local checkout page: a pending → completed transition.
    const paid = await rawRequest(`${service.url}${new URL(orders[0]!.checkoutUrl).pathname}/pay`, { method: 'POST' });
    expect(paid.status).toBe(303);
    for (const { order } of orders.slice(0, 2)) expect((await call('GET', `/api/orders/${order.id}`, undefined, customer)).status).toBe(200);
    for (const path of ['/nothing/here', '/nor/here/42']) expect((await call('GET', path)).status).toBe(404);

    const value = async (promql: string) => {
      const result = await prometheus!.query(promql);
      return result.length === 1 ? result[0]!.value : result.length === 0 ? null : NaN;
    };
    await eventually(async () => {
      const byJob = Object.fromEntries((await prometheus!.targets()).map((t) => [t.labels['job'], t]));
      expect(byJob['shop-api']?.health).toBe('up');
      expect(byJob['shop-api-without-token']?.health).toBe('down');
      expect(byJob['shop-api-without-token']?.lastError).toMatch(/401/);
    });
    await eventually(async () => {
      expect(await value('up{job="shop-api"}')).toBe(1);
      expect(await value('up{job="shop-api-without-token"}')).toBe(0);
      expect(await value('shop_orders_placed_total{job="shop-api"}')).toBe(3);
      expect(await value('shop_order_transitions_total{job="shop-api",from="pending",to="completed"}')).toBe(1);
      expect(await value('sum(http_request_duration_seconds_count{job="shop-api",method="GET",route="/api/orders/:id"})')).toBe(2);
      expect(await value('sum(http_request_duration_seconds_count{job="shop-api",method="POST",route="/api/orders",status_class="2xx"})')).toBe(3);
      expect(await value('sum(http_request_duration_seconds_count{job="shop-api",route="unmatched",status_class="4xx"})')).toBe(2);
      expect(await value('http_problems_total{job="shop-api",code="NOT_FOUND"}')).toBe(2);
      expect(await value('storage_operation_duration_seconds_count{job="shop-api",operation="orders.add"}')).toBe(3);
      expect(await value('password_hash_duration_seconds_count{job="shop-api",operation="hash"}')).toBeGreaterThanOrEqual(1);
      expect(await value('shop_ready{job="shop-api"}')).toBe(1);
    });
    // No raw ids reached a label.
    const routes = (await prometheus!.query('count by (route) (http_request_duration_seconds_count{job="shop-api"})')).map((r) => r.labels['route']);
    for (const { order } of orders) expect(routes.join(' ')).not.toContain(order.id);

    const exposition = await rawRequest(`${service.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(exposition.status).toBe(200);
    const lint = await promtoolCheckMetrics(exposition.body);
    expect(lint, lint.output).toEqual({ code: 0, output: '' });
  }, 90_000);

  it('ships alert rules and a Grafana dashboard that promtool parses, naming only series the service exports', async () => {
    const alerts = 'docs/monitoring/alerts.yml';
    const checked = await promtool(['check', 'rules', alerts]);
    expect(checked, checked.output).toMatchObject({ code: 0 });
    const dashboard = JSON.parse(readFileSync('docs/monitoring/grafana-dashboard.json', 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    // Grafana's variables, as Grafana would fill them in, so promtool can parse each query.
    const asRules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({
      record: `dashboard:query_${i}`, expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*'),
    })) }] };
    const dir = mkdtempSync(join(tmpdir(), 'shop-dashboard-'));
    try {
      writeFileSync(join(dir, 'dashboard-rules.yml'), JSON.stringify(asRules));
      const parsed = await promtool(['check', 'rules', join(dir, 'dashboard-rules.yml')]);
      expect(parsed, parsed.output).toMatchObject({ code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const exposition = (await rawRequest(`${service.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    const families = new Set([...exposition.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => m[1]!));
    const named = [...`${readFileSync(alerts, 'utf8')}\n${exprs.join('\n')}`.matchAll(/\b(?:http|shop|password|storage|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(20);
    const unknown = [...new Set(named)].filter((name) => !families.has(name) && !families.has(name.replace(/_(bucket|count|sum)$/, '')));
    expect(unknown).toEqual([]);
  });
});
