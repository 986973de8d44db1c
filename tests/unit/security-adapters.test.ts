import { performance } from 'node:perf_hooks';
import { SignJWT, base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { Argon2Hasher } from '../../src/adapters/security/argon2-hasher.js';
import { JoseTokens, type JoseTokensOptions } from '../../src/adapters/security/jose-tokens.js';
import { parseDuration } from '../../src/boot/config.js';
import { Unauthenticated } from '../../src/domain/errors.js';

describe('Argon2Hasher', () => {
  const hasher = new Argon2Hasher();

  it('hashes with argon2id and the OWASP parameters', async () => {
    const hash = await hasher.hash('correct horse battery');
    // node-argon2 0.45 writes the parameters as m,p,t; libargon2 writes m,t,p. Either order is accepted here.
    const [, algorithm, version, params] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(version).toBe('v=19');
    expect(params?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batterY')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('answers false, not an exception, for a hash it cannot read', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever')).toBe(false);
    expect(await hasher.verify('', 'whatever')).toBe(false);
  });

  it('lets a failure of argon2 itself through instead of answering "wrong password"', async () => {
    // Read as a hash, then refused by argon2 (a 3-byte output is below its minimum), as a native failure would be.
    await expect(hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJj', 'whatever')).rejects.toThrow(/too short/i);
  });

  it('answers false for a missing account', async () => {
    expect(await hasher.verify(null, 'not-a-real-password')).toBe(false);
    expect(await hasher.verify(null, 'correct horse battery')).toBe(false);
  });

  it('spends about as long on a missing account as on a real verify', async () => {
    const hash = await hasher.hash('correct horse battery');
    await hasher.verify(null, 'warm-up'); // the dummy hash is made once, on first use

    const median = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const real = await median(() => hasher.verify(hash, 'wrong password'));
    const dummy = await median(() => hasher.verify(null, 'wrong password'));

    // Not a strict timing assertion: only that the dummy path does real argon2 work.
    expect(dummy).toBeGreaterThanOrEqual(real * 0.5);
  });
});

describe('JoseTokens', () => {
  const T0 = new Date('2026-01-10T12:00:00Z');
  const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
  const KEY = new TextEncoder().encode(SECRET);
  const options: JoseTokensOptions = {
    secret: SECRET,
    expiresInSeconds: 3600,
    issuer: 'shop-test',
    audience: 'shop-test-api',
    now: () => T0,
  };
  const tokens = (overrides: Partial<JoseTokensOptions> = {}) => new JoseTokens({ ...options, ...overrides });
  const at = (seconds: number) => () => new Date(T0.getTime() + seconds * 1000);
  const USER_ID = '65a000000000000000000001';
  const nowSeconds = Math.floor(T0.getTime() / 1000);

  /** A token with every claim ours, except what the caller changes. */
  const signed = (build: (jwt: SignJWT) => SignJWT = (jwt) => jwt, payload: Record<string, unknown> = {}) =>
    build(
      new SignJWT({ role: 'customer', ...payload })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(USER_ID)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(nowSeconds),
    );
  const json = (value: unknown) => base64url.encode(JSON.stringify(value));
  const decodePayload = (token: string) =>
    JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]!))) as Record<string, unknown>;

  const rejects = (token: string, verifier = tokens()) => expect(verifier.verify(token)).rejects.toThrow(Unauthenticated);

  it('verifies the tokens it issues', async () => {
    const issued = await tokens().issue({ userId: USER_ID, role: 'admin' });
    expect(issued.expiresInSeconds).toBe(3600);
    expect(await tokens().verify(issued.token)).toEqual({ userId: USER_ID, role: 'admin' });
  });

  it('issues HS256 tokens with subject, issuer, audience, iat and exp', async () => {
    const { token } = await tokens().issue({ userId: USER_ID, role: 'customer' });
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0]!)));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodePayload(token)).toEqual({
      sub: USER_ID,
      role: 'customer',
      iss: 'shop-test',
      aud: 'shop-test-api',
      iat: nowSeconds,
      exp: nowSeconds + 3600,
    });
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => tokens({ secret: 'x'.repeat(31) })).toThrow(/32 bytes/);
    expect(() => tokens({ secret: '' })).toThrow(/32 bytes/);
    expect(() => tokens({ secret: 'x'.repeat(32) })).not.toThrow();
    expect(() => tokens({ secret: 'é'.repeat(16) })).not.toThrow(); // 32 bytes in UTF-8
  });

  it('rejects an expired token, allowing five seconds of clock skew', async () => {
    const { token } = await tokens().issue({ userId: USER_ID, role: 'customer' });
    await expect(tokens({ now: at(3600 + 4) }).verify(token)).resolves.toMatchObject({ userId: USER_ID });
    await rejects(token, tokens({ now: at(3600 + 6) }));
    await rejects(token, tokens({ now: at(86_400) }));
  });

  it('rejects a token from another issuer', async () => {
    const { token } = await tokens({ issuer: 'someone-else' }).issue({ userId: USER_ID, role: 'customer' });
    await rejects(token);
  });

  it('rejects a token for another audience', async () => {
    const { token } = await tokens({ audience: 'another-api' }).issue({ userId: USER_ID, role: 'customer' });
    await rejects(token);
  });

  it('rejects a token signed with another secret', async () => {
    const { token } = await tokens({ secret: 'another-secret-that-is-also-32-bytes-long' }).issue({
      userId: USER_ID,
      role: 'customer',
    });
    await rejects(token);
  });

  it('accepts a hand-made token with every required claim (the baseline for the next cases)', async () => {
    const token = await signed((jwt) => jwt.setExpirationTime(nowSeconds + 60)).sign(KEY);
    expect(await tokens().verify(token)).toEqual({ userId: USER_ID, role: 'customer' });
  });

  it('rejects a token without an expiry', async () => {
    await rejects(await signed().sign(KEY));
  });

  it('rejects a token without a subject or issued-at', async () => {
    const noSub = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .sign(KEY);
    await rejects(noSub);
    const noIat = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER_ID)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setExpirationTime(nowSeconds + 60)
      .sign(KEY);
    await rejects(noIat);
  });

  it('rejects an unsecured token (alg none)', async () => {
    const { token } = await tokens().issue({ userId: USER_ID, role: 'admin' });
    const unsecured = `${json({ alg: 'none', typ: 'JWT' })}.${json(decodePayload(token))}.`;
    await rejects(unsecured);
    await rejects(`${json({ alg: 'none' })}.${token.split('.')[1]}.${token.split('.')[2]}`);
  });

  it('rejects a token signed with HS512, even with the right secret', async () => {
    const token = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .setSubject(USER_ID)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .sign(KEY);
    await rejects(token);
  });

  it('rejects a token whose payload was changed', async () => {
    const { token } = await tokens().issue({ userId: USER_ID, role: 'customer' });
    const [header, , signature] = token.split('.');
    const otherUser = { ...decodePayload(token), sub: '65a000000000000000000002' };
    await rejects(`${header}.${json(otherUser)}.${signature}`);
    const promoted = { ...decodePayload(token), role: 'admin' };
    await rejects(`${header}.${json(promoted)}.${signature}`);
  });

  it('rejects a token with a truncated or missing signature', async () => {
    const { token } = await tokens().issue({ userId: USER_ID, role: 'customer' });
    await rejects(token.slice(0, -4));
    await rejects(token.slice(0, token.lastIndexOf('.') + 1));
    await rejects(token.slice(0, token.lastIndexOf('.')));
  });

  it('rejects a token with an unknown or missing role', async () => {
    const expiring = (jwt: SignJWT) => jwt.setExpirationTime(nowSeconds + 60);
    await rejects(await signed(expiring, { role: 'superuser' }).sign(KEY));
    await rejects(await signed(expiring, { role: ['admin'] }).sign(KEY));
    await rejects(await signed(expiring, { role: undefined }).sign(KEY));
  });

  it('rejects strings that are not tokens at all', async () => {
    for (const token of ['', 'abc', 'a.b.c', '...', 'Bearer x.y.z', `${json({ alg: 'HS256' })}.not-json.sig`]) {
      await rejects(token);
    }
  });
});

describe('parseDuration', () => {
  it('reads plain seconds and s/m/h/d suffixes', () => {
    expect(parseDuration('3600')).toBe(3600);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration(' 2 h ')).toBe(7200);
  });

  it('rejects zero, fractions, unknown units and other text', () => {
    for (const text of ['0', '0d', '', 'd', '1.5h', '-1', '1w', '1 day', 'PT1H', '1H']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});
