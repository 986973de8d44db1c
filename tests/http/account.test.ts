import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { MemoryAccountMessages } from '../../src/adapters/memory/account-messages.js';
import { RESET_ANSWER_MS } from '../../src/adapters/http/routes/account.js';
import { expectMatchesSchema } from '../support/openapi-validate.js';
import { type TestApp, ADMIN, testApp, uniqueEmail } from '../support/app.js';

let t: TestApp;
let messages: MemoryAccountMessages;
let logged: string[];
beforeAll(async () => {
  messages = new MemoryAccountMessages();
  logged = [];
  const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { logged.push(s); } } });
  t = await testApp({ accountMessages: messages }, {}, logger);
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const profile = (token: string) => t.http.get('/api/auth/profile').set(bearer(token));
const requestReset = (email: unknown) => t.http.post('/api/auth/password-reset').send({ email });
const confirm = (token: string, password: string) => t.http.post('/api/auth/password-reset/confirm').send({ token, password });
const logIn = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });
const NEW = 'a brand new passphrase';

describe('POST /api/auth/password-reset', () => {
  it('answers 202 with one body for a known and an unknown email, and sends a link only to the known one', async () => {
    const { email } = await t.register();
    const sent = messages.sent.length;
    const known = await requestReset(email.toUpperCase()).expect(202);
    const unknown = await requestReset(uniqueEmail('ghost')).expect(202);
    const invalid = await requestReset('not an email').expect(202);
    expectMatchesSchema('requestPasswordReset', 202, known.body);
    expect(unknown.body).toEqual(known.body);
    expect(invalid.body).toEqual(known.body);
    const headers = (r: typeof known) => Object.keys(r.headers).filter((h) => !['date', 'x-request-id'].includes(h)).sort();
    expect(headers(unknown)).toEqual(headers(known));
    expect(messages.sent.slice(sent)).toEqual([expect.objectContaining({ kind: 'password-reset', to: email })]);
  });

  it('takes as long for an unknown email as for a known one (no sooner than the floor, medians within 20 ms)', async () => {
    const { email } = await t.register();
    const time = async (address: string) => {
      const started = performance.now();
      await requestReset(address).expect(202);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await time(email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(Math.min(...known, ...unknown)).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(20);
  });

  it('builds the link from configuration, never from Host or X-Forwarded-Host', async () => {
    const { email } = await t.register();
    await t.http.post('/api/auth/password-reset').set('Host', 'evil.example').set('X-Forwarded-Host', 'evil.example').send({ email }).expect(202);
    const message = messages.sent.findLast((m) => m.to === email);
    expect(message).toMatchObject({ kind: 'password-reset', link: expect.stringMatching(/^http:\/\/shop\.test\/account\/reset\?token=[\w-]{43}$/) });
  });

  it('links to PASSWORD_RESET_URL when it is set', async () => {
    const own = new MemoryAccountMessages();
    const app = await testApp({ accountMessages: own }, { PASSWORD_RESET_URL: 'https://www.shop.example/reset?src=mail' });
    const { email } = await app.register();
    await app.http.post('/api/auth/password-reset').send({ email }).expect(202);
    expect(own.sent[0]).toMatchObject({ link: expect.stringMatching(/^https:\/\/www\.shop\.example\/reset\?src=mail&token=[\w-]{43}$/) });
  });
});

describe('POST /api/auth/password-reset/confirm', () => {
  it('sets the new password, ends every earlier session and signs in afresh; the old password no longer works', async () => {
    const { email, password, token: registered } = await t.register();
    const other = (await logIn(email, password).expect(200)).body;
    await requestReset(email).expect(202);
    const res = await confirm(messages.resetTokenFor(email)!, NEW).expect(200);
    expectMatchesSchema('confirmPasswordReset', 200, res.body);
    expect(res.body).toMatchObject({ token_type: 'Bearer', user: { email } });
    for (const old of [registered, other.access_token]) await profile(old).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: other.refresh_token }).expect(401);
    await profile(res.body.access_token).expect(200);
    await logIn(email, password).expect(401);
    await logIn(email, NEW).expect(200);
    expect(messages.sent.findLast((m) => m.to === email)).toMatchObject({ kind: 'password-changed' });
  });

  it('answers a used, a voided and an unknown token with the same 400 INVALID_RESET_TOKEN', async () => {
    const { email } = await t.register();
    await requestReset(email);
    const used = messages.resetTokenFor(email)!;
    await confirm(used, NEW).expect(200);
    await requestReset(email);
    const voided = messages.resetTokenFor(email)!;
    await requestReset(email);
    const answers = await Promise.all([used, voided, 'x'.repeat(43)].map((token) => confirm(token, NEW)));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body.code).toBe('INVALID_RESET_TOKEN');
  });

  it('refuses a weak new password with 400 before spending the token', async () => {
    const { email } = await t.register();
    await requestReset(email);
    const token = messages.resetTokenFor(email)!;
    const weak = await confirm(token, 'too short').expect(400);
    expect(weak.body.code).toBe('VALIDATION_FAILED');
    await confirm(token, NEW).expect(200);
  });

  it('keeps reset tokens, refresh tokens and passwords out of the log', async () => {
    const { email } = await t.register();
    await requestReset(email);
    const token = messages.resetTokenFor(email)!;
    const res = await confirm(token, NEW).expect(200);
    await t.http.get(`/account/reset?token=${token}`).expect(200);
    const log = logged.join('');
    for (const secret of [token, res.body.refresh_token, NEW]) expect(log).not.toContain(secret);
  });
});

describe('POST /api/auth/password', () => {
  it('changes the password and ends the other sessions, not this one', async () => {
    const { email, password, token: here } = await t.register();
    const there = (await logIn(email, password).expect(200)).body;
    await t.http.post('/api/auth/password').set(bearer(here)).send({ currentPassword: password, newPassword: NEW }).expect(204);
    await profile(here).expect(200);
    await profile(there.access_token).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: there.refresh_token }).expect(401);
    await logIn(email, NEW).expect(200);
  });

  it('refuses a wrong current password with 403 WRONG_PASSWORD, and a weak new one with 400', async () => {
    const { password, token } = await t.register();
    const wrong = await t.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: 'not the password', newPassword: NEW }).expect(403);
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    await t.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: password, newPassword: 'short' }).expect(400);
    await t.http.post('/api/auth/password').send({ currentPassword: password, newPassword: NEW }).expect(401);
  });
});

describe('PATCH /api/auth/profile', () => {
  it('changes the name and answers the profile', async () => {
    const { token } = await t.register();
    const res = await t.http.patch('/api/auth/profile').set(bearer(token)).send({ name: '  Ada King  ' }).expect(200);
    expectMatchesSchema('updateProfile', 200, res.body);
    expect(res.body.name).toBe('Ada King');
    expect((await profile(token).expect(200)).body.name).toBe('Ada King');
    await t.http.patch('/api/auth/profile').set(bearer(token)).send({ name: '' }).expect(400);
    await t.http.patch('/api/auth/profile').set(bearer(token)).send({ name: 'X', email: 'other@example.com' }).expect(400);
  });
});

describe('DELETE /api/auth/profile', () => {
  it('closes the account: sessions end, email and name are erased, orders stay, the email can register again', async () => {
    const { email, password, token, user } = await t.register({ name: 'Grace Hopper' });
    const admin = await t.adminToken();
    const product = await t.createProduct(admin);
    const placed = await t.placeOrder(token, { productId: product.id });
    expect(placed.status).toBe(201);
    const { order } = placed.body;
    const refreshToken = (await logIn(email, password).expect(200)).body.refresh_token;

    await t.http.delete('/api/auth/profile').set(bearer(token)).send({ password }).expect(204);
    await profile(token).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: refreshToken }).expect(401);
    await logIn(email, password).expect(401);

    const kept = (await t.http.get(`/api/admin/orders/${order.id}`).set(bearer(admin)).expect(200)).body;
    expect(kept.customer).toEqual({ id: user.id, email: `closed:${user.id}` });
    expect(JSON.stringify(kept)).not.toContain(email);
    await t.register({ email });
  });

  it('refuses a wrong password with 403, an administrator with 403, and no token with 401', async () => {
    const { token } = await t.register();
    expect((await t.http.delete('/api/auth/profile').set(bearer(token)).send({ password: 'not the password' }).expect(403)).body.code).toBe('WRONG_PASSWORD');
    await profile(token).expect(200);
    const admin = await t.adminToken();
    expect((await t.http.delete('/api/auth/profile').set(bearer(admin)).send({ password: ADMIN.password }).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.delete('/api/auth/profile').send({ password: 'x' }).expect(401);
  });
});

describe('rate limits on account recovery', () => {
  it('limits reset requests per email, whether or not it has an account, and per client address', async () => {
    const app = await testApp({}, { RATE_LIMITS: 'on', TRUST_PROXY_HOPS: '1' });
    const { email } = await app.register();
    const ghost = uniqueEmail('ghost');
    const statuses = async (address: string, from: (i: number) => string) => {
      const out = [];
      for (let i = 0; i < 4; i++) out.push((await app.http.post('/api/auth/password-reset').set('X-Forwarded-For', from(i)).send({ email: address })).status);
      return out;
    };
    expect(await statuses(email, (i) => `203.0.113.${i}`)).toEqual([202, 202, 202, 429]);
    expect(await statuses(ghost, (i) => `198.51.100.${i}`)).toEqual([202, 202, 202, 429]);
    const perAddress = [];
    for (let i = 0; i < 11; i++) perAddress.push((await app.http.post('/api/auth/password-reset').set('X-Forwarded-For', '192.0.2.1').send({ email: uniqueEmail() })).status);
    expect(perAddress.at(-1)).toBe(429);
  });

  it('limits confirmations per client address, and wrong current passwords per account', async () => {
    const app = await testApp({}, { RATE_LIMITS: 'on' });
    const confirms = [];
    for (let i = 0; i < 11; i++) confirms.push((await app.http.post('/api/auth/password-reset/confirm').send({ token: `guess-${i}`, password: NEW })).status);
    expect(confirms.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(confirms.at(-1)).toBe(429);
    const { token } = await app.register();
    const changes = [];
    for (let i = 0; i < 6; i++) changes.push((await app.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: `guess-${i}`, newPassword: NEW })).status);
    expect(changes).toEqual([403, 403, 403, 403, 403, 429]);
  });
});

describe('GET /account/reset', () => {
  it('serves the page and its script under a CSP that allows only themselves, and nothing else there', async () => {
    const page = await t.http.get('/account/reset?token=abc').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'.*form-action 'none'/);
    expect(page.text).toContain('<script src="/account/reset.js"></script>');
    expect(page.text).not.toContain('abc');
    const script = await t.http.get('/account/reset.js').expect(200);
    expect(script.type).toBe('application/javascript');
    expect(script.text).toContain("'/api/auth/password-reset/confirm'");
    await t.http.post('/account/reset').send({}).expect(405);
    await t.http.get('/account/other').expect(404);
  });
});
