import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, uniqueEmail } from '../support/app.js';

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

describe('stored text', () => {
  const characters: [string, string, RegExp][] = [
    ['a lone high surrogate', 'a\ud800b', /unpaired surrogate/],
    ['a lone low surrogate', 'a\udc00b', /unpaired surrogate/],
    ['NUL', 'a\u0000b', /U\+0000/],
    ['a bell', 'a\u0007b', /U\+0007/],
    ['a C1 control (NEL)', 'a\u0085b', /U\+0085/],
    ['the right-to-left override', 'a\u202eb', /U\+202E/],
    ['a bidi isolate', 'a\u2066b', /U\+2066/],
  ];
  const product = async () => (await t.createProduct(admin)).id;
  const fields: [string, string, (value: string) => Promise<{ status: number; body: unknown }>][] = [
    ['a name at registration', '#/name', (v) => t.http.post('/api/auth/register').send({ name: v, email: uniqueEmail(), password: 'a-good-password' })],
    ['an email at registration', '#/email', (v) => t.http.post('/api/auth/register').send({ name: 'A', email: `x${v}@example.com`, password: 'a-good-password' })],
    ["a product's name", '#/name', (v) => t.http.post('/api/products').set(auth(admin)).send({ name: v, unitAmount: 100 })],
    ["a product's description", '#/description', (v) => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', description: v, unitAmount: 100 })],
    ["a product's category", '#/category', (v) => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', category: v, unitAmount: 100 })],
    ["a product's imageUrl", '#/imageUrl', (v) => t.http.post('/api/products').set(auth(admin)).send({ name: 'X', imageUrl: `https://img.example/${v}.png`, unitAmount: 100 })],
    ["a product's new name", '#/name', async (v) => t.http.patch(`/api/products/${await product()}`).set(auth(admin)).send({ name: v })],
    ["a product's new description", '#/description', async (v) => t.http.patch(`/api/products/${await product()}`).set(auth(admin)).send({ description: v })],
    ["a product's new category", '#/category', async (v) => t.http.patch(`/api/products/${await product()}`).set(auth(admin)).send({ category: v })],
  ];

  it.each(fields.flatMap(([field, pointer, send]) => characters.map(([what, value, rule]) => [field, what, pointer, send, value, rule] as const)))(
    '%s with %s is refused, naming the character',
    async (_, __, pointer, send, value, rule) => {
      const res = await send(value);
      expect([res.status, (res.body as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((res.body as Problem).errors).toEqual(expect.arrayContaining([{ pointer, detail: expect.stringMatching(rule) }]));
    },
  );

  it('keeps line breaks and tabs in a description, and text in any script, emoji included', async () => {
    const body = { name: 'Café 😀 مرحبا עברית', description: 'Line one\nLine two\r\n\tindented 😀', category: 'ティー', unitAmount: 100 };
    const res = await t.http.post('/api/products').set(auth(admin)).send(body).expect(201);
    expect(res.body).toMatchObject({ name: body.name, description: body.description, category: body.category });
    await t.http.post('/api/auth/register').send({ name: 'Zoë 😀 عربي', email: uniqueEmail(), password: 'a-good-password' }).expect(201);
  });

  it('refuses a line break in a name', async () => {
    const res = await t.http.post('/api/products').set(auth(admin)).send({ name: 'two\nlines', unitAmount: 100 });
    expect((res.body as Problem).errors).toEqual([{ pointer: '#/name', detail: expect.stringMatching(/U\+000A/) }]);
  });
});
