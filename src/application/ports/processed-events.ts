export interface ProcessedEvents {
  /**
   * Claims an event id for processing. Atomic across processes: of concurrent claims exactly one
   * gets `true`. A claim that was never marked done is released after `leaseMs`, so an event
   * whose processing crashed is processed again on the provider's retry.
   */
  claim(eventId: string, at: Date, leaseMs: number): Promise<boolean>;
  /** Marks a claimed event processed for good. */
  markDone(eventId: string, at: Date): Promise<void>;
  /** Gives up a claim after a failure, so the provider's retry is processed. */
  release(eventId: string): Promise<void>;
}
