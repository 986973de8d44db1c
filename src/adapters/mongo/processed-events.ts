import type { Collection, Db } from 'mongodb';
import type { ClaimResult, ProcessedEvents } from '../../application/ports/processed-events.js';
import { storageCall } from './translate-errors.js';

/**
 * One document per attempt at an event, `_id` = `<eventId>#<attempt>`, never updated by a
 * competing claimer. Taking over an expired claim inserts the next attempt instead of updating
 * the old one: FerretDB (1.x) runs a conditional update as a read and then an unconditional
 * write, so two processes could both take over; an insert against the unique `_id` has exactly
 * one winner on every MongoDB-wire server.
 */
export type ClaimDocument = { _id: string; eventId: string; attempt: number; claimedAt: Date; done: boolean; doneAt: Date | null };

export class MongoProcessedEvents implements ProcessedEvents {
  private readonly claims: Collection<ClaimDocument>;

  constructor(db: Db) {
    this.claims = db.collection<ClaimDocument>('processed_events');
  }

  async claim(eventId: string, at: Date, leaseMs: number): Promise<ClaimResult> {
    const latest = await this.latest(eventId);
    if (latest?.done) return 'done';
    if (latest && latest.claimedAt.getTime() > at.getTime() - leaseMs) return 'in-flight';
    const attempt = latest ? latest.attempt + 1 : 0;
    const claim = { _id: `${eventId}#${attempt}`, eventId, attempt, claimedAt: at, done: false, doneAt: null };
    if (await storageCall(() => this.claims.insertOne(claim).then(() => true), () => false)) return 'claimed';
    // Another caller took this attempt a moment ago; it may even have finished already.
    return (await this.latest(eventId))?.done ? 'done' : 'in-flight';
  }

  async markDone(eventId: string, at: Date): Promise<void> {
    const latest = await this.latest(eventId);
    if (latest) await storageCall(() => this.claims.updateOne({ _id: latest._id }, { $set: { done: true, doneAt: at } }));
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
