/**
 * What a claim found: `claimed` (the caller processes the event), `done` (processed for good
 * already), or `in-flight` (another caller holds an unexpired claim and may still fail, so the
 * event is not processed yet).
 */
export type ClaimResult = 'claimed' | 'done' | 'in-flight';

export interface ProcessedEvents {
  /**
   * Claims an event id for processing. Atomic across processes: of concurrent claims exactly one
   * gets `claimed`; the others get `in-flight`, or `done` once the winner marked it done. A claim
   * that was never marked done is released after `leaseMs`, so an event whose processing crashed
   * is processed again on the provider's retry.
   */
  claim(eventId: string, at: Date, leaseMs: number): Promise<ClaimResult>;
  /**
   * Marks a claimed event processed. It stays `done` for at least 30 days (Stripe resends for up
   * to 3), then is forgotten so the store does not grow forever.
   */
  markDone(eventId: string, at: Date): Promise<void>;
  /** Gives up a claim after a failure, so the provider's retry is processed. */
  release(eventId: string): Promise<void>;
}
