import type { Role } from '../../domain/user.js';

/** `sessionId`: the session the token belongs to; absent in tokens issued before sessions existed (not revocable). */
export type TokenClaims = Readonly<{ userId: string; role: Role; sessionId?: string }>;
export type IssuedToken = Readonly<{ token: string; expiresInSeconds: number }>;

export interface Tokens {
  /** Issued at `at` (now when absent): the same claims at the same second give the same token. */
  issue(claims: TokenClaims, at?: Date): Promise<IssuedToken>;
  /** Throws `Unauthenticated` for any token that is not valid, current and ours (its session ended: not current). */
  verify(token: string): Promise<TokenClaims>;
}
