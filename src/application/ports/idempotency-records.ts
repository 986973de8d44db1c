/** A response as it was sent, to be sent again for a retried request. */
export type StoredResponse = Readonly<{ status: number; body: unknown; headers: Readonly<Record<string, string>> }>;

export type Reservation =
  | Readonly<{ state: 'reserved' }>
  | Readonly<{ state: 'in-progress'; fingerprint: string }>
  | Readonly<{ state: 'completed'; fingerprint: string; response: StoredResponse }>;

export interface IdempotencyRecords {
  /**
   * Reserves `key` within `scope` (one user) for a request with this fingerprint. Atomic across
   * processes: of concurrent reservations exactly one gets `reserved`; the others see the record.
   * An in-progress reservation older than `leaseMs` (its process died) can be reserved again.
   */
  reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number): Promise<Reservation>;
  /** Stores the response of a reserved request; kept until `expiresAt`. */
  complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void>;
  /** Drops a reservation whose request failed in a way worth retrying. */
  release(scope: string, key: string): Promise<void>;
}
