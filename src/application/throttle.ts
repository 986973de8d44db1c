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

  /** Refuses when any rule is already at its limit, without counting this attempt. */
  async assertUnder(rules: readonly ThrottleRule[]): Promise<void> {
    const now = this.clock.now();
    const counts = await Promise.all(rules.map((rule) => this.store.count(rule.key, rule.windowMs, now)));
    this.refuseOver(counts.map((c) => ({ ...c, count: c.count + 1 })), rules, now);
  }

  /** Counts an attempt (a failed login) against every rule, without refusing anything. */
  async record(rules: readonly ThrottleRule[]): Promise<void> {
    const now = this.clock.now();
    await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs, now)));
  }

  /** Counts this attempt against every rule and refuses it when any is over its limit. */
  async check(rules: readonly ThrottleRule[]): Promise<void> {
    const now = this.clock.now();
    const counts = await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs, now)));
    this.refuseOver(counts, rules, now);
  }

  private refuseOver(counts: readonly { count: number; resetAt: Date }[], rules: readonly ThrottleRule[], now: Date): void {
    const over = counts
      .filter((count, i) => count.count > rules[i]!.limit)
      .map((count) => Math.ceil((count.resetAt.getTime() - now.getTime()) / 1000));
    if (over.length > 0) throw new RateLimited(Math.max(1, ...over));
  }
}
