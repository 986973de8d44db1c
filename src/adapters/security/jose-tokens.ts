import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, UnsecuredJWT, decodeProtectedHeader, errors } from 'jose';
import type { TokenClaims, Tokens } from '../../application/ports/tokens.js';
import { Unauthenticated } from '../../domain/errors.js';
import { ROLES, type Role } from '../../domain/user.js';

export const MIN_SECRET_BYTES = 32;
/** Clock skew allowed between instances, for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_S = 5;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** The header `UnsecuredJWT.decode` insists on; the real header was checked before. */
const NONE_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

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

  async issue(claims: TokenClaims, at?: Date) {
    const now = Math.floor((at ?? this.now()).getTime() / 1000);
    const token = await new SignJWT({ role: claims.role, ...(claims.sessionId !== undefined && { sid: claims.sessionId }) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.expiresInSeconds)
      .sign(this.key);
    return { token, expiresInSeconds: this.options.expiresInSeconds };
  }

  /**
   * Checks the HMAC with node:crypto on this thread, then hands the payload to jose for the
   * claims. jose's own `jwtVerify` computes the HMAC with WebCrypto, which runs on the libuv
   * threadpool: behind every argon2 hash in flight, so a few logins stalled every authenticated
   * request (docs/performance.md, S4). The checks are jose's: `alg` pinned to HS256, a header
   * with `crit` refused, then `UnsecuredJWT.decode` applies the same claim rules `jwtVerify`
   * applies (`exp`, `iat`, `sub`, `iss`, `aud` required; `exp`/`nbf` with 5 s of tolerance), and
   * an `iat` more than 5 s ahead is refused as well.
   */
  async verify(token: string): Promise<TokenClaims> {
    const payload = this.verifiedPayload(token);
    // jose checks `iat` only against a maxTokenAge: a token issued ahead of our clock is refused here.
    if (typeof payload.iat !== 'number' || payload.iat > this.now().getTime() / 1000 + CLOCK_TOLERANCE_S) throw new Unauthenticated();
    const role = payload['role'];
    const sid = payload['sid'];
    if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new Unauthenticated();
    if (sid !== undefined && typeof sid !== 'string') throw new Unauthenticated();
    return sid === undefined ? { userId: payload.sub, role: role as Role } : { userId: payload.sub, role: role as Role, sessionId: sid };
  }

  private verifiedPayload(token: string) {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw new Unauthenticated();
    const [header, payload, signature] = parts as [string, string, string];
    let alg: unknown;
    let crit: unknown;
    try {
      ({ alg, crit } = decodeProtectedHeader(token));
    } catch {
      throw new Unauthenticated();
    }
    // No extension header is issued here, so any `crit` is refused (jose would accept `b64`).
    if (alg !== 'HS256' || crit !== undefined) throw new Unauthenticated();
    const expected = Buffer.from(createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Unauthenticated();
    try {
      return UnsecuredJWT.decode(`${NONE_HEADER}.${payload}.`, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: this.now(),
      }).payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new Unauthenticated();
      throw error;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
