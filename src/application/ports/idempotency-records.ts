/**
 * A response as it was sent, to be sent again for a retried request. `body` is JSON data: it is
 * stored as JSON and comes back as such (a deep copy; `undefined` becomes `null`).
 */
export type StoredResponse = Readonly<{ status: number; body: unknown; headers: Readonly<Record<string, string>> }>;

export type Reservation =
  | Readonly<{ state: 'reserved' }>
  | Readonly<{ state: 'in-progress'; fingerprint: string }>
  | Readonly<{ state: 'completed'; fingerprint: string; response: StoredResponse }>;

/** Idempotency-Key records: one per `scope` (a user) and key; scopes never see each other's. */
export interface IdempotencyRecords {
  /**
   * Reserves `key` within `scope` for a request with this fingerprint, or reports the record that
   * holds it: `completed` (with a copy of the response) until the record's `expiresAt`, or
   * `in-progress` while a reservation is younger than `leaseMs`; both carry the fingerprint of
   * the request that made the record, whatever `fingerprint` is passed now. Otherwise (no record,
   * released, lease run out because its process died, record expired) the caller gets `reserved`.
   * Atomic across processes: of concurrent reservations exactly one gets `reserved`.
   */
  reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number): Promise<Reservation>;
  /** Stores the response of the current reservation; kept until `expiresAt`. No-op without one. */
  complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void>;
  /**
   * Drops an in-progress reservation whose request failed in a way worth retrying, so the retry
   * is reserved at once. Never drops a completed record; no-op without a reservation.
   */
  release(scope: string, key: string): Promise<void>;
}
