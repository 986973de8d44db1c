import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ADDRESS = { name: 'Ada Lovelace', line1: 'Hauptstraße 1', line2: '', city: 'Berlin', state: '', postalCode: '10115', country: 'DE', phone: '' };

let t: TestApp;
let admin: string;
let customer: { token: string };
let mugId: string;
let standard: { id: string };
let express: { id: string };

beforeAll(async () => {
  t = await testApp();
  admin = await t.adminToken();
  mugId = (await t.createProduct(admin, { unitAmount: 2000, currency: 'eur', stock: 10 })).id;
  const option = async (body: object) => (await t.http.post('/api/admin/shipping-options').set(auth(admin)).send(body).expect(201)).body;
  standard = await option({ name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE', 'FR'], minDays: 2, maxDays: 4 });
  express = await option({ name: 'Express', unitAmount: 1500, currency: 'eur', countries: ['DE'] });
  customer = await t.register();
});

async function placed(body: object = { productId: mugId }) {
  const res = await t.placeOrder(customer.token, body);
  expect(res.status).toBe(201);
  return { order: res.body.order as { id: string }, path: new URL(res.body.checkoutUrl).pathname };
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const pay = (path: string, fields: Record<string, string>) =>
  t.http.post(`${path}/pay`).set('Content-Type', 'application/x-www-form-urlencoded').send(form(fields));
const orderOf = async (id: string) => (await t.http.get(`/api/orders/${id}`).set(auth(customer.token)).expect(200)).body;

describe('the local checkout with a shipping step', () => {
  it('shows the options and an address form with the standard autocomplete tokens, the country limited to those allowed', async () => {
    const { path } = await placed();
    const page = (await t.http.get(path).expect(200)).text;
    for (const token of ['name', 'address-line1', 'address-line2', 'address-level2', 'address-level1', 'postal-code', 'country', 'tel']) {
      expect(page).toContain(`autocomplete="${token}"`);
    }
    expect(page).toContain('Standard: 4.95 EUR · 2–4 business days (total 24.95 EUR)');
    expect(page).toContain('Express: 15.00 EUR (total 35.00 EUR)');
    expect([...page.matchAll(/<option value="([A-Z]{2})"/g)].map((m) => m[1])).toEqual(['DE']);
    for (const label of ['>Pay<', '>Decline<', '>Let it expire<', '>Cancel<']) expect(page).toContain(label);
  });

  it('shows field errors beside the fields with 400, keeps what was typed, and changes nothing', async () => {
    const { order, path } = await placed();
    const res = await pay(path, { ...ADDRESS, name: '', city: '', country: 'FR', line1: '<b>1 Main St</b>' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="name-error"[^>]*>Enter your full name\./);
    expect(res.text).toMatch(/id="city-error"[^>]*>Enter the city\./);
    expect(res.text).toMatch(/id="country-error"[^>]*>Choose a country from the list\./);
    expect(res.text).toMatch(/id="shippingOptionId-error"[^>]*>Choose a shipping option\./);
    expect(res.text).toContain('value="&lt;b&gt;1 Main St&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>1 Main St</b>');
    expect(await orderOf(order.id)).toMatchObject({ status: 'pending', shippingAddress: null });
    expect((await pay(path, { ...ADDRESS, shippingOptionId: standard.id, phone: 'call me' })).text).toContain('id="phone-error"');
  });

  it('Pay with an option and an address completes the order with them; the total includes the shipping picked', async () => {
    const { order, path } = await placed();
    const res = await pay(path, { ...ADDRESS, shippingOptionId: express.id, line2: 'Hinterhaus' });
    expect(res.status).toBe(303);
    expect(await orderOf(order.id)).toMatchObject({
      status: 'completed', subtotalAmount: 2000, shippingAmount: 1500, totalAmount: 3500,
      shippingOption: { id: express.id, name: 'Express', unitAmount: 1500 },
      shippingAddress: { ...ADDRESS, line2: 'Hinterhaus', state: null, phone: null },
    });
  });

  it("offers only the options serving the order's country: another one is refused beside the choice", async () => {
    const { order, path } = await placed({ productId: mugId, shippingCountry: 'FR' });
    const res = await pay(path, { ...ADDRESS, country: 'FR', shippingOptionId: express.id });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose a shipping option.');
    expect((await pay(path, { ...ADDRESS, country: 'FR', shippingOptionId: standard.id })).status).toBe(303);
    expect((await orderOf(order.id)).shippingAddress.country).toBe('FR');
  });

  it('Decline says the card was refused and leaves the order pending, to be paid on a later try', async () => {
    const { order, path } = await placed();
    const declined = await t.http.post(`${path}/decline`).expect(303);
    expect(declined.headers['location']).toBe(`http://shop.test${path}?declined=1`);
    expect((await t.http.get(new URL(declined.headers['location']!).pathname + new URL(declined.headers['location']!).search).expect(200)).text).toContain('Your card was declined (test).');
    expect((await orderOf(order.id)).status).toBe('pending');
    expect((await pay(path, { ...ADDRESS, shippingOptionId: standard.id })).status).toBe(303);
    expect((await orderOf(order.id)).status).toBe('completed');
  });

  it('Let it expire ends the order as an expired Stripe session does, and gives its stock back', async () => {
    const stock = async () => (await t.storage.products.byId(mugId))!.stock;
    const before = await stock();
    const { order, path } = await placed({ productId: mugId });
    expect(await stock()).toBe(before! - 1);
    await t.http.post(`${path}/expire`).expect(303);
    expect((await orderOf(order.id)).status).toBe('expired');
    expect(await stock()).toBe(before);
    expect((await t.http.get(path).expect(200)).text).toContain('This order is expired; there is nothing to pay.');
    const history = (await t.http.get(`/api/admin/orders/${order.id}/events`).set(auth(admin)).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ type: 'expired', actor: { kind: 'provider', id: 'local-checkout' } });
  });

  it('refuses an oversized form with 413', async () => {
    const { path } = await placed();
    expect((await pay(path, { ...ADDRESS, name: 'x'.repeat(20_000) })).status).toBe(413);
  });
});
