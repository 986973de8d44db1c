import { SignJWT, errors, jwtVerify } from 'jose';
import type { TokenClaims, Tokens } from '../../application/ports/tokens.js';
import { Unauthenticated } from '../../domain/errors.js';
import { ROLES, type Role } from '../../domain/user.js';

export const MIN_SECRET_BYTES = 32;

export type JoseTokensOptions = Readonly<{
  secret: string;
  expiresInSeconds: number;
  issuer: string;
  audience: string;
  now?: () => Date;
}>;

/** HS256 access tokens. The algorithm is pinned and `exp`, `iss`, `aud`, `sub` are required. */
export class JoseTokens implements Tokens {
  private readonly key: Uint8Array;

  constructor(private readonly options: JoseTokensOptions) {
    this.key = new TextEncoder().encode(options.secret);
    // jose accepts any HMAC key length; RFC 7518 §3.2 wants at least the hash size.
    if (this.key.byteLength < MIN_SECRET_BYTES) {
      throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long.`);
    }
  }

  async issue(claims: TokenClaims) {
    const now = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.expiresInSeconds)
      .sign(this.key);
    return { token, expiresInSeconds: this.options.expiresInSeconds };
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: 5,
        currentDate: this.now(),
      });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new Unauthenticated();
      return { userId: payload.sub, role: role as Role };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof Unauthenticated) throw new Unauthenticated();
      throw error;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** Parses `JWT_EXPIRES_IN` in the seed's forms: seconds (`3600`) or a number with s/m/h/d (`1d`). */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : null;
}
