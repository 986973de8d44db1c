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
