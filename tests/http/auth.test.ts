import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH } from '../../src/domain/user.js';
import { type TestApp, TEST_SECRET, testApp, uniqueEmail } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const key = new TextEncoder().encode(TEST_SECRET);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('POST /api/auth/register', () => {
  it('creates a customer and returns a bearer token in the seed contract shape', async () => {
    const email = uniqueEmail();
    const res = await t.http.post('/api/auth/register').send({ name: 'Ada', email, password: 'a-good-password' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^[\w-]{43}$/),
      user: { id: expect.stringMatching(/^[0-9a-f]{24}$/), name: 'Ada', email, role: 'customer' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$argon2/);
  });

  it('normalises the email so a differently-cased duplicate answers 409', async () => {
    const email = uniqueEmail('Case');
    await t.register({ email });
    const res = await t.http.post('/api/auth/register').send({ name: 'X', email: `  ${email.toUpperCase()} `, password: 'a-good-password' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'EMAIL_TAKEN', title: 'Conflict' });
    expect(res.type).toBe('application/problem+json');
  });

  it.each([
    ['a missing field', { name: 'A', email: 'a@example.com' }, '#/password'],
    ['a wrong type', { name: 'A', email: 'a@example.com', password: 12345678 }, '#/password'],
    ['an operator object', { name: 'A', email: { $gt: '' }, password: 'a-good-password' }, '#/email'],
    ['an extra field (role)', { name: 'A', email: 'role@example.com', password: 'a-good-password', role: 'admin' }, '#/'],
    ['an extra field (_id)', { name: 'A', email: 'id@example.com', password: 'a-good-password', _id: 'x' }, '#/'],
    ['a short password', { name: 'A', email: 'short@example.com', password: 'short' }, '#/password'],
    [`a ${PASSWORD_MAX_LENGTH + 1}-character password`, { name: 'A', email: 'long@example.com', password: 'x'.repeat(PASSWORD_MAX_LENGTH + 1) }, '#/password'],
    ['an invalid email', { name: 'A', email: 'not-an-email', password: 'a-good-password' }, '#/email'],
  ])('rejects %s with 400 and per-field errors', async (_, body, pointer) => {
    const res = await t.http.post('/api/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it(`accepts a password of ${PASSWORD_MAX_LENGTH} characters that take two UTF-16 units each`, async () => {
    await t.http.post('/api/auth/register').send({ name: 'A', email: uniqueEmail(), password: '😀'.repeat(PASSWORD_MAX_LENGTH) }).expect(201);
  });

  it('rejects a 1 MB password with 413 before any hashing', async () => {
    const started = Date.now();
    const res = await t.http.post('/api/auth/register').send({ name: 'A', email: 'big@example.com', password: 'x'.repeat(1_000_000) });
    expect(res.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('POST /api/auth/login', () => {
  it('returns a token for the right password', async () => {
    const { email, password } = await t.register();
    const res = await t.http.post('/api/auth/login').send({ email: email.toUpperCase(), password }).expect(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', user: { email, role: 'customer' } });
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await t.register();
    const wrong = await t.http.post('/api/auth/login').send({ email, password: 'wrong-password' });
    const unknown = await t.http.post('/api/auth/login').send({ email: uniqueEmail('ghost'), password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const headers = (r: typeof wrong) => Object.keys(r.headers).filter((h) => h !== 'date').sort();
    expect(headers(unknown)).toEqual(headers(wrong));
  });

  it('refuses form-encoded bodies with 415 (they would become operator objects)', async () => {
    const res = await t.http.post('/api/auth/login').type('form').send('email[$ne]=x&password[$ne]=x');
    expect(res.status).toBe(415);
  });

  it('rejects operator objects with 400', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: { $ne: null }, password: { $ne: null } });
    expect(res.status).toBe(400);
  });

  it('rejects text/plain with 415 and malformed JSON with 400', async () => {
    expect((await t.http.post('/api/auth/login').set('Content-Type', 'text/plain').send('hello')).status).toBe(415);
    const malformed = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const primitive = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('"just a string"');
    expect(primitive.status).toBe(400);
  });
});

describe('GET /api/auth/profile', () => {
  it('returns the caller profile', async () => {
    const { token, email } = await t.register({ name: 'Grace' });
    const res = await t.http.get('/api/auth/profile').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ id: expect.any(String), name: 'Grace', email, role: 'customer', createdAt: expect.any(String) });
  });

  const forged = async () => {
    const { user } = await t.register();
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, alg = 'HS256') =>
      new SignJWT({ role: 'customer', ...claims }).setProtectedHeader({ alg }).setSubject(user.id).sign(key);
    const valid = { iss: 'shop-api', aud: 'shop-api', iat: now, exp: now + 600 };
    const good = await sign(valid);
    const [h, p, s] = good.split('.') as [string, string, string];
    return {
      'no header': null,
      'an empty bearer': 'Bearer ',
      'a Basic scheme': 'Basic dXNlcjpwYXNz',
      'a garbage token': 'Bearer not.a.token',
      'an expired token': `Bearer ${await sign({ ...valid, iat: now - 7200, exp: now - 3600 })}`,
      'a token issued an hour ahead': `Bearer ${await sign({ ...valid, iat: now + 3600, exp: now + 7200 })}`,
      'a token without exp': `Bearer ${await sign({ iss: 'shop-api', aud: 'shop-api', iat: now })}`,
      'a token from another issuer': `Bearer ${await sign({ ...valid, iss: 'someone-else' })}`,
      'a token for another audience': `Bearer ${await sign({ ...valid, aud: 'another-api' })}`,
      'an HS512 token': `Bearer ${await sign(valid, 'HS512')}`,
      'an alg:none token': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
      'a tampered payload': `Bearer ${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })}.${s}`,
      'a truncated signature': `Bearer ${h}.${p}.${s.slice(0, 20)}`,
    };
  };

  it('rejects every kind of bad credential with 401 and WWW-Authenticate: Bearer', async () => {
    for (const [label, header] of Object.entries(await forged())) {
      const req = t.http.get('/api/auth/profile');
      const res = await (header ? req.set('Authorization', header) : req);
      expect(res.status, label).toBe(401);
      expect(res.headers['www-authenticate'], label).toBe('Bearer');
      expect(res.body.code, label).toBe('UNAUTHENTICATED');
    }
  });

  it('takes the Bearer scheme in any case (RFC 9110 §11.1), on every route', async () => {
    const { token } = await t.register();
    const admin = await t.adminToken();
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      expect((await t.http.get('/api/auth/profile').set('Authorization', `${scheme} ${token}`)).status, scheme).toBe(200);
      expect((await t.http.get('/api/orders').set('Authorization', `${scheme} ${token}`)).status, scheme).toBe(200);
      expect((await t.http.get('/api/admin/orders').set('Authorization', `${scheme} ${admin}`)).status, scheme).toBe(200);
    }
  });

  it('never accepts a token in the query string', async () => {
    const { token } = await t.register();
    expect((await t.http.get(`/api/auth/profile?access_token=${token}`)).status).toBe(401);
  });
});
