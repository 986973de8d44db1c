import { describe, expect, it } from 'vitest';
import type { RateLimits } from '../../src/application/ports/rate-limits.js';

const MINUTE = 60_000;
// Window starts a day ahead of the wall clock: a real MongoDB's TTL monitor, which goes by the
// server's clock, must not delete a test's documents while it runs.
const HOUR = 60 * MINUTE;
const T0 = Math.ceil((Date.now() + 24 * HOUR) / HOUR) * HOUR;
const at = (ms: number) => new Date(T0 + ms);

/** What every `RateLimits` adapter must do. `make` returns an empty store. */
export function rateLimitsContract(make: () => Promise<RateLimits>): void {
  describe('RateLimits contract', () => {
    it('counts the hits of one window and says when it ends', async () => {
      const limits = await make();
      expect(await limits.hit('login:ip:1', MINUTE, at(0))).toEqual({ count: 1, resetAt: at(MINUTE) });
      expect(await limits.hit('login:ip:1', MINUTE, at(30_000))).toEqual({ count: 2, resetAt: at(MINUTE) });
      expect(await limits.hit('login:ip:1', MINUTE, at(MINUTE - 1))).toEqual({ count: 3, resetAt: at(MINUTE) });
    });

    it('reports the count of a window without adding to it', async () => {
      const limits = await make();
      expect(await limits.count('k', MINUTE, at(0))).toEqual({ count: 0, resetAt: at(MINUTE) });
      await limits.hit('k', MINUTE, at(1));
      await limits.hit('k', MINUTE, at(2));
      expect(await limits.count('k', MINUTE, at(3))).toEqual({ count: 2, resetAt: at(MINUTE) });
      expect(await limits.count('k', MINUTE, at(4))).toEqual({ count: 2, resetAt: at(MINUTE) });
      expect(await limits.count('k', MINUTE, at(MINUTE))).toEqual({ count: 0, resetAt: at(2 * MINUTE) });
    });

    it('aligns windows to multiples of their length, not to the first hit', async () => {
      const limits = await make();
      expect(await limits.hit('k', 5 * MINUTE, at(4 * MINUTE))).toEqual({ count: 1, resetAt: at(5 * MINUTE) });
      expect(await limits.hit('k', 5 * MINUTE, at(5 * MINUTE))).toEqual({ count: 1, resetAt: at(10 * MINUTE) });
    });

    it('starts a new window from 1', async () => {
      const limits = await make();
      for (let i = 0; i < 3; i += 1) await limits.hit('k', MINUTE, at(i));
      expect(await limits.hit('k', MINUTE, at(MINUTE))).toEqual({ count: 1, resetAt: at(2 * MINUTE) });
      expect(await limits.hit('k', MINUTE, at(MINUTE + 1))).toEqual({ count: 2, resetAt: at(2 * MINUTE) });
    });

    it('counts different keys, and one key with different window lengths, separately', async () => {
      const limits = await make();
      await limits.hit('login:account:a@example.com', MINUTE, at(0));
      await limits.hit('login:account:a@example.com', MINUTE, at(1));
      expect((await limits.hit('login:account:b@example.com', MINUTE, at(2))).count).toBe(1);
      expect((await limits.hit('login:account:a@example.com', 5 * MINUTE, at(3))).count).toBe(1);
      expect((await limits.hit('login:account:a@example.com', MINUTE, at(4))).count).toBe(3);
    });

    it('keeps keys apart that only differ around separator characters', async () => {
      const limits = await make();
      await limits.hit('a@60000:1#2', MINUTE, at(0));
      expect((await limits.hit('a', MINUTE, at(0))).count).toBe(1);
      expect((await limits.hit('a@60000:1#2', MINUTE, at(0))).count).toBe(2);
    });

    it('gives 20 concurrent hits of one window the counts 1..20, each exactly once', async () => {
      const limits = await make();
      const results = await Promise.all(Array.from({ length: 20 }, () => limits.hit('burst', MINUTE, at(10))));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(results.every((r) => r.resetAt.getTime() === at(MINUTE).getTime())).toBe(true);
      expect((await limits.hit('burst', MINUTE, at(11))).count).toBe(21);
    });
    it('with a limit, refuses the hits past it without counting them, until the window ends', async () => {
      const limits = await make();
      for (let i = 1; i <= 3; i += 1) expect((await limits.hit('k', MINUTE, at(i), 3)).count).toBe(i);
      expect(await limits.hit('k', MINUTE, at(10), 3)).toEqual({ count: 4, resetAt: at(MINUTE) });
      expect(await limits.hit('k', MINUTE, at(11), 3)).toEqual({ count: 4, resetAt: at(MINUTE) });
      expect(await limits.count('k', MINUTE, at(12))).toEqual({ count: 3, resetAt: at(MINUTE) });
      expect(await limits.hit('k', MINUTE, at(MINUTE), 3)).toEqual({ count: 1, resetAt: at(2 * MINUTE) });
      expect((await limits.hit('other', MINUTE, at(13), 3)).count).toBe(1);
    });

    it('of 20 concurrent hits on a limit of 5, exactly 5 are counted (1..5) and 15 refused', async () => {
      const limits = await make();
      const results = await Promise.all(Array.from({ length: 20 }, () => limits.hit('burst', MINUTE, at(10), 5)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, ...Array(15).fill(6)]);
      expect((await limits.count('burst', MINUTE, at(11))).count).toBe(5);
    });
  });
}
