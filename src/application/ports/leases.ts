/** A lease held: give `token` back to `release` it early. */
export type Lease = Readonly<{ name: string; token: string }>;

/**
 * Named, expiring, exclusive leases shared by every process on one storage: how periodic jobs
 * and reconciliation keep two instances off the same work.
 */
export interface Leases {
  /**
   * Takes the lease `name` until `at + ttlMs` when nobody holds an unexpired one; `null` when
   * somebody does. Atomic across processes: of concurrent callers exactly one gets a lease.
   */
  acquire(name: string, at: Date, ttlMs: number): Promise<Lease | null>;
  /** Gives the lease up before it expires. Only the holder's own lease is released; idempotent. */
  release(lease: Lease): Promise<void>;
}
