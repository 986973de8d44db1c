import { RateLimited } from '../domain/errors.js';
import type { Clock, RateLimits } from './ports/index.js';

/** At most `limit` hits per `windowMs` for one key (an account, a client address, a user). */
export type ThrottleRule = Readonly<{ key: string; limit: number; windowMs: number }>;

/**
 * Counts an attempt against every rule and refuses it when any is over its limit. Windows are
 * fixed and short, so a throttled account is never locked out for good.
 */
export class Throttle {
  constructor(
    private readonly store: RateLimits,
    private readonly clock: Clock,
  ) {}

  async check(rules: readonly ThrottleRule[]): Promise<void> {
    const now = this.clock.now();
    const counts = await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs, now)));
    const over = counts
      .filter((count, i) => count.count > rules[i]!.limit)
      .map((count) => Math.ceil((count.resetAt.getTime() - now.getTime()) / 1000));
    if (over.length > 0) throw new RateLimited(Math.max(1, ...over));
  }
}
