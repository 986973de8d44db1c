import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

type Who = 'anonymous' | 'customerA' | 'customerB' | 'admin';
const WHO: Who[] = ['anonymous', 'customerA', 'customerB', 'admin'];

let t: TestApp;
let tokens: Record<Who, string | null>;
let productId: string;
let archivableId: string;
let aOrderId: string;

beforeAll(async () => {
  t = await testApp();
  const admin = await t.adminToken();
  tokens = { anonymous: null, customerA: (await t.register()).token, customerB: (await t.register()).token, admin };
  productId = (await t.createProduct(admin)).id;
  archivableId = (await t.createProduct(admin)).id;
  aOrderId = (await t.placeOrder(tokens.customerA!, { productId })).body.order.id;
});

/** Every endpoint × every caller: the expected status. OWASP API1/API5 as one table. */
const matrix: [string, string, () => object | undefined, Record<Who, number>][] = [
  ['GET', '/api/auth/profile', () => undefined, { anonymous: 401, customerA: 200, customerB: 200, admin: 200 }],
  ['GET', '/api/products', () => undefined, { anonymous: 200, customerA: 200, customerB: 200, admin: 200 }],
  ['GET', '/api/products/:product', () => undefined, { anonymous: 200, customerA: 200, customerB: 200, admin: 200 }],
  ['POST', '/api/products', () => ({ name: 'M', description: '', unitAmount: 100 }), { anonymous: 401, customerA: 403, customerB: 403, admin: 201 }],
  ['PUT', '/api/products/:product', () => ({ name: 'M' }), { anonymous: 405, customerA: 405, customerB: 405, admin: 405 }],
  ['PATCH', '/api/products/:product', () => ({ name: 'Mug 2' }), { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
  ['DELETE', '/api/products/:archivable', () => undefined, { anonymous: 401, customerA: 403, customerB: 403, admin: 204 }],
  ['GET', '/api/admin/products', () => undefined, { anonymous: 401, customerA: 403, customerB: 403, admin: 200 }],
  ['POST', '/api/admin/products', () => ({}), { anonymous: 405, customerA: 405, customerB: 405, admin: 405 }],
  ['POST', '/api/orders', () => ({ productId }), { anonymous: 401, customerA: 201, customerB: 201, admin: 201 }],
  ['GET', '/api/orders', () => undefined, { anonymous: 401, customerA: 200, customerB: 200, admin: 200 }],
  ['GET', '/api/orders/:aOrder', () => undefined, { anonymous: 401, customerA: 200, customerB: 404, admin: 404 }],
  ['DELETE', '/api/orders/:aOrder', () => undefined, { anonymous: 405, customerA: 405, customerB: 405, admin: 405 }],
  ['POST', '/api/webhook', () => ({}), { anonymous: 404, customerA: 404, customerB: 404, admin: 404 }],
];

describe('authorization matrix', () => {
  for (const [method, template, body, expected] of matrix) {
    for (const who of WHO) {
      it(`${method} ${template} as ${who} → ${expected[who]}`, async () => {
        const path = template.replace(':product', productId).replace(':archivable', archivableId).replace(':aOrder', aOrderId);
        let req = t.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
        if (tokens[who]) req = req.set('Authorization', `Bearer ${tokens[who]}`);
        const payload = body();
        const res = await (payload ? req.send(payload) : req);
        expect(res.status).toBe(expected[who]);
      });
    }
  }

  it("lists only the caller's own orders", async () => {
    const list = await t.http.get('/api/orders').set('Authorization', `Bearer ${tokens.customerB}`);
    expect(list.body.map((o: { id: string }) => o.id)).not.toContain(aOrderId);
  });
});

describe('security headers', () => {
  it.each([
    ['a success', '/api/products'],
    ['a 404', '/api/nothing-here'],
    ['a 401', '/api/auth/profile'],
    ['a checkout page', '/checkout/local/lcs_unknown'],
    ['a return page', '/checkout/cancel'],
    ['a health check', '/health/ready'],
    ['the home page', '/'],
  ])('are on %s', async (_, path) => {
    const res = await t.http.get(path);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('hide internals on a 500', async () => {
    const broken = await testApp();
    broken.storage.products.list = async () => { throw new Error('connection to db-7.internal:27017 lost'); };
    const res = await broken.http.get('/api/products');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(res.body)).not.toMatch(/db-7|27017|stack|Error:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('CORS', () => {
  it('is off unless origins are configured', async () => {
    const res = await t.http.options('/api/products').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only the listed origins, never with credentials', async () => {
    const app = await testApp({}, { CORS_ORIGINS: 'https://shop.example, https://admin.shop.example' });
    const preflight = (origin: string) =>
      app.http.options('/api/products').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
    const good = await preflight('https://shop.example');
    expect(good.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(good.headers['access-control-allow-credentials']).toBeUndefined();
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example']) {
      expect((await preflight(origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });
});
