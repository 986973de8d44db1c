import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';
import { expectMatchesSchema } from '../support/openapi-validate.js';

let t: TestApp;
let admin: string;
let customer: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  customer = (await t.register()).token;
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const create = (body: Record<string, unknown>, token = admin) => t.http.post('/api/admin/shipping-options').set(auth(token)).send(body);
const standard = { name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE', 'fr'], minDays: 2, maxDays: 4 };

describe('POST /api/admin/shipping-options', () => {
  it('creates an option: 201, Location, countries uppercase and sorted', async () => {
    const res = await create({ ...standard, freeOverAmount: 5000 }).expect(201);
    expectMatchesSchema('createShippingOption', 201, res.body);
    expect(res.headers['location']).toBe(`http://shop.test/api/admin/shipping-options/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Standard', unitAmount: 495, price: 4.95, currency: 'eur', countries: ['DE', 'FR'], freeOverAmount: 5000, minDays: 2, maxDays: 4, active: true,
    });
  });

  it.each([
    ['a wildcard country', { countries: ['*'] }, '#/countries/0'],
    ['a code that is no country', { countries: ['DE', 'UK'] }, '#/countries/1'],
    ['a country checkout cannot collect addresses in', { countries: ['CU'] }, '#/countries/0'],
    ['no countries', { countries: [] }, '#/countries'],
    ['both price and unitAmount', { price: 4.95 }, '#/unitAmount'],
    ['a negative price', { unitAmount: -1 }, '#/unitAmount'],
    ['minDays above maxDays', { minDays: 5, maxDays: 2 }, '#/minDays'],
    ['zero days', { minDays: 0 }, '#/minDays'],
    ['an unknown field', { colour: 'blue' }, '#/'],
    ['no currency', { currency: undefined }, '#/currency'],
  ])('refuses %s with 400, naming the field', async (_, change, pointer) => {
    const res = await create({ ...standard, ...change });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('is for admins only: 401 without a token, 403 for a customer', async () => {
    await t.http.post('/api/admin/shipping-options').send(standard).expect(401);
    await create(standard, customer).expect(403);
    await t.http.get('/api/admin/shipping-options').set(auth(customer)).expect(403);
  });
});

describe('PATCH and DELETE /api/admin/shipping-options/:id, GET lists', () => {
  it('changes what is given, archives idempotently, and the public list shows only active options of a currency, cheapest first', async () => {
    const app = await testApp();
    const token = await app.adminToken();
    const post = async (body: object) => (await app.http.post('/api/admin/shipping-options').set(auth(token)).send(body).expect(201)).body;
    const express = await post({ ...standard, name: 'Express', unitAmount: 1500 });
    const basic = await post(standard);
    await post({ ...standard, currency: 'usd' });

    const patched = await app.http.patch(`/api/admin/shipping-options/${basic.id}`).set(auth(token)).send({ price: '3.50', freeOverAmount: null }).expect(200);
    expectMatchesSchema('updateShippingOption', 200, patched.body);
    expect(patched.body).toMatchObject({ unitAmount: 350, currency: 'eur' });
    await app.http.patch(`/api/admin/shipping-options/${basic.id}`).set(auth(token)).send({ currency: 'gbp' }).expect(400);
    await app.http.patch(`/api/admin/shipping-options/${'f'.repeat(24)}`).set(auth(token)).send({ name: 'x' }).expect(404);

    const pub = await app.http.get('/api/shipping-options?currency=EUR').expect(200);
    expectMatchesSchema('listShippingOptions', 200, pub.body);
    expect(pub.body.map((o: { id: string }) => o.id)).toEqual([basic.id, express.id]);
    await app.http.get('/api/shipping-options').expect(400);

    await app.http.delete(`/api/admin/shipping-options/${express.id}`).set(auth(token)).expect(204);
    await app.http.delete(`/api/admin/shipping-options/${express.id}`).set(auth(token)).expect(204);
    await app.http.delete('/api/admin/shipping-options/abc').set(auth(token)).expect(404);
    expect((await app.http.get('/api/shipping-options?currency=eur').expect(200)).body.map((o: { id: string }) => o.id)).toEqual([basic.id]);
    const archived = await app.http.get('/api/admin/shipping-options?status=archived').set(auth(token)).expect(200);
    expectMatchesSchema('listShippingOptionsForAdmin', 200, archived.body);
    expect(archived.body).toEqual([expect.objectContaining({ id: express.id, active: false })]);
  });
});

describe('POST /api/orders with shipping options', () => {
  let app: TestApp;
  let token: string;
  let mug: string;
  let ebook: string;
  let express: { id: string };
  beforeAll(async () => {
    app = await testApp();
    const adminToken = await app.adminToken();
    mug = (await app.createProduct(adminToken, { unitAmount: 2000, currency: 'eur' })).id;
    ebook = (await app.createProduct(adminToken, { unitAmount: 900, currency: 'eur', shippable: false })).id;
    await app.http.post('/api/admin/shipping-options').set(auth(adminToken)).send(standard).expect(201);
    express = (await app.http.post('/api/admin/shipping-options').set(auth(adminToken)).send({ ...standard, name: 'Express', unitAmount: 1500, countries: ['DE'] }).expect(201)).body;
    token = (await app.register()).token;
  });

  const placed = async (body: object) => {
    const res = await app.placeOrder(token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res;
  };

  it("the seed's {productId} still gets {order, checkoutUrl}; shipping is null until chosen, the options are listed", async () => {
    const res = await placed({ productId: mug });
    expectMatchesSchema('createOrder', 201, res.body);
    expect(res.body.checkoutUrl).toEqual(expect.any(String));
    expect(res.body.order).toMatchObject({
      subtotalAmount: 2000, shippingAmount: null, totalAmount: 2000, shippingOption: null, shippingAddress: null,
      shippingOptions: [{ name: 'Standard', unitAmount: 495, minDays: 2, maxDays: 4 }, { name: 'Express', unitAmount: 1500 }],
    });
  });

  it('with shippingOptionId the price is in the total; with shippingCountry only options serving it', async () => {
    const chosen = (await placed({ productId: mug, shippingOptionId: express.id })).body.order;
    expect(chosen).toMatchObject({ shippingAmount: 1500, totalAmount: 3500, shippingOption: { id: express.id, name: 'Express', unitAmount: 1500 } });
    expect(chosen).not.toHaveProperty('shippingOptions');
    const toFrance = (await placed({ items: [{ productId: mug, quantity: 1 }], shippingCountry: 'FR' })).body.order;
    expect(toFrance.shippingOptions.map((o: { name: string }) => o.name)).toEqual(['Standard']);
    const stored = (await app.http.get(`/api/orders/${toFrance.id}`).set(auth(token)).expect(200)).body;
    expectMatchesSchema('getOrder', 200, stored);
  });

  it('answers 422 SHIPPING_UNAVAILABLE for an option not offered or a country nobody ships to; 400 for a code that is no country', async () => {
    for (const extra of [{ shippingOptionId: 'f'.repeat(24) }, { shippingCountry: 'JP' }, { shippingOptionId: express.id, shippingCountry: 'FR' }]) {
      const res = await app.placeOrder(token, { productId: mug, ...extra });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SHIPPING_UNAVAILABLE');
    }
    expect((await app.placeOrder(token, { productId: mug, shippingCountry: 'XX' })).status).toBe(400);
    expect((await app.placeOrder(token, { productId: mug, shippingCountry: 'DEU' })).status).toBe(400);
  });

  it('an order with nothing shippable works as before shipping existed', async () => {
    const order = (await placed({ productId: ebook, shippingCountry: 'DE' })).body.order;
    expect(order).toMatchObject({ shippingAmount: 0, totalAmount: 900, shippingOption: null, shippingAddress: null });
    expect(order).not.toHaveProperty('shippingOptions');
  });
});
