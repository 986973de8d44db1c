// The S4 designs compared by `npm run bench:s4`, applied to bench/serve.ts. `before` rebuilds the
// service as it was (jose's WebCrypto HMAC on the threadpool, argon2 unbounded); the shipped
// design is `sync+cap`, which is what src/ does with no override at all.
import { errors, jwtVerify } from 'jose';
import type { TokenClaims } from '../../src/application/ports/tokens.js';
import type { Overrides } from '../../src/boot/compose.js';
import { Argon2Hasher, OWASP_ARGON2ID } from '../../src/adapters/security/argon2-hasher.js';
import { JoseTokens, type JoseTokensOptions } from '../../src/adapters/security/jose-tokens.js';
import { Unauthenticated } from '../../src/domain/errors.js';
import { ROLES, type Role } from '../../src/domain/user.js';

export const CANDIDATES = {
  before: 'jose jwtVerify (WebCrypto, threadpool); argon2 unbounded',
  pool16: 'as before, UV_THREADPOOL_SIZE=16',
  cap: 'jose jwtVerify; argon2 capped at defaultHashConcurrency()',
  sync: 'HMAC with node:crypto on the event loop, claims by jose; argon2 unbounded',
  'sync+cap': 'HMAC on the event loop + argon2 capped (shipped)',
} as const;
export type Candidate = keyof typeof CANDIDATES;

/** The verify method the service had before: jose's jwtVerify, whose HMAC runs in WebCrypto. */
async function webCryptoVerify(this: JoseTokens, token: string): Promise<TokenClaims> {
  const self = this as unknown as { options: JoseTokensOptions; key: Uint8Array };
  try {
    const { payload } = await jwtVerify(token, self.key, {
      algorithms: ['HS256'], issuer: self.options.issuer, audience: self.options.audience,
      requiredClaims: ['exp', 'sub', 'iat'], clockTolerance: 5, currentDate: new Date(),
    });
    const role = payload['role'];
    if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new Unauthenticated();
    return { userId: payload.sub, role: role as Role };
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof Unauthenticated) throw new Unauthenticated();
    throw error;
  }
}

export async function applyCandidate(name: string): Promise<Overrides> {
  if (!(name in CANDIDATES)) throw new Error(`unknown S4 candidate ${name}`);
  const candidate = name as Candidate;
  if (candidate === 'before' || candidate === 'pool16' || candidate === 'cap') JoseTokens.prototype.verify = webCryptoVerify;
  const unbounded = candidate === 'before' || candidate === 'pool16' || candidate === 'sync';
  return unbounded ? { hasher: new Argon2Hasher(OWASP_ARGON2ID, Number.POSITIVE_INFINITY) } : {};
}
