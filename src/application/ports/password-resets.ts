/** A password reset asked for: the hash of its token (the token itself is never stored), valid until `expiresAt`. */
export type PasswordReset = Readonly<{ userId: string; hash: string; requestedAt: Date; expiresAt: Date }>;

export interface PasswordResets {
  /** Stores `reset` as its user's one outstanding reset: every earlier one of that user is void from now on. */
  issue(reset: PasswordReset): Promise<void>;
  /**
   * Uses up the reset whose token hashes to `hash`: its user's id when it is the user's newest,
   * not expired at `at` and not used before; `null` otherwise, without saying which. Atomic across
   * processes: of concurrent calls with one hash, at most one gets the id.
   */
  consume(hash: string, at: Date): Promise<string | null>;
}
