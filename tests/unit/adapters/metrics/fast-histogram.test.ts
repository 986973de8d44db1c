import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from '../../../../src/adapters/metrics/fast-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const help = 'Request time, with "quotes" and a \\ backslash.';

describe('FastHistogram', () => {
  it("writes exactly what prom-client's Histogram writes for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new FastHistogram('demo_seconds', help, ['method', 'route'] as const, BUCKETS, ours);
    const slow = new Histogram({ name: 'demo_seconds', help, labelNames: ['method', 'route'] as const, buckets: BUCKETS, registers: [theirs] });
    const observations: [Record<'method' | 'route', string>, number][] = [
      [{ method: 'GET', route: '/api/orders/:id' }, 0.0004],
      [{ method: 'GET', route: '/api/orders/:id' }, 0.001], // on a bound: counts in that bucket
      [{ route: '/api/orders/:id', method: 'GET' }, 0.05],
      [{ method: 'POST', route: 'a "quoted"\\path\nwith a newline' }, 2.5], // above every bound: +Inf only
      [{ method: 'POST', route: '/api/orders' }, 0],
    ];
    let kept: ((value: number) => void) | undefined;
    for (const [labels, value] of observations) {
      slow.observe(labels, value);
      if (labels.route !== '/api/orders') fast.observe(labels, value);
      else (kept ??= fast.recorder({ method: 'POST', route: '/api/orders' }))(value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    const withoutExemplars = (json: { values: object[] }[]) => json.map((m) => ({ ...m, values: m.values.map(({ exemplar: _, ...v }: { exemplar?: unknown }) => v) }));
    expect(withoutExemplars(await ours.getMetricsAsJSON() as never)).toEqual(withoutExemplars(await theirs.getMetricsAsJSON() as never));
  });

  it('is empty until observed, and empties on reset', async () => {
    const registry = new Registry();
    const fast = new FastHistogram('empty_seconds', 'Nothing yet.', ['op'] as const, BUCKETS, registry);
    expect(await registry.metrics()).toBe('# HELP empty_seconds Nothing yet.\n# TYPE empty_seconds histogram\n');
    fast.observe({ op: 'x' }, 1);
    expect(await registry.metrics()).toMatch(/^empty_seconds_count\{op="x"\} 1$/m);
    fast.reset();
    expect(await registry.metrics()).not.toMatch(/empty_seconds_count/);
  });
});
