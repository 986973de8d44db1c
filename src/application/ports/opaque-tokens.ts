/**
 * Opaque bearer secrets (refresh tokens, password reset tokens): random values of 32 bytes,
 * stored only as their hash. URL-safe text.
 */
export interface OpaqueTokens {
  /** A fresh value: 32 random bytes. Also what `derive` takes as its nonce. */
  random(): string;
  /** The one-way hash that is stored in place of `value`. */
  hash(value: string): string;
  /**
   * A value computed from `previous` and `nonce` (a keyed hash, 32 bytes): only a holder of
   * `previous` can compute it, and anyone who holds it gets the same value for the same nonce.
   */
  derive(previous: string, nonce: string): string;
}
