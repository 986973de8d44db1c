import type { Collection, Db } from 'mongodb';
import type { IdempotencyRecords, Reservation, StoredResponse } from '../../application/ports/idempotency-records.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per reservation of a key, `_id` = `<scope>:<key>#<attempt>` (both URI-encoded, so
 * the parts cannot run into each other). The latest attempt is the record. Reserving inserts the
 * next attempt: FerretDB (1.x) runs a conditional update as a read and an unconditional write, so
 * taking over a record by updating it could let two processes win; an insert against the unique
 * `_id` has exactly one winner on every MongoDB-wire server.
 *
 * One race is left to that scheme: expired documents are deleted (TTL index, sweeps), and a
 * reserver that read attempt k just before the deletion inserts k + 1 while one reading just after
 * it inserts 0; both inserts succeed. So a winner then checks that no *other* attempt holds the
 * key (in progress within its lease, or completed and unexpired); if one does, it withdraws its
 * own and reports that one. Of two such winners at most one passes the check.
 */
export type RecordDocument = {
  _id: string;
  scope: string;
  key: string;
  attempt: number;
  fingerprint: string;
  reservedAt: Date;
  /**
   * The body as JSON text and the headers as a list: a body's or header's name need not be a
   * valid field name (`$set`, `a.b`), and FerretDB stores no nested arrays.
   */
  response: { status: number; headers: { name: string; value: string }[]; body: string } | null;
  expiresAt: Date;
  /** The id the request's result is to get (absent on documents written before it was recorded). */
  resultId?: string;
  /** Its request failed and gave the key up: it holds nothing, and its result id is not inherited. */
  released?: true;
};

/** How long an unfinished reservation's document is kept; its lease, not this, decides when it is reservable. */
const RESERVATION_KEPT_MS = 24 * 3600_000;

function holding(doc: RecordDocument, at: Date, leaseMs: number): Reservation | null {
  if (doc.expiresAt.getTime() <= at.getTime() || doc.released) return null;
  if (doc.response) return { state: 'completed', fingerprint: doc.fingerprint, response: toResponse(doc.response) };
  if (doc.reservedAt.getTime() > at.getTime() - leaseMs) return { state: 'in-progress', fingerprint: doc.fingerprint };
  return null;
}

function toResponse(stored: NonNullable<RecordDocument['response']>): StoredResponse {
  return { status: stored.status, headers: Object.fromEntries(stored.headers.map((h) => [h.name, h.value])), body: JSON.parse(stored.body) };
}

function fromResponse(response: StoredResponse): NonNullable<RecordDocument['response']> {
  return {
    status: response.status,
    headers: Object.entries(response.headers).map(([name, value]) => ({ name, value })),
    body: response.body === undefined ? 'null' : JSON.stringify(response.body),
  };
}

export class MongoIdempotencyRecords implements IdempotencyRecords {
  private readonly records: Collection<RecordDocument>;
  private readonly sweep: (now: Date) => void;

  constructor(db: Db) {
    this.records = db.collection<RecordDocument>('idempotency_records');
    this.sweep = expirySweeper(this.records);
  }

  async reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number, resultId: string): Promise<Reservation> {
    this.sweep(at);
    for (;;) {
      const [latest] = await this.attempts(scope, key);
      const held = latest && holding(latest, at, leaseMs);
      if (held) return held;
      const attempt = latest ? latest.attempt + 1 : 0;
      // A lease that ran out without completing or releasing: its result may exist, so keep its id.
      const earlier = latest && !latest.response && !latest.released && latest.expiresAt.getTime() > at.getTime() ? latest.resultId : undefined;
      const doc: RecordDocument = {
        _id: `${encodeURIComponent(scope)}:${encodeURIComponent(key)}#${attempt}`,
        scope,
        key,
        attempt,
        fingerprint,
        reservedAt: at,
        response: null,
        expiresAt: new Date(at.getTime() + RESERVATION_KEPT_MS),
        resultId: earlier ?? resultId,
      };
      if (!(await claim(this.records, doc)).won) continue; // another reservation won this attempt: it answers on the next read
      const rivals = (await this.attempts(scope, key)).filter((other) => other._id !== doc._id && holding(other, at, leaseMs));
      if (rivals.length === 0) return { state: 'reserved', resultId: doc.resultId!, inherited: earlier !== undefined };
      await storageCall(() => this.records.deleteOne({ _id: doc._id }));
    }
  }

  async complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void> {
    const [latest] = await this.attempts(scope, key);
    if (!latest) return;
    await storageCall(() => this.records.updateOne({ _id: latest._id }, { $set: { response: fromResponse(response), expiresAt } }));
  }

  async recordResult(scope: string, key: string, resultId: string): Promise<void> {
    const [latest] = await this.attempts(scope, key);
    if (latest && !latest.response) await storageCall(() => this.records.updateOne({ _id: latest._id }, { $set: { resultId } }));
  }

  /** Marked rather than deleted, so the next reservation knows not to inherit its result id (or an older one's). */
  async release(scope: string, key: string): Promise<void> {
    const [latest] = await this.attempts(scope, key);
    if (latest && !latest.response && !latest.released) {
      await storageCall(() => this.records.updateOne({ _id: latest._id, response: null }, { $set: { released: true } }));
    }
  }

  /** Latest first. Older attempts are few: one per lease that ran out, and they expire. */
  private attempts(scope: string, key: string): Promise<RecordDocument[]> {
    const filter = { scope: { $eq: scope }, key: { $eq: key } };
    return storageCall(() => this.records.find(filter).sort({ attempt: -1 }).toArray());
  }
}
