import { describe, expect, it } from 'vitest';
import type { HeldRecord, Outbox, OutboxEntry } from '../../src/application/ports/outbox.js';
import { nextId } from '../support/records.js';

const LEASE = 60_000;
const DAY = 24 * 3600_000;
// A day ahead of the wall clock, so a real MongoDB's TTL monitor cannot delete a take mid-test.
const T0 = Date.now() + DAY;
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

let n = 0;
/** An order confirmation for a fresh order, unless told otherwise. */
export function anEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  n += 1;
  const orderId = nextId();
  return {
    kind: 'order-confirmation',
    subject: orderId,
    version: `${orderId}.paid`,
    to: `customer-${n}@example.com`,
    data: { orderId, customerName: 'Ada', lines: [{ name: 'Teapot', quantity: 2, unitAmount: 1999 }], total: { amount: 3998, currency: 'eur' } },
    ...overrides,
  } as OutboxEntry;
}

const ids = (held: readonly HeldRecord[]) => held.map((h) => h.record.id);

/** What every `Outbox` adapter must do. `make` returns an empty outbox. */
export function outboxContract(make: () => Promise<Outbox>): void {
  describe('Outbox contract', () => {
    it('records an entry once per (kind, subject, version), pending and due at once', async () => {
      const outbox = await make();
      const entry = anEntry();
      const first = await outbox.enqueue(entry, nextId(), at(0));
      expect(first.created).toBe(true);
      expect(first.record).toEqual({
        ...entry, id: first.record.id, status: 'pending', attempts: 0, nextAttemptAt: at(0), lastError: null,
        createdAt: at(0), updatedAt: at(0), sentAt: null,
      });
      const again = await outbox.enqueue({ ...entry, to: 'someone-else@example.com' }, nextId(), at(5));
      expect(again).toEqual({ record: first.record, created: false });
      const otherVersion = await outbox.enqueue({ ...entry, version: `${entry.subject}.refunded` }, nextId(), at(5));
      expect(otherVersion.created).toBe(true);
      const otherKind = await outbox.enqueue({ ...entry, kind: 'new-paid-order' } as OutboxEntry, nextId(), at(5));
      expect(otherKind.created).toBe(true);
      expect(await outbox.byId(first.record.id)).toEqual(first.record);
      expect(await outbox.byId(nextId())).toBeNull();
      expect(await outbox.byId('not-an-id')).toBeNull();
    });

    it('of 20 concurrent enqueues of one key, exactly one creates the record; all get it', async () => {
      const outbox = await make();
      const entry = anEntry();
      const results = await Promise.all(Array.from({ length: 20 }, () => outbox.enqueue(entry, nextId(), at(0))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.record.id)).size).toBe(1);
      expect(await outbox.list('pending', { limit: 100 })).toHaveLength(1);
    });

    it('hands out due records oldest first, each to one taker until its lease ends', async () => {
      const outbox = await make();
      const a = (await outbox.enqueue(anEntry(), nextId(), at(0))).record;
      const b = (await outbox.enqueue(anEntry(), nextId(), at(1))).record;
      expect(await outbox.take(later(at(0), -1), LEASE, 10)).toEqual([]);

      const first = await outbox.take(at(2), LEASE, 1);
      expect(ids(first)).toEqual([a.id]);
      expect(first[0]!.until).toEqual(later(at(2), LEASE));
      expect(first[0]!.record).toMatchObject({ status: 'pending', attempts: 0 });
      expect(ids(await outbox.take(at(2), LEASE, 10))).toEqual([b.id]);
      expect(await outbox.take(later(at(2), LEASE - 1), LEASE, 10)).toEqual([]);
    });

    it('of 20 concurrent takers of one record, exactly one gets it', async () => {
      const outbox = await make();
      await outbox.enqueue(anEntry(), nextId(), at(0));
      const takers = await Promise.all(Array.from({ length: 20 }, () => outbox.take(at(1), LEASE, 5)));
      expect(takers.flat()).toHaveLength(1);
    });

    it('gives a record whose holder died to the next taker once the lease ends, and only to one', async () => {
      const outbox = await make();
      const { record } = await outbox.enqueue(anEntry(), nextId(), at(0));
      const [dead] = await outbox.take(at(1), LEASE, 1);
      expect(dead!.record.id).toBe(record.id);
      const expired = later(at(1), LEASE);
      const takers = await Promise.all(Array.from({ length: 10 }, () => outbox.take(expired, LEASE, 1)));
      const [successor, ...none] = takers.filter((t) => t.length > 0);
      expect(none).toEqual([]);
      expect(ids(successor!)).toEqual([record.id]);
      expect(successor![0]!.token).not.toBe(dead!.token);
    });

    it('keeps a sent record sent: never taken again, whatever a stale holder reports after', async () => {
      const outbox = await make();
      const { record } = await outbox.enqueue(anEntry(), nextId(), at(0));
      const [stale] = await outbox.take(at(1), LEASE, 1);
      const [current] = await outbox.take(later(at(1), LEASE), LEASE, 1);
      await outbox.markSent(current!, later(at(1), LEASE + 1000));
      await outbox.markFailed(stale!, 'timed out', later(at(1), LEASE + 2000), later(at(1), LEASE + 1500));
      await outbox.markSent(current!, later(at(1), LEASE + 3000));

      expect(await outbox.byId(record.id)).toMatchObject({
        status: 'sent', sentAt: later(at(1), LEASE + 1000), nextAttemptAt: null, attempts: 0,
      });
      expect(await outbox.take(later(at(0), 10 * LEASE), LEASE, 10)).toEqual([]);
      expect(await outbox.retry(record.id, at(100))).toMatchObject({ status: 'sent' });
      expect(await outbox.take(at(101), LEASE, 10)).toEqual([]);
    });

    it('puts a failed attempt back, due at its retry time, with the reason; gives up when told', async () => {
      const outbox = await make();
      const { record } = await outbox.enqueue(anEntry(), nextId(), at(0));
      const [held] = await outbox.take(at(1), LEASE, 1);
      await outbox.markFailed(held!, 'connection refused', at(31), at(2));
      expect(await outbox.byId(record.id)).toMatchObject({
        status: 'pending', attempts: 1, nextAttemptAt: at(31), lastError: 'connection refused', updatedAt: at(2),
      });
      expect(await outbox.take(at(30), LEASE, 10)).toEqual([]);
      const [again] = await outbox.take(at(31), LEASE, 10);
      expect(again!.record).toMatchObject({ id: record.id, attempts: 1 });

      await outbox.markFailed(again!, '550 no such user', null, at(32));
      expect(await outbox.byId(record.id)).toMatchObject({ status: 'dead', attempts: 2, nextAttemptAt: null, lastError: '550 no such user' });
      expect(await outbox.take(at(1000), LEASE, 10)).toEqual([]);
    });

    it('retries a dead record at once, from no attempts; unknown ids are null', async () => {
      const outbox = await make();
      const { record } = await outbox.enqueue(anEntry(), nextId(), at(0));
      const [held] = await outbox.take(at(1), LEASE, 1);
      await outbox.markFailed(held!, 'refused', null, at(2));

      const retried = await outbox.retry(record.id, at(50));
      expect(retried).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(50), updatedAt: at(50), lastError: 'refused' });
      expect(ids(await outbox.take(at(50), LEASE, 10))).toEqual([record.id]);
      expect(await outbox.retry(nextId(), at(50))).toBeNull();
      expect(await outbox.retry('nope', at(50))).toBeNull();
    });

    it('makes a released record due again at once, for anyone', async () => {
      const outbox = await make();
      const { record } = await outbox.enqueue(anEntry(), nextId(), at(0));
      const [held] = await outbox.take(at(1), LEASE, 1);
      await outbox.release(held!, at(2));
      expect(await outbox.byId(record.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(2) });
      const [next] = await outbox.take(at(2), LEASE, 1);
      expect(next!.record.id).toBe(record.id);
      // A stale holder's release does not free the record its successor holds.
      await outbox.release(held!, at(3));
      expect(await outbox.take(at(3), LEASE, 1)).toEqual([]);
    });

    it('blanks a password-reset link once sent, and keeps everything else', async () => {
      const outbox = await make();
      const reset = anEntry({ kind: 'password-reset', data: { name: 'Ada', resetUrl: 'https://shop.test/reset?token=secret', expiresInMinutes: 30 } } as Partial<OutboxEntry>);
      const { record } = await outbox.enqueue(reset, nextId(), at(0));
      const [held] = await outbox.take(at(1), LEASE, 1);
      await outbox.markSent(held!, at(2));
      expect(await outbox.byId(record.id)).toMatchObject({ status: 'sent', data: { name: 'Ada', resetUrl: '', expiresInMinutes: 30 } });
    });

    it('lists newest first, by status, a page at a time; knows the oldest pending record', async () => {
      const outbox = await make();
      expect(await outbox.oldestPending()).toBeNull();
      const records = [];
      for (let i = 0; i < 5; i++) records.push((await outbox.enqueue(anEntry(), nextId(), at(i))).record);
      const [held] = await outbox.take(at(10), LEASE, 1);
      expect(held!.record.id).toBe(records[0]!.id);
      await outbox.markSent(held!, at(11));

      const newest = [...records].reverse().map((r) => r.id);
      expect((await outbox.list(null, { limit: 10 })).map((r) => r.id)).toEqual(newest);
      expect((await outbox.list('pending', { limit: 10 })).map((r) => r.id)).toEqual(newest.slice(0, 4));
      expect((await outbox.list('sent', { limit: 10 })).map((r) => r.id)).toEqual([records[0]!.id]);
      expect(await outbox.list('dead', { limit: 10 })).toEqual([]);
      const page = await outbox.list(null, { limit: 2 });
      const rest = await outbox.list(null, { limit: 10, after: { createdAt: page[1]!.createdAt, id: page[1]!.id } });
      expect([...page, ...rest].map((r) => r.id)).toEqual(newest);
      expect(await outbox.oldestPending()).toEqual(at(1));
    });
  });
}
