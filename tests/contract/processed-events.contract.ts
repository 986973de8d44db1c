import { describe, expect, it } from 'vitest';
import type { ProcessedEvents } from '../../src/application/ports/processed-events.js';

const LEASE = 60_000;
const DAY = 24 * 3600_000;
// A day ahead of the wall clock: a real MongoDB's TTL monitor, which goes by the server's clock,
// must not delete a claim mid-test.
const T0 = Date.now() + DAY;
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** What every `ProcessedEvents` adapter must do. `make` returns an empty repository. */
export function processedEventsContract(make: () => Promise<ProcessedEvents>): void {
  describe('ProcessedEvents contract', () => {
    it('grants the first claim and reports others in flight while the lease runs', async () => {
      const events = await make();
      const t = at(0);
      expect(await events.claim('evt_1', t, LEASE)).toBe('claimed');
      expect(await events.claim('evt_1', t, LEASE)).toBe('in-flight');
      expect(await events.claim('evt_1', later(t, LEASE - 1), LEASE)).toBe('in-flight');
      expect(await events.claim('evt_2', t, LEASE)).toBe('claimed');
    });

    it('hands an unfinished claim to the next claimer once the lease has run out', async () => {
      const events = await make();
      const t = at(0);
      expect(await events.claim('evt_1', t, LEASE)).toBe('claimed');
      const t2 = later(t, LEASE);
      expect(await events.claim('evt_1', t2, LEASE)).toBe('claimed');
      expect(await events.claim('evt_1', later(t2, LEASE - 1), LEASE)).toBe('in-flight');
      expect(await events.claim('evt_1', later(t2, LEASE), LEASE)).toBe('claimed');
    });

    it('never grants a claim on an event marked done', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      await events.markDone('evt_1', at(1));
      expect(await events.claim('evt_1', at(1), LEASE)).toBe('done');
      expect(await events.claim('evt_1', later(at(1), 10 * LEASE), LEASE)).toBe('done');
      await events.release('evt_1');
      expect(await events.claim('evt_1', later(at(1), 10 * LEASE), LEASE)).toBe('done');
    });

    it('keeps a done event done for 30 days after it was marked done, then forgets it', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      await events.markDone('evt_1', at(10));
      expect(await events.claim('evt_1', later(at(0), 30 * DAY), LEASE)).toBe('done');
      expect(await events.claim('evt_1', later(at(10), 30 * DAY - 1), LEASE)).toBe('done');
      expect(await events.claim('evt_1', later(at(10), 30 * DAY), LEASE)).toBe('claimed');
      expect(await events.claim('evt_1', later(at(10), 30 * DAY + 1), LEASE)).toBe('in-flight');
    });

    it('grants a released claim again at once', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      await events.release('evt_1');
      expect(await events.claim('evt_1', at(1), LEASE)).toBe('claimed');
      expect(await events.claim('evt_1', at(2), LEASE)).toBe('in-flight');
    });

    it('releases a taken-over claim back to the expired state, not to a held one', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      const t2 = later(at(0), LEASE + 1);
      expect(await events.claim('evt_1', t2, LEASE)).toBe('claimed');
      await events.release('evt_1');
      expect(await events.claim('evt_1', later(t2, 1), LEASE)).toBe('claimed');
    });

    it('ignores markDone and release for events never claimed', async () => {
      const events = await make();
      await events.markDone('evt_unknown', at(0));
      await events.release('evt_unknown');
      expect(await events.claim('evt_unknown', at(1), LEASE)).toBe('claimed');
    });

    it('of 10 concurrent claims of one event, exactly one is granted', async () => {
      const events = await make();
      const results = await Promise.all(Array.from({ length: 10 }, () => events.claim('evt_race', at(0), LEASE)));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in-flight')).toHaveLength(9);
    });

    it('of 10 concurrent takeovers of one expired claim, exactly one is granted', async () => {
      const events = await make();
      expect(await events.claim('evt_race', at(0), LEASE)).toBe('claimed');
      const t2 = later(at(0), 2 * LEASE);
      const results = await Promise.all(Array.from({ length: 10 }, () => events.claim('evt_race', t2, LEASE)));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in-flight')).toHaveLength(9);
    });

    it('tells a claim still being processed elsewhere from a finished event', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      expect(await events.claim('evt_1', at(1), LEASE)).toBe('in-flight');
      await events.markDone('evt_1', at(2));
      expect(await events.claim('evt_1', at(3), LEASE)).toBe('done');
    });

    it('reports a taken-over claim marked done as done, whatever the expired attempts before it', async () => {
      const events = await make();
      expect(await events.claim('evt_1', at(0), LEASE)).toBe('claimed');
      const t2 = later(at(0), LEASE + 1);
      expect(await events.claim('evt_1', t2, LEASE)).toBe('claimed');
      await events.markDone('evt_1', later(t2, 1));
      expect(await events.claim('evt_1', later(t2, 10 * LEASE), LEASE)).toBe('done');
    });
  });
}
