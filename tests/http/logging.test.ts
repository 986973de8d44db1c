import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { EnsureAdmin } from '../../src/application/accounts/ensure-admin.js';
import { CreateProduct } from '../../src/application/catalogue/create-product.js';
import type { Overrides } from '../../src/boot/compose.js';
import { compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';
import { token } from '../../src/boot/tokens.js';
import { TEST_SECRET } from '../support/app.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PASSWORD = 'a-very-secret-password-42';

type Line = { level: number; msg: string; orderId?: string; requestId?: string; method?: string; path?: string; status?: number; durationMs?: number; location?: string };

let raw: string[];
const lines = () => raw.map((l) => JSON.parse(l) as Line);
const requestLines = () => lines().filter((l) => l.msg === 'request');

function app(overrides: Overrides = {}, env: Record<string, string> = {}) {
  const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { raw.push(s); } } });
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, ...env });
  const composition = compose(config, logger, overrides);
  return { ...composition, http: supertest(composition.app.callback()) };
}

beforeEach(() => { raw = []; });

describe('request logging', () => {
  it('generates a request id, echoes it and logs one line with method, path, status and duration', async () => {
    const res = await app().http.get('/api/products?limit=5&category=query-value-stays-out').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(requestLines()).toEqual([
      expect.objectContaining({ requestId: id, method: 'GET', path: '/api/products', status: 200, durationMs: expect.any(Number) }),
    ]);
    expect(raw.join('')).not.toContain('query-value-stays-out');
  });

  it("accepts the caller's sane X-Request-Id", async () => {
    const res = await app().http.get('/health/live').set('X-Request-Id', 'trace-01.abc_DEF').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-01.abc_DEF');
    expect(requestLines()[0]).toMatchObject({ requestId: 'trace-01.abc_DEF', path: '/health/live', status: 200 });
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['with spaces and markup', 'id <script>alert(1)</script>'],
    ['with a quote', 'abc"def'],
  ])('replaces an X-Request-Id %s with a UUID', async (_, bad) => {
    const res = await app().http.get('/health/live').set('X-Request-Id', bad).expect(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(raw.join('')).not.toContain(bad);
  });

  it('logs the status of errors: one line per request, 404 and 401 alike', async () => {
    const { http } = app();
    await http.get('/api/nowhere').expect(404);
    await http.get('/api/auth/profile').expect(401);
    expect(requestLines().map((l) => [l.path, l.status])).toEqual([['/api/nowhere', 404], ['/api/auth/profile', 401]]);
  });

  it('never logs passwords, tokens or the Authorization header', async () => {
    const { http } = app();
    const registered = await http.post('/api/auth/register').send({ name: 'Ada', email: 'ada@example.com', password: PASSWORD }).expect(201);
    const login = await http.post('/api/auth/login').send({ email: 'ada@example.com', password: PASSWORD }).expect(200);
    await http.post('/api/auth/login').send({ email: 'ada@example.com', password: `${PASSWORD}-wrong` }).expect(401);
    await http.get('/api/auth/profile').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    await http.get('/api/auth/profile').set('Authorization', 'Bearer not.a.valid-token').expect(401);

    expect(requestLines()).toHaveLength(5);
    const all = raw.join('');
    for (const secret of [PASSWORD, registered.body.access_token, login.body.access_token, 'not.a.valid-token', 'Bearer']) {
      expect(all).not.toContain(secret);
    }
  });

  it('keeps secrets out of the log when a request fails with a 500', async () => {
    const { http, container } = app({
      hasher: { hash: async () => 'not-a-real-hash', verify: async () => { throw new Error('hasher down'); } },
      payments: { name: 'broken', startCheckout: async () => { throw new Error('provider exploded'); }, retrieveCheckout: async () => null, ...hostedCheckout, ...noCancelOrRefund },
    });
    await container.resolve(EnsureAdmin).execute({ email: 'boss@example.com', password: 'boss-password-1' });
    const admin = await container.resolve(token.users).byEmail('boss@example.com');
    const product = await container.resolve(CreateProduct).execute({ userId: admin!.id, role: 'admin' }, {
      name: 'Cup', description: '', category: null, currency: 'usd', unitAmount: 500,
    });
    const { body } = await http.post('/api/auth/register').send({ name: 'Ada', email: 'ada@example.com', password: PASSWORD }).expect(201);
    await http.post('/api/auth/login').send({ email: 'ada@example.com', password: PASSWORD }).expect(500);
    // The provider's error is not one of ours: an unexpected failure, a 500 that says nothing inside.
    const order = await http.post('/api/orders').set('Authorization', `Bearer ${body.access_token}`).send({ productId: product.id });
    expect(order.status).toBe(500);
    expect(JSON.stringify(order.body)).not.toContain('provider exploded');

    expect(requestLines().map((l) => l.status)).toEqual([201, 500, 500]);
    expect(lines().filter((l) => l.level >= 50 && l.msg !== 'request').length).toBeGreaterThanOrEqual(2);
    const all = raw.join('');
    expect(all).toContain('hasher down');
    expect(all).toContain('provider exploded');
    for (const secret of [PASSWORD, body.access_token as string]) expect(all).not.toContain(secret);
  });
});

describe('failures absorbed on the way to an answer', () => {
  it('logs an idempotency record that could not be completed, with the order, not the key', async () => {
    const storage = memoryStorage();
    storage.idempotencyRecords.complete = async () => { throw new Error('record write failed'); };
    const { http, container } = app({ storage });
    await container.resolve(EnsureAdmin).execute({ email: 'boss@example.com', password: 'boss-password-1' });
    const admin = await container.resolve(token.users).byEmail('boss@example.com');
    const product = await container.resolve(CreateProduct).execute({ userId: admin!.id, role: 'admin' }, {
      name: 'Cup', description: '', category: null, currency: 'usd', unitAmount: 500,
    });
    const { body } = await http.post('/api/auth/register').send({ name: 'Ada', email: 'ada@example.com', password: PASSWORD }).expect(201);
    const key = 'client-key-stays-out-of-logs';
    const placed = await http.post('/api/orders').set('Authorization', `Bearer ${body.access_token}`).set('Idempotency-Key', key)
      .send({ productId: product.id }).expect(201);

    const warning = lines().find((l) => l.msg.startsWith('idempotency key not completed'));
    expect(warning).toMatchObject({ level: 40, method: 'POST', path: '/api/orders', location: `/api/orders/${placed.body.order.id}` });
    expect(warning?.requestId).toBe(placed.headers['x-request-id']);
    expect(raw.join('')).toContain('record write failed');
    expect(raw.join('')).not.toContain(key);
    expect(raw.join('')).not.toContain('ada@example.com');
  });

  it('logs a payment the local checkout could not apply (a cancelled order paid) at error level, with the order id and no personal data', async () => {
    const { http, container } = app();
    await container.resolve(EnsureAdmin).execute({ email: 'boss@example.com', password: 'boss-password-1' });
    const admin = await container.resolve(token.users).byEmail('boss@example.com');
    const product = await container.resolve(CreateProduct).execute({ userId: admin!.id, role: 'admin' }, {
      name: 'Cup', description: '', category: null, currency: 'usd', unitAmount: 500,
    });
    const { body } = await http.post('/api/auth/register').send({ name: 'Ada Lovelace', email: 'ada@example.com', password: PASSWORD }).expect(201);
    const auth = { Authorization: `Bearer ${body.access_token}` };
    const placed = (await http.post('/api/orders').set(auth).send({ productId: product.id }).expect(201)).body;
    await http.post(`/api/orders/${placed.order.id}/cancel`).set(auth).expect(200);
    const session = new URL(placed.checkoutUrl).pathname;
    await http.post(`${session}/pay`).expect(303);

    const issue = (await http.get(`/api/orders/${placed.order.id}`).set(auth).expect(200)).body.paymentIssue;
    expect(issue).toEqual(expect.any(String));
    const errors = lines().filter((l) => l.level >= 50 && l.msg !== 'request');
    expect(errors).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^PAYMENT NOT APPLIED/), orderId: placed.order.id })]);
    const all = raw.join('');
    for (const personal of ['ada@example.com', 'Ada Lovelace']) expect(all).not.toContain(personal);
  });

  it('logs a readiness probe that throws, and answers 503', async () => {
    const { http } = app({ storage: { ...memoryStorage(), ping: async () => { throw new Error('probe bug'); } } });
    await http.get('/health/ready').expect(503);
    expect(lines().find((l) => l.msg === 'readiness probe failed')).toMatchObject({ level: 50 });
    expect(raw.join('')).toContain('probe bug');
  });
});

describe('the logger', () => {
  it('redacts secrets passed in log objects', () => {
    const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { raw.push(s); } } });
    logger.info({ req: { headers: { authorization: 'Bearer abc.def.ghi', accept: 'text/html' } }, user: { password: PASSWORD, access_token: 'tok-123', name: 'Ada' } }, 'x');
    logger.debug({ note: 'below the configured level' }, 'hidden');
    expect(raw.join('')).not.toMatch(/abc\.def\.ghi|tok-123|a-very-secret/);
    // One line, at info, with each secret replaced by the censor and everything else kept.
    expect(raw.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({
      level: 30,
      msg: 'x',
      req: { headers: { authorization: '[redacted]', accept: 'text/html' } },
      user: { password: '[redacted]', access_token: '[redacted]', name: 'Ada' },
    })]);
  });
});

describe('message delivery logging', () => {
  it('logs a failed send by message id, kind and SMTP codes: no address, no reset link, no SMTP password', async () => {
    const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { raw.push(s); } } });
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, SMTP_URL: 'smtp://shop:smtp-secret-pass@127.0.0.1:9', MAIL_SEND_TIMEOUT: '2s' });
    const composition = compose(config, logger, { storage: memoryStorage() });
    await composition.container.resolve(token.notifications).notify({
      kind: 'password-reset', subject: 'f'.repeat(24), version: 'r1', to: 'ada@example.com',
      data: { name: 'Ada', resetUrl: 'https://shop.test/account/reset?token=reset-token-value', expiresInMinutes: 30 },
    });
    await composition.jobs.deliverOutbox!.idle();
    const failed = lines().find((l) => l.msg === 'sending a message failed; it is retried');
    expect(failed).toMatchObject({ level: 40, kind: 'password-reset', attempts: 1, willRetry: true, code: expect.stringMatching(/^E[A-Z]+$/) });
    expect(raw.join('')).not.toMatch(/ada@example\.com|reset-token-value|smtp-secret-pass/);
  });
});

describe('shipping addresses never reach the log', () => {
  const ADDRESS = { name: 'Zelda Quixote', line1: '742 Evergreen Terrace', city: 'Springfieldtown', postalCode: '49007', country: 'DE', phone: '+49 555 0199' };
  const SECRET_BITS = [ADDRESS.name, ADDRESS.line1, ADDRESS.city, ADDRESS.postalCode, ADDRESS.phone, 'Evergreen'];

  it('redacts an address wherever it sits in a logged object', () => {
    const logger = createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => { raw.push(s); } } });
    logger.error({ order: { shippingAddress: ADDRESS }, err: { shipping: { address: ADDRESS } } }, 'failed');
    logger.warn({ event: { data: { object: { collected_information: { shipping_details: { address: ADDRESS } }, customer_details: { phone: ADDRESS.phone } } } } }, 'x');
    const text = raw.join('');
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit);
    expect(text).toContain('[redacted]');
  });

  it('a captured log of orders paid with addresses, refused forms and a failing request holds none of it, nor do the metrics', async () => {
    const METRICS_TOKEN = 'm'.repeat(40);
    const { http, container } = app({}, { METRICS_TOKEN });
    await container.resolve(EnsureAdmin).execute({ email: 'admin@shop.test', password: PASSWORD });
    const admin = (await http.post('/api/auth/login').send({ email: 'admin@shop.test', password: PASSWORD }).expect(200)).body.access_token;
    const auth = { Authorization: `Bearer ${admin}` };
    const product = (await http.post('/api/products').set(auth).send({ name: 'Lamp', unitAmount: 2000, currency: 'eur' }).expect(201)).body;
    const option = (await http.post('/api/admin/shipping-options').set(auth).send({ name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE'] }).expect(201)).body;
    const placed = (await http.post('/api/orders').set(auth).send({ productId: product.id }).expect(201)).body;
    const path = new URL(placed.checkoutUrl).pathname;
    const form = (fields: object) => http.post(`${path}/pay`).set('Content-Type', 'application/x-www-form-urlencoded').send(new URLSearchParams({ ...ADDRESS, ...fields } as Record<string, string>).toString());
    await form({ shippingOptionId: option.id, city: '' }).expect(400);
    await form({ shippingOptionId: option.id, country: 'FR' }).expect(400);
    await form({ shippingOptionId: option.id }).expect(303);
    const order = (await http.get(`/api/orders/${placed.order.id}`).set(auth).expect(200)).body;
    expect(order.shippingAddress.city).toBe(ADDRESS.city);
    await http.get(`/api/admin/orders/${placed.order.id}`).set(auth).expect(200);
    await http.post('/api/orders').set(auth).send({ productId: product.id, shippingCountry: ADDRESS.city }).expect(400);
    expect(raw.length).toBeGreaterThan(5);
    const text = raw.join('');
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit);
    const metrics = (await http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    expect(metrics).toContain('shop_');
    for (const bit of SECRET_BITS) expect(metrics).not.toContain(bit);
  });
});
