import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { PageQuery } from '../../application/ports/pagination.js';
import type { HeldRecord, Outbox, OutboxEntry, OutboxRecord, OutboxStatus } from '../../application/ports/outbox.js';
import { type Message, redactSent } from '../../domain/messages.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { requireObjectId, toObjectId } from './object-id.js';
import { NEWEST_FIRST, after } from './page.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per message in `outbox`. `key` (unique) is its (kind, subject, version), so the
 * insert that records it is also the one that decides there is one. `status`, `attempts` and
 * `nextAttemptAt` are what listings and the delivery worker read; they are written by whoever
 * holds the record, and a held record's `nextAttemptAt` is its lease's end, so nobody looks at it
 * before then.
 */
export type OutboxDocument = {
  _id: ObjectId;
  key: string;
  kind: Message['kind'];
  subject: string;
  version: string;
  to: string;
  data: Message['data'];
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt?: Date;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
};

/**
 * One document per taking of a record, `_id` = `<recordId>#<n>`, in `outbox_takes`: FerretDB
 * (1.x) runs a conditional update as a read and then a write, so two workers "updating the lease"
 * could both win; of two inserts of one `_id` exactly one does, on every MongoDB-wire server. A
 * take is held until `until` unless its holder recorded an `outcome`. A record is sent once any of
 * its takes says so, whatever the record document says (a stale holder may write it last).
 */
export type TakeDocument = {
  _id: string;
  recordId: string;
  n: number;
  nonce: string;
  until: Date;
  outcome?: 'sent' | 'failed' | 'released';
  expiresAt: Date;
};

/** A take is kept well past any lease, so "was it ever sent?" has its answer while the record can be taken. */
const TAKE_KEPT_MS = 7 * 24 * 3600_000;

const keyOf = (e: Pick<OutboxEntry, 'kind' | 'subject' | 'version'>) => JSON.stringify([e.kind, e.subject, e.version]);

function toRecord(doc: OutboxDocument): OutboxRecord {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    data: doc.data,
    subject: doc.subject,
    version: doc.version,
    to: doc.to,
    status: doc.status,
    attempts: doc.attempts,
    nextAttemptAt: doc.status === 'pending' ? (doc.nextAttemptAt ?? doc.createdAt) : null,
    lastError: doc.lastError ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    sentAt: doc.sentAt ?? null,
  } as OutboxRecord;
}

function parseToken(token: string): { _id: string; nonce: string } | null {
  const split = token.lastIndexOf('|');
  return split < 0 ? null : { _id: token.slice(0, split), nonce: token.slice(split + 1) };
}

export class MongoOutbox implements Outbox {
  private readonly records: Collection<OutboxDocument>;
  private readonly takes: Collection<TakeDocument>;
  private readonly sweep: (now: Date) => void;

  constructor(db: Db) {
    this.records = db.collection<OutboxDocument>('outbox');
    this.takes = db.collection<TakeDocument>('outbox_takes');
    this.sweep = expirySweeper(this.takes);
  }

  async enqueue(entry: OutboxEntry, id: string, at: Date): Promise<{ record: OutboxRecord; created: boolean }> {
    const doc: OutboxDocument = {
      _id: requireObjectId(id),
      key: keyOf(entry),
      kind: entry.kind,
      subject: entry.subject,
      version: entry.version,
      to: entry.to,
      data: entry.data,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
      updatedAt: at,
    };
    const result = await claim(this.records, doc, { key: 'key' });
    return result.won ? { record: toRecord(doc), created: true } : { record: toRecord(result.winner), created: false };
  }

  async take(at: Date, leaseMs: number, limit: number): Promise<HeldRecord[]> {
    if (limit < 1) return [];
    this.sweep(at);
    // Others may be taking the same records: look at a few more than asked for.
    const due = await storageCall(() =>
      this.records.find({ status: 'pending', nextAttemptAt: { $lte: at } }).sort({ nextAttemptAt: 1, _id: 1 }).limit(limit * 2).toArray(),
    );
    const held: HeldRecord[] = [];
    for (const candidate of due) {
      if (held.length >= limit) break;
      const taken = await this.takeOne(candidate._id, at, leaseMs);
      if (taken) held.push(taken);
    }
    return held;
  }

  private async takeOne(_id: ObjectId, at: Date, leaseMs: number): Promise<HeldRecord | null> {
    const recordId = _id.toHexString();
    const earlier = await storageCall(() => this.takes.find({ recordId: { $eq: recordId } }).sort({ n: -1 }).toArray());
    const latest = earlier[0];
    if (latest && !latest.outcome && latest.until.getTime() > at.getTime()) return null;
    if (earlier.some((t) => t.outcome === 'sent')) {
      // A holder sent it, and a stale holder's write put the record back: say it as it is.
      await storageCall(() => this.records.updateOne({ _id }, { $set: { status: 'sent', updatedAt: at }, $unset: { nextAttemptAt: '' } }));
      return null;
    }
    const n = latest ? latest.n + 1 : 0;
    const until = new Date(at.getTime() + leaseMs);
    const take: TakeDocument = {
      _id: `${recordId}#${n}`, recordId, n, nonce: randomUUID(), until, expiresAt: new Date(until.getTime() + TAKE_KEPT_MS),
    };
    if (!(await claim(this.takes, take)).won) return null;
    const held = { token: `${take._id}|${take.nonce}`, until };
    // Read after winning: the candidate may have been sent, retried or failed since it was listed.
    const doc = await storageCall(() => this.records.findOne({ _id }));
    if (!doc || doc.status !== 'pending' || (doc.nextAttemptAt && doc.nextAttemptAt.getTime() > at.getTime())) {
      await this.finish(held.token, 'released');
      return null;
    }
    await storageCall(() => this.records.updateOne({ _id, status: 'pending' }, { $set: { nextAttemptAt: until } }));
    return { record: toRecord({ ...doc, nextAttemptAt: until }), ...held };
  }

  async markSent(held: HeldRecord, at: Date): Promise<void> {
    await this.finish(held.token, 'sent');
    const { data } = redactSent(held.record);
    await storageCall(() =>
      this.records.updateOne(
        { _id: requireObjectId(held.record.id), status: { $ne: 'sent' } },
        { $set: { status: 'sent', sentAt: at, updatedAt: at, data }, $unset: { nextAttemptAt: '' } },
      ),
    );
  }

  async markFailed(held: HeldRecord, error: string, retryAt: Date | null, at: Date): Promise<void> {
    await this.finish(held.token, 'failed');
    const set = { attempts: held.record.attempts + 1, lastError: error, updatedAt: at };
    await storageCall(() =>
      this.records.updateOne(
        { _id: requireObjectId(held.record.id), status: 'pending' },
        retryAt
          ? { $set: { ...set, status: 'pending', nextAttemptAt: retryAt } }
          : { $set: { ...set, status: 'dead' }, $unset: { nextAttemptAt: '' } },
      ),
    );
  }

  async release(held: HeldRecord, at: Date): Promise<void> {
    if (!(await this.finish(held.token, 'released'))) return;
    await storageCall(() =>
      this.records.updateOne({ _id: requireObjectId(held.record.id), status: 'pending' }, { $set: { nextAttemptAt: at, updatedAt: at } }),
    );
  }

  /** Records the holder's outcome on its own take, once; `false` when the token names no take still open. */
  private async finish(token: string, outcome: NonNullable<TakeDocument['outcome']>): Promise<boolean> {
    const parsed = parseToken(token);
    if (!parsed) return false;
    const result = await storageCall(() =>
      this.takes.updateOne({ _id: { $eq: parsed._id }, nonce: { $eq: parsed.nonce }, outcome: { $exists: false } }, { $set: { outcome } }),
    );
    return result.matchedCount > 0;
  }

  async byId(id: string): Promise<OutboxRecord | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.records.findOne({ _id }));
    return doc ? toRecord(doc) : null;
  }

  async list(status: OutboxStatus | null, query: PageQuery): Promise<OutboxRecord[]> {
    const filter = { ...(status && { status }), ...after<OutboxDocument>(query.after) } as Filter<OutboxDocument>;
    const docs = await storageCall(() => this.records.find(filter).sort(NEWEST_FIRST).limit(query.limit).toArray());
    return docs.map(toRecord);
  }

  async retry(id: string, at: Date): Promise<OutboxRecord | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    await storageCall(() =>
      this.records.updateOne(
        { _id, status: { $in: ['pending', 'dead'] } },
        { $set: { status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at } },
      ),
    );
    return this.byId(id);
  }

  async oldestPending(): Promise<Date | null> {
    const doc = await storageCall(() =>
      this.records.findOne({ status: 'pending' }, { sort: { status: 1, createdAt: 1, _id: 1 }, projection: { createdAt: 1 } }),
    );
    return doc?.createdAt ?? null;
  }
}
