import type { Collection, Db } from 'mongodb';
import type { ClaimResult, ProcessedEvents } from '../../application/ports/processed-events.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per attempt at an event, `_id` = `<eventId>#<attempt>`, never updated by a
 * competing claimer. Taking over an expired claim inserts the next attempt instead of updating
 * the old one: FerretDB (1.x) runs a conditional update as a read and then an unconditional
 * write, so two processes could both take over; an insert against the unique `_id` has exactly
 * one winner on every MongoDB-wire server.
 *
 * Each attempt is kept `RETENTION_MS` after it was claimed or marked done, then forgotten.
 */
export type ClaimDocument = {
  _id: string;
  eventId: string;
  attempt: number;
  claimedAt: Date;
  done: boolean;
  doneAt: Date | null;
  expiresAt: Date;
};

/** Stripe retries an event for up to 3 days; a done record must outlive every retry. */
const RETENTION_MS = 30 * 24 * 3600_000;

const keptUntil = (at: Date) => new Date(at.getTime() + RETENTION_MS);

export class MongoProcessedEvents implements ProcessedEvents {
  private readonly claims: Collection<ClaimDocument>;
  private readonly sweep: (now: Date) => void;

  constructor(db: Db) {
    this.claims = db.collection<ClaimDocument>('processed_events');
    this.sweep = expirySweeper(this.claims);
  }

  async claim(eventId: string, at: Date, leaseMs: number): Promise<ClaimResult> {
    this.sweep(at);
    let latest = await this.latest(eventId);
    if (latest && latest.expiresAt.getTime() <= at.getTime()) {
      // Forgotten. Its attempts are deleted rather than numbered on from, so a claimer that read
      // them just before the sweep (or TTL) deleted them and one that read just after both
      // compete for attempt 0, and exactly one wins.
      await storageCall(() => this.claims.deleteMany({ eventId: { $eq: eventId }, expiresAt: { $lte: at } }));
      latest = null;
    }
    if (latest?.done) return 'done';
    if (latest && latest.claimedAt.getTime() > at.getTime() - leaseMs) return 'in-flight';
    const attempt = latest ? latest.attempt + 1 : 0;
    const doc = { _id: `${eventId}#${attempt}`, eventId, attempt, claimedAt: at, done: false, doneAt: null, expiresAt: keptUntil(at) };
    const taken = await claim(this.claims, doc);
    if (taken.won) return 'claimed';
    // Another caller took this attempt a moment ago; it may even have finished already.
    return taken.winner.done ? 'done' : 'in-flight';
  }

  async markDone(eventId: string, at: Date): Promise<void> {
    const latest = await this.latest(eventId);
    if (!latest) return;
    await storageCall(() => this.claims.updateOne({ _id: latest._id }, { $set: { done: true, doneAt: at, expiresAt: keptUntil(at) } }));
  }

  /** Deleting the latest attempt leaves the previous one, which had expired, or nothing. */
  async release(eventId: string): Promise<void> {
    const latest = await this.latest(eventId);
    if (latest && !latest.done) await storageCall(() => this.claims.deleteOne({ _id: latest._id, done: false }));
  }

  private latest(eventId: string): Promise<ClaimDocument | null> {
    return storageCall(() => this.claims.findOne({ eventId: { $eq: eventId } }, { sort: { attempt: -1 } }));
  }
}
