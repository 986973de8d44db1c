import autocannon from 'autocannon';

export type Measure = Readonly<{ rps: number; p50: number; p99: number; requests: number; errors: number; non2xx: number }>;

export type Load = Readonly<{
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Which answers count as done: 2xx (default), or 304 for conditional GETs (autocannon's 3xx). */
  ok?: '2xx' | '3xx';
  /** Builds each request (a fresh signed webhook event, say); runs in this process. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
}>;

/** One autocannon run. Latencies in milliseconds; req/s counts only 2xx answers. */
export async function load(spec: Load): Promise<Measure> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    ...(spec.headers && { headers: spec.headers }),
    ...(spec.body !== undefined && { body: spec.body }),
    ...(spec.setupRequest && { requests: [{ setupRequest: spec.setupRequest }] }),
    ...(spec.amount !== undefined && { amount: spec.amount }),
  });
  const ok = result[spec.ok ?? '2xx'];
  return {
    rps: ok / (result.duration || spec.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: spec.ok === '3xx' ? result.requests.total - result['3xx'] : result.non2xx,
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Medians of each field across runs. */
export function medianOf(runs: readonly Measure[]): Measure {
  const m = (key: keyof Measure) => median(runs.map((r) => r[key]));
  return { rps: m('rps'), p50: m('p50'), p99: m('p99'), requests: m('requests'), errors: m('errors'), non2xx: m('non2xx') };
}
