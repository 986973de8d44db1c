import type { Clock, Leases } from '../ports/index.js';

/**
 * Runs a periodic job on one instance per period: every instance's timer calls this, the first
 * to take the job's lease runs it, the others skip that period. The lease is not released, so
 * it also spaces runs; it is a little shorter than the period so the holder's next tick finds it
 * free. If the holder dies, another instance takes over within a period.
 */
export class RunOncePerPeriod {
  constructor(
    private readonly leases: Leases,
    private readonly clock: Clock,
  ) {}

  /** The job's result, or `null` when another instance has this period. */
  async execute<T>(job: string, periodMs: number, run: () => Promise<T>): Promise<T | null> {
    const ttlMs = Math.max(1, Math.floor(periodMs * 0.9));
    const lease = await this.leases.acquire(`job:${job}`, this.clock.now(), ttlMs);
    return lease ? run() : null;
  }
}
