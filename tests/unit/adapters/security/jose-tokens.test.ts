import { createHmac } from 'node:crypto';
import { SignJWT, base64url, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { JoseTokens, type JoseTokensOptions } from '../../../../src/adapters/security/jose-tokens.js';
import { Unauthenticated } from '../../../../src/domain/errors.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const key = new TextEncoder().encode(SECRET);
const NOW = Math.floor(Date.parse('2026-11-27T10:00:00Z') / 1000);
const tokens = new JoseTokens({ secret: SECRET, expiresInSeconds: 3600, issuer: 'shop', audience: 'shop-api', now: () => new Date(NOW * 1000) });
/** What the service used to call, and still defines "valid": jose's jwtVerify with the same options. */
const joseAccepts = (token: string) => jwtVerify(token, key, {
  algorithms: ['HS256'], issuer: 'shop', audience: 'shop-api', requiredClaims: ['exp', 'sub', 'iat'],
  clockTolerance: 5, currentDate: new Date(NOW * 1000),
}).then(() => true, () => false);
const accepts = (token: string) => tokens.verify(token).then(() => true, (error: unknown) => {
  expect(error).toBeInstanceOf(Unauthenticated);
  return false;
});

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** Signs any header and payload bytes with the right key, so only the claim checks can refuse them. */
const hs256 = (header: unknown, payload: unknown, secret: string | Uint8Array = key) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const valid = { sub: 'u1', role: 'customer', iss: 'shop', aud: 'shop-api', iat: NOW - 10, exp: NOW + 600 };
const without = (claim: keyof typeof valid) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== claim));

describe('JoseTokens.verify (HMAC on the event loop, claims by jose)', () => {
  it('accepts its own tokens and returns the claims', async () => {
    const { token } = await tokens.issue({ userId: 'u1', role: 'admin' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u1', role: 'admin' });
  });

  const cases: Record<string, string | (() => Promise<string>)> = {
    'a valid token': hs256({ alg: 'HS256', typ: 'JWT' }, valid),
    'a token signed by jose': () => new SignJWT(valid).setProtectedHeader({ alg: 'HS256' }).sign(key),
    'aud as an array that holds ours': hs256({ alg: 'HS256' }, { ...valid, aud: ['other', 'shop-api'] }),
    'aud as an array without ours': hs256({ alg: 'HS256' }, { ...valid, aud: ['other'] }),
    'exp inside the 5 s tolerance': hs256({ alg: 'HS256' }, { ...valid, exp: NOW - 4 }),
    'exp just past the tolerance': hs256({ alg: 'HS256' }, { ...valid, exp: NOW - 5 }),
    'exp as a string': hs256({ alg: 'HS256' }, { ...valid, exp: String(NOW + 600) }),
    'nbf in the future': hs256({ alg: 'HS256' }, { ...valid, nbf: NOW + 60 }),
    'nbf within tolerance': hs256({ alg: 'HS256' }, { ...valid, nbf: NOW + 5 }),
    'iat as a string': hs256({ alg: 'HS256' }, { ...valid, iat: 'yesterday' }),
    'no exp': hs256({ alg: 'HS256' }, without('exp')),
    'no iat': hs256({ alg: 'HS256' }, without('iat')),
    'no sub': hs256({ alg: 'HS256' }, without('sub')),
    'no iss': hs256({ alg: 'HS256' }, without('iss')),
    'no aud': hs256({ alg: 'HS256' }, without('aud')),
    'another issuer': hs256({ alg: 'HS256' }, { ...valid, iss: 'shop2' }),
    'issuer as an array': hs256({ alg: 'HS256' }, { ...valid, iss: ['shop'] }),
    'another audience': hs256({ alg: 'HS256' }, { ...valid, aud: 'shop' }),
    'alg HS512': hs256({ alg: 'HS512' }, valid),
    'alg none': `${b64({ alg: 'none' })}.${b64(valid)}.`,
    'alg missing': hs256({ typ: 'JWT' }, valid),
    'alg in lower case': hs256({ alg: 'hs256' }, valid),
    'a wrong key': hs256({ alg: 'HS256' }, valid, 'another-secret-that-is-at-least-32-bytes'),
    'an array payload': hs256({ alg: 'HS256' }, [valid]),
    'a JSON string payload': hs256({ alg: 'HS256' }, JSON.stringify(JSON.stringify(valid))),
    'a payload that is not JSON': hs256({ alg: 'HS256' }, 'not json'),
    'a header that is not JSON': hs256('not json', valid),
    'a header that is an array': hs256(['HS256'], valid),
    'crit naming an unknown extension': hs256({ alg: 'HS256', crit: ['exp'], exp: 1 }, valid),
    'b64 false': hs256({ alg: 'HS256', crit: ['b64'], b64: false }, valid),
    'two segments': `${b64({ alg: 'HS256' })}.${b64(valid)}`,
    'four segments': `${hs256({ alg: 'HS256' }, valid)}.x`,
    'an empty string': '',
    'a truncated signature': hs256({ alg: 'HS256' }, valid).slice(0, -2),
    'a signature from another token': `${hs256({ alg: 'HS256' }, valid).split('.').slice(0, 2).join('.')}.${hs256({ alg: 'HS256' }, { ...valid, sub: 'u2' }).split('.')[2]}`,
  };

  it.each(Object.entries(cases))('agrees with jose jwtVerify on %s', async (_, make) => {
    const token = typeof make === 'string' ? make : await make();
    expect(await accepts(token)).toBe(await joseAccepts(token));
  });

  it('carries the session id as `sid`; tokens from before sessions have none; a `sid` that is no string is refused', async () => {
    const { token } = await tokens.issue({ userId: 'u1', role: 'customer', sessionId: 's1' });
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({ sid: 's1' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u1', role: 'customer', sessionId: 's1' });
    expect(await tokens.verify(hs256({ alg: 'HS256' }, valid))).toEqual({ userId: 'u1', role: 'customer' });
    expect(await accepts(hs256({ alg: 'HS256' }, { ...valid, sid: 42 }))).toBe(false);
  });

  it('issues the same token for the same claims at the same second', async () => {
    const at = new Date((NOW - 30) * 1000);
    const a = await tokens.issue({ userId: 'u1', role: 'customer', sessionId: 's1' }, at);
    const b = await tokens.issue({ userId: 'u1', role: 'customer', sessionId: 's1' }, new Date(at.getTime() + 400));
    expect(b.token).toBe(a.token);
    expect(JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString())).toMatchObject({ iat: NOW - 30, exp: NOW - 30 + 3600 });
  });

  it('still checks the role and sub types after the claims pass', async () => {
    expect(await accepts(hs256({ alg: 'HS256' }, { ...valid, role: 'root' }))).toBe(false);
    expect(await accepts(hs256({ alg: 'HS256' }, { ...valid, sub: 42 }))).toBe(false);
  });

  it('is stricter than jose on encodings it never issues', async () => {
    // jose accepts `crit: ["b64"]` with b64 true, and base64url with non-zero trailing bits.
    const critB64 = hs256({ alg: 'HS256', crit: ['b64'], b64: true }, valid);
    expect(await joseAccepts(critB64)).toBe(true);
    expect(await accepts(critB64)).toBe(false);
    const token = hs256({ alg: 'HS256' }, valid);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!; // same 4 leading bits, other padding bits
    expect(await accepts(`${token.slice(0, -1)}${sibling}`)).toBe(false);
  });

  it('refuses non-base64url characters before any parsing', async () => {
    expect(await accepts(`${hs256({ alg: 'HS256' }, valid)} `)).toBe(false);
    expect(await accepts(hs256({ alg: 'HS256' }, valid).replace('.', '+.'))).toBe(false);
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

  it('rejects a token issued in the future beyond the five seconds of clock skew', async () => {
    const issuedAt = async (seconds: number) => (await tokens({ now: at(seconds) }).issue({ userId: USER_ID, role: 'customer' })).token;
    await expect(tokens().verify(await issuedAt(5))).resolves.toMatchObject({ userId: USER_ID });
    await rejects(await issuedAt(6));
    await rejects(await issuedAt(3600));
    // jose alone accepts it: its iat check needs a maxTokenAge.
    await expect(jwtVerify(await issuedAt(3600), KEY, { issuer: options.issuer, audience: options.audience, currentDate: T0 })).resolves.toBeDefined();
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
