/**
 * A response as it was sent, to be sent again for a retried request. `body` is JSON data: it is
 * stored as JSON and comes back as such (a deep copy; `undefined` becomes `null`).
 */
export type StoredResponse = Readonly<{ status: number; body: unknown; headers: Readonly<Record<string, string>> }>;

export type Reservation =
  /**
   * `resultId`: the id the request's result (an order) is to get, recorded with the key before the
   * request runs. `inherited`: it was recorded by an earlier attempt of the same request that never
   * completed its record (it crashed, or its `complete` failed), so that result may exist already.
   */
  | Readonly<{ state: 'reserved'; resultId: string; inherited: boolean }>
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
   *
   * The reservation records `resultId`, unless it takes over from an attempt whose lease ran out
   * without completing (nor releasing): then it keeps that attempt's result id and says so
   * (`inherited`), so a retry answers with what the earlier attempt made instead of making another.
   */
  reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number, resultId: string): Promise<Reservation>;
  /** Replaces the current reservation's result id (an inherited one whose result was never made). No-op without one. */
  recordResult(scope: string, key: string, resultId: string): Promise<void>;
  /** Stores the response of the current reservation; kept until `expiresAt`. No-op without one. */
  complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void>;
  /**
   * Drops an in-progress reservation whose request failed in a way worth retrying, so the retry
   * is reserved at once. Never drops a completed record; no-op without a reservation.
   */
  release(scope: string, key: string): Promise<void>;
}

/**
 * The id an idempotent request's result gets, as its key's reservation recorded it (see
 * `Reservation`). `renew` records a fresh one, for when an inherited id's result was never made.
 */
export type ResultSlot = Readonly<{ id: string; inherited: boolean; renew(): Promise<string> }>;
