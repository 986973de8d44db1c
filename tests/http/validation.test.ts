import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let admin: string;
let customer: string;
let productId: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  customer = (await t.register()).token;
  productId = (await t.createProduct(admin)).id;
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
type Problem = { code: string; detail: string; errors?: { pointer: string; detail: string }[] };

describe('input refused answers one code, whoever refuses it', () => {
  it.each([
    ['limit=abc (refused by the query schema)', () => t.http.get('/api/products?limit=abc')],
    ['limit=0 (below the page size)', () => t.http.get('/api/products?limit=0')],
    ['a 5-character password (refused by the body schema)', () => t.http.post('/api/auth/register').send({ name: 'A', email: 'five@example.com', password: '12345' })],
    ['a 129-character password (refused by the password rule)', () => t.http.post('/api/auth/register').send({ name: 'A', email: 'long@example.com', password: 'p'.repeat(129) })],
    ['a price with too many decimals (refused by the money rules)', () => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', price: 10.999 })],
    ['a negative unitAmount (refused by the body schema)', () => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', unitAmount: -1 })],
    ['a cursor this service never issued', () => t.http.get('/api/products?cursor=bm9wZQ')],
    ['a malformed Idempotency-Key', () => t.http.post('/api/orders').set(auth(customer)).set('Idempotency-Key', 'has space').send({ productId })],
  ])('%s: 400 VALIDATION_FAILED', async (_, send) => {
    const res = await send();
    expect([res.status, (res.body as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('a validation answer names the field and the rule', () => {
  const id = '6650f1c2a1b2c3d4e5f60718';
  const order = (body: unknown) => t.http.post('/api/orders').set(auth(customer)).send(body as object);

  it.each([
    ['no productId and no items', {}, '#/', /exactly one of items or productId/],
    ['both productId and items', { productId: id, items: [{ productId: id }] }, '#/', /exactly one of items or productId/],
    ['a quantity of 1.5', { productId: id, quantity: 1.5 }, '#/quantity', /whole number/],
    ['a quantity of 0 in a line', { items: [{ productId: id, quantity: 0 }] }, '#/items/0/quantity', /at least 1/],
    ['51 lines', { items: Array.from({ length: 51 }, () => ({ productId: id })) }, '#/items', /at most 50/],
    ['an operator instead of a productId', { productId: { $gt: '' } }, '#/productId', /must be a string/i],
    ['a productId that is not an id', { productId: 'abc' }, '#/productId', /24 lowercase hex/],
    ['an unknown field', { productId: id, price: 1 }, '#/', /Unknown field\(s\): price/],
  ])('POST /api/orders with %s', async (_, body, pointer, rule) => {
    const res = await order(body);
    const problem = res.body as Problem;
    expect([res.status, problem.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(problem.errors).toEqual([{ pointer, detail: expect.stringMatching(rule) }]);
    // The summary says it too, for clients that show only `detail`.
    expect(problem.detail).toMatch(rule);
  });

  it.each([
    ['GET /api/products?limit=abc', () => t.http.get('/api/products?limit=abc'), '#/limit', /whole number from 1 to 100/],
    ['a price that is neither a number nor a decimal text', () => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', price: true }), '#/price', /number or a string/],
    ['an empty name', () => t.http.post('/api/products').set(auth(admin)).send({ name: ' ', unitAmount: 1 }), '#/name', /must not be empty/i],
    ['a 201-character name', () => t.http.post('/api/products').set(auth(admin)).send({ name: 'n'.repeat(201), unitAmount: 1 }), '#/name', /at most 200 characters/],
    ['a status that does not exist', () => t.http.get('/api/admin/products?status=gone').set(auth(admin)), '#/status', /one of active, archived, all/],
  ])('%s', async (_, send, pointer, rule) => {
    const res = await send();
    expect([res.status, (res.body as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((res.body as Problem).errors).toEqual([{ pointer, detail: expect.stringMatching(rule) }]);
  });
});

describe('a price too large to store', () => {
  it.each([
    ['price', 1_000_000, /too large: at most 999999\.99 USD/],
    ['price', '10000000000', /too large: at most 999999\.99 USD/],
    ['unitAmount', 100_000_000, /at most 99999999/],
  ])('%s %s says it is too large, and the limit', async (field, value, rule) => {
    const res = await t.http.post('/api/products').set(auth(admin)).send({ name: 'Yacht', [field]: value });
    expect([res.status, (res.body as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((res.body as Problem).errors).toEqual([{ pointer: `#/${field}`, detail: expect.stringMatching(rule) }]);
  });
});

describe('a __proto__ key', () => {
  const raw = (path: string, body: string, token?: string) => {
    const req = t.http.post(path).set('Content-Type', 'application/json');
    return (token ? req.set(auth(token)) : req).send(body);
  };

  it.each([
    ['at the top of a body', '/api/auth/register', '{"name":"A","email":"proto@example.com","password":"a-good-password","__proto__":{"role":"admin"}}', undefined, '#/', '__proto__'],
    ['in an order line', '/api/orders', '{"items":[{"productId":"6650f1c2a1b2c3d4e5f60718","__proto__":{"quantity":5}}]}', 'customer', '#/items/0', '__proto__'],
    ['as constructor.prototype', '/api/auth/login', '{"email":"a@example.com","password":"x","constructor":{"prototype":{"admin":true}}}', undefined, '#/', 'constructor'],
  ])('%s is refused as an unknown field, like any other (it is valid JSON)', async (_, path, body, who, pointer, key) => {
    const res = await raw(path, body, who && customer);
    expect([res.status, (res.body as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((res.body as Problem).errors).toEqual([{ pointer, detail: `Unknown field(s): ${key}.` }]);
  });

  it('leaves nothing on the prototype of later objects', async () => {
    await raw('/api/auth/register', '{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
