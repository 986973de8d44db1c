import { Gauge } from 'prom-client';
import type { ShopMetrics } from './shop-metrics.js';

/** A scrape waits at most this long for the readiness probe; slower counts as not ready. */
const PROBE_TIMEOUT_MS = 1_000;

/** `shop_ready`: what GET /health/ready would answer, asked at each scrape (1 ready, 0 not). */
export function instrumentReadiness(metrics: ShopMetrics, ready: () => Promise<boolean>): void {
  new Gauge({
    name: 'shop_ready',
    help: 'Whether this instance is ready (storage answers in time and it is not shutting down): 1 or 0, as GET /health/ready.',
    registers: [metrics.registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS); });
      // GET /health/ready logs a probe that throws (a bug: it should answer false); a scrape only reports it, as 0.
      const isReady = await Promise.race([ready().catch(() => false), timeout]);
      clearTimeout(timer);
      this.set(isReady ? 1 : 0);
    },
  });
}
