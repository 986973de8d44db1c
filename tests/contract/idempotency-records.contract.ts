import { describe, expect, it } from 'vitest';
import type { IdempotencyRecords, StoredResponse } from '../../src/application/ports/idempotency-records.js';

const LEASE = 60_000;
const DAY = 24 * 3600_000;
// A day ahead of the wall clock: a real MongoDB's TTL monitor, which goes by the server's clock,
// must not delete a test's documents while it runs.
const T0 = Date.now() + DAY;
const at = (ms: number) => new Date(T0 + ms);
const keptUntil = (ms: number) => at(ms + 25 * 3600_000);

const USER = '65f1000000000000000000aa';
/** The result id a reservation is offered; the one a takeover inherits is another. */
const FRESH = '65f0000000000000000000f1';
const created: StoredResponse = {
  status: 201,
  headers: { location: '/api/orders/65f0000000000000000000c1' },
  body: { order: { id: '65f0000000000000000000c1', items: [{ name: 'Teapot', quantity: 2 }], total: { amount: 3998, currency: 'eur' } } },
};

/** What every `IdempotencyRecords` adapter must do. `make` returns an empty store. */
export function idempotencyRecordsContract(make: () => Promise<IdempotencyRecords>): void {
  describe('IdempotencyRecords contract', () => {
    it('reserves a new key, then reports it in progress with the fingerprint that reserved it', async () => {
      const records = await make();
      expect(await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH)).toEqual({ state: 'in-progress', fingerprint: 'fp-a' });
      expect(await records.reserve(USER, 'k1', 'fp-b', at(LEASE - 1), LEASE, FRESH)).toEqual({ state: 'in-progress', fingerprint: 'fp-a' });
    });

    it('answers a completed key with the stored response and its fingerprint', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', created, keptUntil(0));
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH)).toEqual({ state: 'completed', fingerprint: 'fp-a', response: created });
      expect(await records.reserve(USER, 'k1', 'fp-b', at(2 * LEASE), LEASE, FRESH)).toEqual({ state: 'completed', fingerprint: 'fp-a', response: created });
    });

    it('hands out copies: mutating the stored or the returned response changes nothing', async () => {
      const records = await make();
      const response = structuredClone(created) as { status: number; headers: Record<string, string>; body: { order: { id: string } } };
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', response, keptUntil(0));
      response.body.order.id = 'changed';
      response.headers.location = 'changed';
      const first = await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH);
      if (first.state !== 'completed') throw new Error(`expected completed, got ${first.state}`);
      (first.response.body as { order: { id: string } }).order.id = 'changed again';
      expect(await records.reserve(USER, 'k1', 'fp-a', at(2), LEASE, FRESH)).toEqual({ state: 'completed', fingerprint: 'fp-a', response: created });
    });

    it('stores a response without a body as null', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', { status: 204, headers: {}, body: undefined }, keptUntil(0));
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH)).toEqual({
        state: 'completed', fingerprint: 'fp-a', response: { status: 204, headers: {}, body: null },
      });
    });

    it('keeps body field names that are not valid in a stored document', async () => {
      const records = await make();
      const odd = { status: 200, headers: { 'x.odd': 'y' }, body: { $set: 1, 'a.b': [null, { $eq: 'x' }], '': true } };
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', odd, keptUntil(0));
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH)).toEqual({ state: 'completed', fingerprint: 'fp-a', response: odd });
    });

    it('makes a released reservation reservable at once', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.release(USER, 'k1');
      expect(await records.reserve(USER, 'k1', 'fp-b', at(1), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(2), LEASE, FRESH)).toEqual({ state: 'in-progress', fingerprint: 'fp-b' });
    });

    it('never releases a completed record', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', created, keptUntil(0));
      await records.release(USER, 'k1');
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, FRESH)).toMatchObject({ state: 'completed' });
    });

    it('ignores complete and release for keys never reserved', async () => {
      const records = await make();
      await records.complete(USER, 'ghost', created, keptUntil(0));
      await records.release(USER, 'ghost');
      expect(await records.reserve(USER, 'ghost', 'fp-a', at(1), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
    });

    it('lets a reservation whose lease ran out be reserved again', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      expect(await records.reserve(USER, 'k1', 'fp-b', at(LEASE), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(LEASE + 1), LEASE, FRESH)).toEqual({ state: 'in-progress', fingerprint: 'fp-b' });
      await records.complete(USER, 'k1', created, keptUntil(LEASE));
      expect(await records.reserve(USER, 'k1', 'fp-b', at(LEASE + 2), LEASE, FRESH)).toEqual({ state: 'completed', fingerprint: 'fp-b', response: created });
    });

    it('releases a taken-over reservation back to the expired one, which stays reservable', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      expect(await records.reserve(USER, 'k1', 'fp-b', at(LEASE + 1), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      await records.release(USER, 'k1');
      expect(await records.reserve(USER, 'k1', 'fp-c', at(LEASE + 2), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
    });

    it('forgets a completed record once it expires', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, FRESH);
      await records.complete(USER, 'k1', created, at(DAY));
      expect(await records.reserve(USER, 'k1', 'fp-b', at(DAY - 1), LEASE, FRESH)).toMatchObject({ state: 'completed' });
      expect(await records.reserve(USER, 'k1', 'fp-b', at(DAY), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(DAY + 1), LEASE, FRESH)).toEqual({ state: 'in-progress', fingerprint: 'fp-b' });
    });

    it('keeps scopes and keys apart, even when they contain separators', async () => {
      const records = await make();
      await records.reserve('user-1', 'k1', 'fp-a', at(0), LEASE, FRESH);
      expect(await records.reserve('user-2', 'k1', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve('user-1', 'k2', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve('a:b', 'c', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve('a', 'b:c', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      expect(await records.reserve('a', 'b#0', 'fp-a', at(0), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
      await records.complete('user-2', 'k1', created, keptUntil(0));
      await records.release('user-1', 'k1');
      expect(await records.reserve('user-2', 'k1', 'fp-a', at(1), LEASE, FRESH)).toMatchObject({ state: 'completed' });
      expect(await records.reserve('user-1', 'k1', 'fp-b', at(1), LEASE, FRESH)).toMatchObject({ state: 'reserved' });
    });

    it('of 10 concurrent reservations of one key, exactly one is reserved', async () => {
      const records = await make();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => records.reserve(USER, 'race', `fp-${i}`, at(0), LEASE, FRESH)));
      const winners = results.flatMap((r, i) => (r.state === 'reserved' ? [`fp-${i}`] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.state === 'in-progress' && r.fingerprint === winners[0])).toHaveLength(9);
    });

    it('of 10 concurrent takeovers of an expired lease, exactly one is reserved', async () => {
      const records = await make();
      await records.reserve(USER, 'race', 'fp-old', at(0), LEASE, FRESH);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => records.reserve(USER, 'race', `fp-${i}`, at(2 * LEASE), LEASE, FRESH)));
      expect(results.filter((r) => r.state === 'reserved')).toHaveLength(1);
      expect(results.filter((r) => r.state === 'in-progress' && r.fingerprint !== 'fp-old')).toHaveLength(9);
    });

    it('of 10 concurrent reservations of an expired record, exactly one is reserved', async () => {
      const records = await make();
      await records.reserve(USER, 'race', 'fp-old', at(0), LEASE, FRESH);
      await records.complete(USER, 'race', created, at(LEASE));
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => records.reserve(USER, 'race', `fp-${i}`, at(LEASE), LEASE, FRESH)));
      expect(results.filter((r) => r.state === 'reserved')).toHaveLength(1);
    });
    it('records the offered result id with a new reservation, and after a release, a completion that expired or a record that expired', async () => {
      const records = await make();
      expect(await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, 'id-1')).toEqual({ state: 'reserved', resultId: 'id-1', inherited: false });
      await records.release(USER, 'k1');
      expect(await records.reserve(USER, 'k1', 'fp-a', at(1), LEASE, 'id-2')).toEqual({ state: 'reserved', resultId: 'id-2', inherited: false });
      await records.complete(USER, 'k1', created, at(2));
      expect(await records.reserve(USER, 'k1', 'fp-a', at(3), LEASE, 'id-3')).toEqual({ state: 'reserved', resultId: 'id-3', inherited: false });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(DAY + 4), LEASE, 'id-4')).toEqual({ state: 'reserved', resultId: 'id-4', inherited: false });
    });

    it('a reservation taking over a lease that ran out keeps its result id: the earlier attempt may have made that result', async () => {
      const records = await make();
      await records.reserve(USER, 'k1', 'fp-a', at(0), LEASE, 'id-1');
      expect(await records.reserve(USER, 'k1', 'fp-a', at(LEASE), LEASE, 'id-2')).toEqual({ state: 'reserved', resultId: 'id-1', inherited: true });
      expect(await records.reserve(USER, 'k1', 'fp-a', at(2 * LEASE), LEASE, 'id-3')).toEqual({ state: 'reserved', resultId: 'id-1', inherited: true });
      // Its result was never made: a fresh id is recorded, and the next takeover inherits that one.
      await records.recordResult(USER, 'k1', 'id-4');
      expect(await records.reserve(USER, 'k1', 'fp-a', at(3 * LEASE), LEASE, 'id-5')).toEqual({ state: 'reserved', resultId: 'id-4', inherited: true });
      // A failed request gives its key up: nothing is inherited after that.
      await records.release(USER, 'k1');
      expect(await records.reserve(USER, 'k1', 'fp-a', at(3 * LEASE + 1), LEASE, 'id-6')).toEqual({ state: 'reserved', resultId: 'id-6', inherited: false });
      await records.complete(USER, 'k1', created, keptUntil(0));
      await records.recordResult(USER, 'k1', 'id-7'); // completed: no-op
      await records.recordResult(USER, 'ghost', 'id-8'); // never reserved: no-op
      expect(await records.reserve(USER, 'k1', 'fp-a', at(3 * LEASE + 2), LEASE, FRESH)).toMatchObject({ state: 'completed' });
    });
  });
}
