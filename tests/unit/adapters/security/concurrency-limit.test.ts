import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../../../src/adapters/security/concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once, the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => limit.run(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      running -= 1;
      return n;
    });
    expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });

  it('tells how many tasks run and how many wait', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates: (() => void)[] = [];
    const task = () => limit.run(() => new Promise<void>((resolve) => gates.push(resolve)));
    const all = Promise.all([task(), task(), task(), task(), task()]);
    await Promise.resolve();
    expect([limit.active, limit.queued]).toEqual([2, 3]);
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect([limit.active, limit.queued]).toEqual([2, 2]);
    while (gates.length > 0 || limit.queued > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
