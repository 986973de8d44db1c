import { describe, expect, it } from 'vitest';
import { testApp, uniqueEmail } from '../support/app.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

/**
 * Rate-limit windows are fixed slices of the clock: with the real clock a test that crosses a
 * window's end sees its counts reset. Every limited app here reads a clock the test controls.
 */
function controlledClock() {
  let now = Date.parse('2026-11-27T10:00:00.000Z');
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => { now += ms; } };
}

const limited = (env: Record<string, string> = {}) => testApp({ clock: controlledClock().clock }, { RATE_LIMITS: 'on', ...env });

describe('rate limits', () => {
  it('throttles guessing one account with 429 and Retry-After, even from rotating X-Forwarded-For', async () => {
    const t = await limited();
    const { email } = await t.register();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.http.post('/api/auth/login').set('X-Forwarded-For', `6.6.6.${i}`).send({ email, password: `guess-${i}-xxxx` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body.code).toBe('RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('throttles per account even behind a trusted proxy where every guess comes from a new address', async () => {
    const t = await limited({ TRUST_PROXY_HOPS: '1' });
    const { email } = await t.register();
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.http.post('/api/auth/login').set('X-Forwarded-For', `6.6.6.${i}`).send({ email, password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("never counts the owner's successful logins", async () => {
    const t = await limited();
    const { email, password } = await t.register();
    for (let i = 0; i < 8; i++) expect((await t.http.post('/api/auth/login').send({ email, password })).status).toBe(200);
  });

  it("does not lock the owner's address out when a guesser on another address fails", async () => {
    const t = await limited({ TRUST_PROXY_HOPS: '1' });
    const { email, password } = await t.register();
    for (let i = 0; i < 6; i++) await t.http.post('/api/auth/login').set('X-Forwarded-For', '6.6.6.6').send({ email, password: 'wrong-password' });
    expect((await t.http.post('/api/auth/login').set('X-Forwarded-For', '6.6.6.6').send({ email, password })).status).toBe(429);
    expect((await t.http.post('/api/auth/login').set('X-Forwarded-For', '198.51.100.4').send({ email, password })).status).toBe(200);
  });

  it('throttles one client spraying a password over many accounts', async () => {
    const t = await limited();
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await t.http.post('/api/auth/login').send({ email: uniqueEmail('spray'), password: 'Summer2026!' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('does not let one abuser lock another client out of its own account for good', async () => {
    const { clock, advance } = controlledClock();
    const t = await testApp({ clock }, { RATE_LIMITS: 'on' });
    const { email, password } = await t.register();
    for (let i = 0; i < 6; i++) await t.http.post('/api/auth/login').send({ email, password: 'wrong-password' });
    expect((await t.http.post('/api/auth/login').send({ email, password })).status).toBe(429);
    advance(5 * 60_000);
    expect((await t.http.post('/api/auth/login').send({ email, password })).status).toBe(200);
  });

  it('trusts X-Forwarded-For only as far as the configured proxy hops', async () => {
    const direct = await limited();
    // Without trusted proxies every request is the same client, whatever the header claims.
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const res = await direct.http.post('/api/auth/register').set('X-Forwarded-For', `10.0.0.${i}`)
        .send({ name: 'R', email: uniqueEmail('reg'), password: 'a-good-password' });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
    // With one trusted hop, the proxy's view of the client counts: a spoofed left-most entry is ignored.
    const proxied = await limited({ TRUST_PROXY_HOPS: '1' });
    const spoofed = [];
    for (let i = 0; i < 11; i++) {
      const res = await proxied.http.post('/api/auth/register').set('X-Forwarded-For', `6.6.6.${i}, 203.0.113.7`)
        .send({ name: 'R', email: uniqueEmail('reg'), password: 'a-good-password' });
      spoofed.push(res.status);
    }
    expect(spoofed.at(-1)).toBe(429);
  });

  it('limits order creation per user', async () => {
    const t = await limited();
    const admin = await t.adminToken();
    const { id } = await t.createProduct(admin);
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await t.placeOrder(admin, { productId: id })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('Idempotency-Key on POST /api/orders', () => {
  it('replays the first response for a retry with the same key and body, creating one order', async () => {
    const t = await testApp();
    const { token } = await t.register();
    const { id } = await t.createProduct(await t.adminToken());
    const send = (body: object, key = 'order-attempt-1') =>
      t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);

    const first = await send({ productId: id, quantity: 2 });
    const retry = await send({ quantity: 2, productId: id });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['location']).toBe(first.headers['location']);
    expect(retry.headers['location']).toBe(`http://shop.test/api/orders/${first.body.order.id}`);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const orders = await t.http.get('/api/orders').set('Authorization', `Bearer ${token}`);
    expect(orders.body).toHaveLength(1);

    const other = await send({ productId: id, quantity: 3 });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys per user: the same key from another user is a new request', async () => {
    const t = await testApp();
    const { id } = await t.createProduct(await t.adminToken());
    const a = await t.register();
    const b = await t.register();
    const send = (token: string) =>
      t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'same-key').send({ productId: id });
    const fromA = await send(a.token);
    const fromB = await send(b.token);
    expect(fromB.status).toBe(201);
    expect(fromB.body.order.id).not.toBe(fromA.body.order.id);
  });

  it('answers 409 while the first request is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstIsRunning = new Promise<void>((resolve) => (started = resolve));
    const t = await testApp({
      payments: {
        name: 'slow',
        startCheckout: async () => { started(); await gate; return { sessionId: 'cs_slow', url: 'https://pay.test/cs_slow' }; },
        retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
      },
    });
    const { token } = await t.register();
    const { id } = await t.createProduct(await t.adminToken());
    const send = () => t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'k-409').send({ productId: id });
    const first = send().then((r) => r);
    await firstIsRunning;
    const second = await send();
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(201);
  });

  it('does not keep a 5xx: a retry after a provider outage runs again', async () => {
    let fail = true;
    const t = await testApp({
      payments: {
        name: 'flaky',
        startCheckout: async ({ order }) => {
          if (fail) { const { PaymentProviderUnavailable } = await import('../../src/domain/errors.js'); throw new PaymentProviderUnavailable('down'); }
          return { sessionId: `cs_${order.id}`, url: `https://pay.test/${order.id}` };
        },
        retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund,
      },
    });
    const { token } = await t.register();
    const { id } = await t.createProduct(await t.adminToken());
    const send = () => t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'k-5xx').send({ productId: id });
    expect((await send()).status).toBe(503);
    fail = false;
    expect((await send()).status).toBe(201);
  });

  it('refuses an empty key with 400 instead of ignoring it, placing nothing', async () => {
    const t = await testApp();
    const { token } = await t.register();
    const { id } = await t.createProduct(await t.adminToken());
    const res = await t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', '').send({ productId: id });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.http.get('/api/orders').set('Authorization', `Bearer ${token}`)).body).toEqual([]);
  });

  it('rejects a malformed key with 400', async () => {
    const t = await testApp();
    const { token } = await t.register();
    const res = await t.http.post('/api/orders').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'x'.repeat(300)).send({ productId: '000000000000000000000000' });
    expect(res.status).toBe(400);
  });
});
