import { describe, expect, it } from 'vitest';
import type { Leases } from '../../src/application/ports/leases.js';

const TTL = 60_000;
const DAY = 24 * 3600_000;
// A day ahead of the wall clock, so a real MongoDB's TTL monitor cannot delete a lease mid-test.
const T0 = Date.now() + DAY;
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** What every `Leases` adapter must do. `make` returns an empty store. */
export function leasesContract(make: () => Promise<Leases>): void {
  describe('Leases contract', () => {
    it('grants a free lease and refuses it to others until it expires', async () => {
      const leases = await make();
      const t = at(0);
      const lease = await leases.acquire('job', t, TTL);
      expect(lease).toMatchObject({ name: 'job' });
      expect(await leases.acquire('job', t, TTL)).toBeNull();
      expect(await leases.acquire('job', later(t, TTL - 1), TTL)).toBeNull();
      expect(await leases.acquire('other', t, TTL)).not.toBeNull();
      expect(await leases.acquire('job', later(t, TTL), TTL)).not.toBeNull();
      expect(await leases.acquire('job', later(t, TTL + 1), TTL)).toBeNull();
    });

    it('frees a released lease at once; a stale holder cannot release its successor', async () => {
      const leases = await make();
      const first = (await leases.acquire('job', at(0), TTL))!;
      await leases.release(first);
      await leases.release(first);
      const second = (await leases.acquire('job', at(1), TTL))!;
      expect(second).not.toBeNull();
      expect(second.token).not.toBe(first.token);
      const third = (await leases.acquire('job', later(at(1), TTL), TTL))!;
      await leases.release(second);
      expect(await leases.acquire('job', later(at(1), TTL), TTL)).toBeNull();
      await leases.release(third);
      expect(await leases.acquire('job', later(at(1), TTL), TTL)).not.toBeNull();
    });

    it('is taken again long after it was forgotten', async () => {
      const leases = await make();
      expect(await leases.acquire('job', at(0), TTL)).not.toBeNull();
      expect(await leases.acquire('job', later(at(0), 3 * DAY), TTL)).not.toBeNull();
      expect(await leases.acquire('job', later(at(0), 3 * DAY), TTL)).toBeNull();
    });

    it('of 20 concurrent callers, exactly one gets a free lease, and exactly one an expired one', async () => {
      const leases = await make();
      const race = (t: Date) => Promise.all(Array.from({ length: 20 }, () => leases.acquire('job', t, TTL)));
      expect((await race(at(0))).filter(Boolean)).toHaveLength(1);
      expect((await race(later(at(0), TTL))).filter(Boolean)).toHaveLength(1);
    });
  });
}
