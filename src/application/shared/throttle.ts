import { RateLimited } from '../../domain/errors.js';
import type { Clock, RateLimits } from '../ports/index.js';

/**
 * At most `limit` hits per `windowMs` for one key (an account, a client address, a user).
 * `rule` names the kind of limit (`login-ip`), without the key's account or address: what a
 * refusal reports, so refusals can be counted per rule.
 */
export type ThrottleRule = Readonly<{ rule: string; key: string; limit: number; windowMs: number }>;

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
    await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs, now, rule.limit)));
  }

  /** Counts this attempt against every rule and refuses it when any is over its limit. */
  async check(rules: readonly ThrottleRule[]): Promise<void> {
    const now = this.clock.now();
    const counts = await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs, now, rule.limit)));
    this.refuseOver(counts, rules, now);
  }

  private refuseOver(counts: readonly { count: number; resetAt: Date }[], rules: readonly ThrottleRule[], now: Date): void {
    const over = rules.flatMap((rule, i) => (counts[i]!.count > rule.limit ? [{ rule, resetAt: counts[i]!.resetAt }] : []));
    if (over.length === 0) return;
    const waits = over.map(({ resetAt }) => Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    throw new RateLimited(Math.max(1, ...waits), over.map(({ rule }) => rule.rule));
  }
}
