import type { Metric, Registry } from 'prom-client';

type Series = { labels: Readonly<Record<string, string>>; counts: Float64Array; sum: number; count: number };

/** Records one observation (seconds) in one series. */
export type Recorder = (value: number) => void;

/**
 * A histogram for the hot path. prom-client's `Histogram` validates and hashes the label set and
 * looks buckets up by their bound as a property name on every observation (1–3 µs each, measured
 * on the bench machine): on every request and every storage call, most of what metrics cost.
 * Here a recorder is made once per label set and kept, so an observation is a bucket search and
 * three additions. prom-client's registry writes the exposition, from the same values and in the
 * same shape as its own `Histogram` (tests/unit/adapters/metrics/fast-histogram.test.ts compares the two).
 */
export class FastHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();
  private readonly bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    buckets: readonly number[],
    registry: Registry,
  ) {
    this.bounds = [...buckets].sort((a, b) => a - b);
    // The registry only calls `get()` and reads `name`; it accepts any such object.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The recorder of one label set. Keep it: making one costs a lookup, using one does not. */
  recorder(labels: Readonly<Record<L, string>>): Recorder {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.series.get(key);
    if (!series) {
      const own = Object.fromEntries(this.labelNames.map((name) => [name, labels[name]]));
      series = { labels: own, counts: new Float64Array(this.bounds.length), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const s = series;
    const bounds = this.bounds;
    return (value) => {
      let i = 0;
      while (i < bounds.length && value > bounds[i]!) i += 1;
      if (i < bounds.length) s.counts[i]! += 1;
      s.sum += value;
      s.count += 1;
    };
  }

  observe(labels: Readonly<Record<L, string>>, value: number): void {
    this.recorder(labels)(value);
  }

  /** The values with each series' labels merged in, as prom-client's `get()` gives them. */
  async get() {
    const data = await this.getForPromString();
    return { ...data, values: data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) };
  }

  /** What the registry writes the exposition from. */
  async getForPromString() {
    const values = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i += 1) {
        cumulative += s.counts[i]!;
        values.push({ metricName: bucket, labels: { le: this.bounds[i]! }, sharedLabels: s.labels, value: cumulative });
      }
      values.push(
        { metricName: bucket, labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count },
        { metricName: `${this.name}_sum`, labels: {}, sharedLabels: s.labels, value: s.sum },
        { metricName: `${this.name}_count`, labels: {}, sharedLabels: s.labels, value: s.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
