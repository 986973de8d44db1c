import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Lease, Leases } from '../../application/ports/leases.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per taking of a lease, `_id` = `<name>#<attempt>`, never updated. As in
 * processed-events.ts: FerretDB (1.x) runs a conditional update as a read and then a write, so a
 * lease that expired is taken over by inserting the next attempt, and the unique `_id` decides
 * the one winner on every MongoDB-wire server. `expiresAt` (a day after `until`) lets the sweep
 * or a TTL index forget it.
 */
export type LeaseDocument = {
  _id: string;
  name: string;
  attempt: number;
  nonce: string;
  until: Date;
  expiresAt: Date;
};

const KEPT_MS = 24 * 3600_000;

export class MongoLeases implements Leases {
  private readonly leases: Collection<LeaseDocument>;
  private readonly sweep: (now: Date) => void;

  constructor(db: Db) {
    this.leases = db.collection<LeaseDocument>('leases');
    this.sweep = expirySweeper(this.leases);
  }

  async acquire(name: string, at: Date, ttlMs: number): Promise<Lease | null> {
    this.sweep(at);
    let latest = await storageCall(() => this.leases.findOne({ name: { $eq: name } }, { sort: { attempt: -1 } }));
    if (latest && latest.expiresAt.getTime() <= at.getTime()) {
      // Forgotten: every claimer that saw it deletes it and competes for attempt 0.
      await storageCall(() => this.leases.deleteMany({ name: { $eq: name }, expiresAt: { $lte: at } }));
      latest = null;
    }
    if (latest && latest.until.getTime() > at.getTime()) return null;
    const attempt = latest ? latest.attempt + 1 : 0;
    const until = new Date(at.getTime() + ttlMs);
    const doc: LeaseDocument = { _id: `${name}#${attempt}`, name, attempt, nonce: randomUUID(), until, expiresAt: new Date(until.getTime() + KEPT_MS) };
    const taken = await claim(this.leases, doc);
    return taken.won ? { name, token: `${doc._id}|${doc.nonce}` } : null;
  }

  /** Deleting this attempt leaves the previous one, which had expired, or nothing. */
  async release(lease: Lease): Promise<void> {
    const split = lease.token.lastIndexOf('|');
    if (split < 0) return;
    const [_id, nonce] = [lease.token.slice(0, split), lease.token.slice(split + 1)];
    await storageCall(() => this.leases.deleteOne({ _id: { $eq: _id }, nonce: { $eq: nonce } }));
  }
}
