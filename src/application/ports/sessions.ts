/**
 * A signed-in session: what one login (or registration, or password reset) started, kept alive by
 * rotating refresh tokens until it ends (logout, a password change, reuse of a spent refresh token)
 * or reaches `until`. Access tokens name it, so ending it ends them too.
 */
export type Session = Readonly<{ id: string; userId: string; startedAt: Date; until: Date; endedAt: Date | null }>;

/**
 * One refresh token of a session, by the hash of its value (the value itself is never stored):
 * generation 0 at the start, n + 1 for the one that replaced n. `nonce` is what the value was
 * derived with (see `OpaqueTokens.derive`), so whoever still holds generation n's value can be
 * handed the same generation n + 1 again (the grace of a retried refresh). `until`: its session's.
 */
export type RefreshToken = Readonly<{ sessionId: string; generation: number; hash: string; nonce: string; issuedAt: Date; until: Date }>;

/** `won`: `next` is now the session's newest token; otherwise `winner` replaced the same generation first. */
export type Rotation = Readonly<{ won: true }> | Readonly<{ won: false; winner: RefreshToken }>;

export interface Sessions {
  /** Stores a new session and its first refresh token (generation 0). */
  start(session: Session, first: RefreshToken): Promise<void>;
  /** `null` when absent (never started, or forgotten some time after `until`). */
  byId(id: string): Promise<Session | null>;
  /** The refresh token whose value hashes to `hash`; `null` when none. */
  refreshToken(hash: string): Promise<RefreshToken | null>;
  /** Generation `generation` of the session's refresh tokens; `null` when none. */
  generation(sessionId: string, generation: number): Promise<RefreshToken | null>;
  /**
   * Stores `next` as the successor of generation `next.generation - 1` of its session. Atomic
   * across processes: of concurrent rotations of one generation exactly one wins, and every other
   * caller gets that winner (the same one, however many there are).
   */
  rotate(next: RefreshToken): Promise<Rotation>;
  /** The user's sessions that have not ended and are still within `until` at `at`. */
  open(userId: string, at: Date): Promise<Session[]>;
  /**
   * Ends these sessions at `at` (unknown ids are ignored; ending an ended one changes nothing that
   * matters). `SessionEndings` watchers of this process hear of it before this returns; those of
   * other processes sharing the store within their poll interval plus a round trip.
   */
  end(ids: readonly string[], at: Date): Promise<void>;
}
