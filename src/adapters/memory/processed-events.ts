import type { ClaimResult, ProcessedEvents } from '../../application/ports/processed-events.js';

type Claim = { claimedAt: number; done: boolean };

export class MemoryProcessedEvents implements ProcessedEvents {
  private readonly claims = new Map<string, Claim>();

  async claim(eventId: string, at: Date, leaseMs: number): Promise<ClaimResult> {
    const existing = this.claims.get(eventId);
    if (existing?.done) return 'done';
    if (existing && existing.claimedAt > at.getTime() - leaseMs) return 'in-flight';
    this.claims.set(eventId, { claimedAt: at.getTime(), done: false });
    return 'claimed';
  }

  async markDone(eventId: string, _at: Date): Promise<void> {
    const claim = this.claims.get(eventId);
    if (claim) claim.done = true;
  }

  async release(eventId: string): Promise<void> {
    const claim = this.claims.get(eventId);
    if (claim && !claim.done) this.claims.delete(eventId);
  }
}
