import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';
import { expectMatchesSchema } from '../support/openapi-validate.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ADDRESS = { name: 'Ada Lovelace', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const DHL = { carrier: 'DHL', trackingNumber: 'JD0146', trackingUrl: 'https://www.dhl.com/track?id=JD0146' };

let t: TestApp;
let admin: string;
let customer: { token: string };
let mug: string;
let ebook: string;
let optionId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  mug = (await t.createProduct(admin, { unitAmount: 2000, currency: 'eur' })).id;
  ebook = (await t.createProduct(admin, { unitAmount: 900, currency: 'eur', shippable: false })).id;
  optionId = (await t.http.post('/api/admin/shipping-options').set(auth(admin)).send({ name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE'] }).expect(201)).body.id;
  customer = await t.register();
});

/** An order placed and paid on the local checkout page (with the address when it has a shipping step). */
async function paidOrder(productId = mug): Promise<string> {
  const res = await t.placeOrder(customer.token, { productId });
  expect(res.status).toBe(201);
  const fields = new URLSearchParams({ ...ADDRESS, shippingOptionId: optionId }).toString();
  await t.http.post(`${new URL(res.body.checkoutUrl).pathname}/pay`).set('Content-Type', 'application/x-www-form-urlencoded').send(fields).expect(303);
  return res.body.order.id;
}
const shipment = (id: string, body: object = DHL, token = admin) => t.http.post(`/api/admin/orders/${id}/shipment`).set(auth(token)).send(body);
const delivered = (id: string, token = admin) => t.http.post(`/api/admin/orders/${id}/delivered`).set(auth(token));
const history = async (id: string) => (await t.http.get(`/api/admin/orders/${id}/events`).set(auth(admin)).expect(200)).body as { id: string; type: string }[];

describe('POST /api/admin/orders/:id/shipment and /delivered', () => {
  it('ships a paid order with its tracking (200 AdminOrder), the payment status unchanged; the owner sees it', async () => {
    const id = await paidOrder();
    const res = await shipment(id, { ...DHL, notifyCustomer: false });
    expect(res.status).toBe(200);
    expectMatchesSchema('shipOrder', 200, res.body);
    expect(res.body).toMatchObject({ id, status: 'completed', fulfillment: { status: 'shipped', ...DHL, shippedAt: expect.any(String) }, customer: { id: expect.any(String) } });
    const mine = (await t.http.get(`/api/orders/${id}`).set(auth(customer.token)).expect(200)).body;
    expectMatchesSchema('getOrder', 200, mine);
    expect(mine.fulfillment).toEqual(res.body.fulfillment);
    const events = await history(id);
    expect(events.at(-1)).toMatchObject({ id: `${id}.shipped`, type: 'shipped', from: 'completed', to: 'completed', fulfillment: { notifyCustomer: false, carrier: 'DHL' } });
  });

  it('is idempotent: the same request answers the same order, no second event; other tracking makes one tracking update', async () => {
    const id = await paidOrder();
    const first = (await shipment(id).expect(200)).body;
    expect((await shipment(id).expect(200)).body).toEqual(first);
    expect((await shipment(id, {}).expect(200)).body).toEqual(first);
    const updated = (await shipment(id, { trackingNumber: 'JD0147' }).expect(200)).body;
    expect(updated.fulfillment).toMatchObject({ status: 'shipped', carrier: 'DHL', trackingNumber: 'JD0147', shippedAt: first.fulfillment.shippedAt });
    expect((await history(id)).map((e) => e.id).slice(-2)).toEqual([`${id}.shipped`, `${id}.tracking-updated.2`]);
  });

  it('marks a shipped order delivered, idempotently; the order can still be refunded (a return)', async () => {
    const id = await paidOrder();
    expect((await delivered(id)).status).toBe(409);
    await shipment(id).expect(200);
    const res = await delivered(id).expect(200);
    expectMatchesSchema('markDelivered', 200, res.body);
    expect(res.body.fulfillment).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect((await delivered(id).expect(200)).body).toEqual(res.body);
    expect((await history(id)).filter((e) => e.type === 'delivered')).toHaveLength(1);
    const refunded = await t.http.post(`/api/admin/orders/${id}/refund`).set(auth(admin)).send({}).expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', fulfillment: { status: 'delivered' } });
  });

  it('answers 409 ORDER_NOT_FULFILLABLE for an unpaid order or one with nothing to ship; 404 for unknown or malformed ids', async () => {
    const pending = (await t.placeOrder(customer.token, { productId: mug })).body.order.id;
    const digital = await paidOrder(ebook);
    for (const id of [pending, digital]) {
      const res = await shipment(id);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ORDER_NOT_FULFILLABLE');
    }
    expect((await t.http.get(`/api/orders/${digital}`).set(auth(customer.token))).body.fulfillment).toEqual({ status: 'not_required' });
    await shipment('f'.repeat(24)).expect(404);
    await shipment('abc').expect(404);
    await delivered('f'.repeat(24)).expect(404);
  });

  it.each([
    ['an http tracking URL', { trackingUrl: 'http://dhl.example/1' }],
    ['an empty carrier', { carrier: ' ' }],
    ['an unknown field', { status: 'shipped' }],
    ['a non-boolean notifyCustomer', { notifyCustomer: 'yes' }],
  ])('refuses %s with 400', async (_, body) => {
    const id = await paidOrder();
    expect((await shipment(id, body)).status).toBe(400);
  });

  it('is for admins only: 401 without a token, 403 for a customer', async () => {
    const id = await paidOrder();
    await t.http.post(`/api/admin/orders/${id}/shipment`).send(DHL).expect(401);
    await shipment(id, DHL, customer.token).expect(403);
    await delivered(id, customer.token).expect(403);
    await t.http.get('/api/admin/orders?fulfillment=unfulfilled').set(auth(customer.token)).expect(403);
  });
});

describe('GET /api/admin/orders?fulfillment=unfulfilled (the to-ship queue)', () => {
  it('lists paid orders that still need shipping, oldest first, paginated; shipped and unpaid ones are not in it', async () => {
    const app = await testApp();
    const token = await app.adminToken();
    const product = (await app.createProduct(token, { unitAmount: 1000, currency: 'eur' })).id;
    const option = (await app.http.post('/api/admin/shipping-options').set(auth(token)).send({ name: 'Std', unitAmount: 0, currency: 'eur', countries: ['DE'] }).expect(201)).body.id;
    const buyer = await app.register();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.placeOrder(buyer.token, { productId: product });
      await app.http.post(`${new URL(res.body.checkoutUrl).pathname}/pay`).set('Content-Type', 'application/x-www-form-urlencoded')
        .send(new URLSearchParams({ ...ADDRESS, shippingOptionId: option }).toString()).expect(303);
      ids.push(res.body.order.id);
    }
    await app.placeOrder(buyer.token, { productId: product }); // pending: not to ship yet
    await app.http.post(`/api/admin/orders/${ids[1]}/shipment`).set(auth(token)).send({}).expect(200);

    const first = await app.http.get('/api/admin/orders?fulfillment=unfulfilled&limit=1').set(auth(token)).expect(200);
    expectMatchesSchema('listAllOrders', 200, first.body);
    expect(first.body.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    const next = new URL(/<([^>]+)>/.exec(first.headers['link'] ?? '')![1]!);
    expect(next.searchParams.get('fulfillment')).toBe('unfulfilled');
    const second = await app.http.get(`${next.pathname}${next.search}`).set(auth(token)).expect(200);
    expect(second.body.map((o: { id: string }) => o.id)).toEqual([ids[2]]);
    expect(second.headers['link']).toBeUndefined();
    expect((await app.http.get('/api/admin/orders?fulfillment=unfulfilled&status=completed').set(auth(token))).status).toBe(400);
    expect((await app.http.get('/api/admin/orders?fulfillment=shipped').set(auth(token))).status).toBe(400);
  });
});
