import { describe, expect, it } from 'vitest';
import { jobMetrics } from '../../../../src/adapters/metrics/job-metrics.js';
import { createShopMetrics } from '../../../../src/adapters/metrics/shop-metrics.js';

describe('periodic job metrics', () => {
  it('count what the sweep expired and what reconciliation did, by result', async () => {
    const metrics = createShopMetrics();
    const reports = jobMetrics(metrics);
    reports.swept(3);
    reports.swept(0);
    const counts = { completed: 2, expired: 1, failed: 0, flagged: 1, unchanged: 4, skipped: 0, error: 0 };
    reports.reconciled({ asked: 8, counts, orders: [] });
    reports.reconciled({ asked: 1, counts: { ...counts, completed: 1, expired: 0, flagged: 0, unchanged: 0 }, orders: [] });
    const text = await metrics.registry.metrics();
    expect(text).toContain('shop_abandoned_orders_expired_total 3\n');
    expect(text).toContain('shop_reconciled_orders_total{result="completed"} 3\n');
    expect(text).toContain('shop_reconciled_orders_total{result="expired"} 1\n');
    expect(text).toContain('shop_reconciled_orders_total{result="flagged"} 1\n');
    expect(text).toContain('shop_reconciled_orders_total{result="unchanged"} 4\n');
    expect(text).not.toContain('result="failed"');
  });
});
