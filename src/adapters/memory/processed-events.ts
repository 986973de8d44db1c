import type { ClaimResult, ProcessedEvents } from '../../application/ports/processed-events.js';

type Claim = { claimedAt: number; done: boolean; expiresAt: number };

/** As the Mongo adapter: a claim is kept this long after it was taken or marked done. */
const RETENTION_MS = 30 * 24 * 3600_000;
const SWEEP_EVERY_MS = 60_000;

export class MemoryProcessedEvents implements ProcessedEvents {
  private readonly claims = new Map<string, Claim>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  async claim(eventId: string, at: Date, leaseMs: number): Promise<ClaimResult> {
    const now = at.getTime();
    this.sweep(now);
    const existing = this.claims.get(eventId);
    const live = existing && existing.expiresAt > now ? existing : undefined;
    if (live?.done) return 'done';
    if (live && live.claimedAt > now - leaseMs) return 'in-flight';
    this.claims.set(eventId, { claimedAt: now, done: false, expiresAt: now + RETENTION_MS });
    return 'claimed';
  }

  async markDone(eventId: string, at: Date): Promise<void> {
    const claim = this.claims.get(eventId);
    if (claim) Object.assign(claim, { done: true, expiresAt: at.getTime() + RETENTION_MS });
  }

  async release(eventId: string): Promise<void> {
    const claim = this.claims.get(eventId);
    if (claim && !claim.done) this.claims.delete(eventId);
  }

  /** Forgets expired claims, at most once a minute, so a long-running process does not grow. */
  private sweep(now: number): void {
    if (Math.abs(now - this.lastSweep) < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [id, claim] of this.claims) if (claim.expiresAt <= now) this.claims.delete(id);
  }
}
