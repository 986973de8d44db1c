import type { Role } from '../../domain/user.js';

export type TokenClaims = Readonly<{ userId: string; role: Role }>;
export type IssuedToken = Readonly<{ token: string; expiresInSeconds: number }>;

export interface Tokens {
  issue(claims: TokenClaims): Promise<IssuedToken>;
  /** Throws `Unauthenticated` for any token that is not valid, current and ours. */
  verify(token: string): Promise<TokenClaims>;
}
