import { randomUUID } from 'node:crypto';
import type { PageQuery } from '../../application/ports/pagination.js';
import type { HeldRecord, Outbox, OutboxEntry, OutboxRecord, OutboxStatus } from '../../application/ports/outbox.js';
import { redactSent } from '../../domain/messages.js';
import { copy } from './page.js';

type Row = { record: OutboxRecord; lease: { token: string; until: number } | null };

const keyOf = (e: Pick<OutboxEntry, 'kind' | 'subject' | 'version'>) => JSON.stringify([e.kind, e.subject, e.version]);

const newestFirst = (a: OutboxRecord, b: OutboxRecord) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

/** The outbox in this process's memory. Each method runs in one synchronous step, so every race has one winner. */
export class MemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Row>();
  private readonly byKey = new Map<string, string>();

  async enqueue(entry: OutboxEntry, id: string, at: Date): Promise<{ record: OutboxRecord; created: boolean }> {
    const existing = this.byKey.get(keyOf(entry));
    if (existing) return { record: copy(this.rows.get(existing)!.record), created: false };
    const record: OutboxRecord = {
      ...copy(entry), id, status: 'pending', attempts: 0, nextAttemptAt: at, lastError: null, createdAt: at, updatedAt: at, sentAt: null,
    };
    this.rows.set(id, { record, lease: null });
    this.byKey.set(keyOf(entry), id);
    return { record: copy(record), created: true };
  }

  async take(at: Date, leaseMs: number, limit: number): Promise<HeldRecord[]> {
    const now = at.getTime();
    const due = [...this.rows.values()]
      .filter(({ record, lease }) => record.status === 'pending' && record.nextAttemptAt!.getTime() <= now && !(lease && lease.until > now))
      .sort((a, b) => a.record.nextAttemptAt!.getTime() - b.record.nextAttemptAt!.getTime() || (a.record.id < b.record.id ? -1 : 1))
      .slice(0, Math.max(0, limit));
    return due.map((row) => {
      const until = now + leaseMs;
      row.lease = { token: randomUUID(), until };
      // As on MongoDB: a held record is due again when its lease ends, should its holder die.
      row.record = { ...row.record, nextAttemptAt: new Date(until) };
      return { record: copy(row.record), token: row.lease.token, until: new Date(until) };
    });
  }

  async markSent(held: HeldRecord, at: Date): Promise<void> {
    const row = this.rows.get(held.record.id);
    if (!row || row.record.status === 'sent') return;
    const { kind, data } = redactSent(row.record);
    row.record = { ...row.record, kind, data, status: 'sent', nextAttemptAt: null, sentAt: at, updatedAt: at } as OutboxRecord;
    if (row.lease?.token === held.token) row.lease = null;
  }

  async markFailed(held: HeldRecord, error: string, retryAt: Date | null, at: Date): Promise<void> {
    const row = this.rows.get(held.record.id);
    if (!row || row.record.status !== 'pending') return;
    row.record = {
      ...row.record,
      status: retryAt ? 'pending' : 'dead',
      attempts: held.record.attempts + 1,
      nextAttemptAt: retryAt,
      lastError: error,
      updatedAt: at,
    };
    if (row.lease?.token === held.token) row.lease = null;
  }

  async release(held: HeldRecord, at: Date): Promise<void> {
    const row = this.rows.get(held.record.id);
    if (!row || row.lease?.token !== held.token) return;
    row.lease = null;
    if (row.record.status === 'pending') row.record = { ...row.record, nextAttemptAt: at, updatedAt: at };
  }

  async byId(id: string): Promise<OutboxRecord | null> {
    const row = this.rows.get(id);
    return row ? copy(row.record) : null;
  }

  async list(status: OutboxStatus | null, query: PageQuery): Promise<OutboxRecord[]> {
    const after = query.after;
    return [...this.rows.values()]
      .map((row) => row.record)
      .filter((r) => status === null || r.status === status)
      .filter((r) => !after || newestFirst({ createdAt: after.createdAt, id: after.id } as OutboxRecord, r) < 0)
      .sort(newestFirst)
      .slice(0, query.limit)
      .map(copy);
  }

  async retry(id: string, at: Date): Promise<OutboxRecord | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    if (row.record.status !== 'sent') {
      row.record = { ...row.record, status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at };
    }
    return copy(row.record);
  }

  async oldestPending(): Promise<Date | null> {
    let oldest: Date | null = null;
    for (const { record } of this.rows.values()) {
      if (record.status === 'pending' && (!oldest || record.createdAt < oldest)) oldest = record.createdAt;
    }
    return oldest ? new Date(oldest.getTime()) : null;
  }
}
