import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesSchema } from '../support/openapi-validate.js';
import { type TestApp, TEST_SECRET, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const profile = (token: string) => t.http.get('/api/auth/profile').set(bearer(token));
const refresh = (refreshToken: unknown) => t.http.post('/api/auth/refresh').send({ refresh_token: refreshToken });
const logIn = async (email: string, password: string) => (await t.http.post('/api/auth/login').send({ email, password }).expect(200)).body;

describe('POST /api/auth/refresh', () => {
  it('trades the refresh token of a login for a new pair in the login shape; the old access token stays valid until it expires', async () => {
    const { email, password } = await t.register();
    const first = await logIn(email, password);
    expect(first.refresh_token).toMatch(/^[\w-]{43}$/);
    const res = await refresh(first.refresh_token).expect(200);
    expectMatchesSchema('refreshSession', 200, res.body);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { email } });
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    await profile(res.body.access_token).expect(200);
    await profile(first.access_token).expect(200);
  });

  it('gives a retried refresh (within 10 s) the same pair, and two at once one pair', async () => {
    const { email, password } = await t.register();
    const first = await logIn(email, password);
    const [a, b] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const again = await refresh(first.refresh_token).expect(200);
    expect(again.body).toEqual(a.body);
    await refresh(a.body.refresh_token).expect(200);
  });

  it('refuses unknown and malformed tokens with 401 INVALID_REFRESH_TOKEN, or 400 for a wrong shape', async () => {
    const unknown = await refresh('x'.repeat(43)).expect(401);
    expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect(unknown.headers['www-authenticate']).toBe('Bearer');
    await refresh({ $ne: null }).expect(400);
    await refresh('').expect(400);
    await t.http.post('/api/auth/refresh').send({ refresh_token: 'x', extra: 1 }).expect(400);
  });
});

describe('reuse of a spent refresh token', () => {
  it('ends the whole session after the grace: its access token and every refresh token of it stop working', async () => {
    const clock = { at: Date.now(), now() { return new Date(this.at); } };
    const app = await testApp({ clock });
    const { email, password } = await app.register();
    const first = (await app.http.post('/api/auth/login').send({ email, password }).expect(200)).body;
    const second = (await app.http.post('/api/auth/refresh').send({ refresh_token: first.refresh_token }).expect(200)).body;
    clock.at += 11_000;
    const replay = await app.http.post('/api/auth/refresh').send({ refresh_token: first.refresh_token }).expect(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
    await app.http.post('/api/auth/refresh').send({ refresh_token: second.refresh_token }).expect(401);
    await app.http.get('/api/auth/profile').set(bearer(second.access_token)).expect(401);
    await app.http.get('/api/auth/profile').set(bearer(first.access_token)).expect(401);
  });
});

describe('POST /api/auth/logout and /api/auth/logout-all', () => {
  it('logout ends this session only: its access and refresh tokens are refused at once, another session goes on', async () => {
    const { email, password } = await t.register();
    const here = await logIn(email, password);
    const there = await logIn(email, password);
    const res = await t.http.post('/api/auth/logout').set(bearer(here.access_token)).expect(204);
    expect(res.text).toBe('');
    const refused = await profile(here.access_token).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    await refresh(here.refresh_token).expect(401);
    await profile(there.access_token).expect(200);
    await refresh(there.refresh_token).expect(200);
  });

  it("logout-all ends every session of the account, the caller's too, and no other account's", async () => {
    const ada = await t.register();
    const bob = await t.register();
    const sessions = [await logIn(ada.email, ada.password), await logIn(ada.email, ada.password)];
    await t.http.post('/api/auth/logout-all').set(bearer(sessions[0].access_token)).expect(204);
    for (const s of [...sessions, { access_token: ada.token }]) await profile(s.access_token).expect(401);
    for (const s of sessions) await refresh(s.refresh_token).expect(401);
    await profile(bob.token).expect(200);
  });

  it('needs a token', async () => {
    await t.http.post('/api/auth/logout').expect(401);
    await t.http.post('/api/auth/logout-all').expect(401);
  });
});

describe('access tokens issued before sessions (no sid)', () => {
  const legacy = (userId: string, seconds = 900) => new SignJWT({ role: 'customer' })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('shop-api').setAudience('shop-api')
    .setIssuedAt().setExpirationTime(`${seconds}s`).sign(new TextEncoder().encode(TEST_SECRET));

  it('stay valid until they expire, through logout-all: they cannot be revoked', async () => {
    const { user, token } = await t.register();
    const old = await legacy(user.id);
    await profile(old).expect(200);
    await t.http.post('/api/auth/logout').set(bearer(old)).expect(204);
    await t.http.post('/api/auth/logout-all').set(bearer(old)).expect(204);
    await profile(old).expect(200);
    await profile(token).expect(401);
  });
});
