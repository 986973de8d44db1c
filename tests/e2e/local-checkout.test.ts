import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/application/shared/pagination.js';
import { type TestApp, testApp } from '../support/app.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { listen } from '../support/listen.js';

describe.skipIf(!chromiumAvailable)('paying on the local checkout page in a browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listen();
    // checkoutUrl is built from APP_URL, so it must point at the port we got.
    t = await testApp({}, { APP_URL: server.url });
    server.attach(t.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('register → order → open checkoutUrl → Pay → the order is completed', async () => {
    const admin = await t.adminToken();
    const product = await t.createProduct(admin, { name: 'Pour-over kettle', unitAmount: 4500 });
    const { token } = await t.register();
    const { order, checkoutUrl } = (await t.placeOrder(token, { productId: product.id, quantity: 2 })).body;
    expect(checkoutUrl.startsWith(server.url)).toBe(true);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(checkoutUrl);
    expect(await page.getByTestId('total').textContent()).toBe('90.00 USD');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    expect(await page.getByTestId('status').textContent()).toBe('completed');
    await page.screenshot({ path: 'test-artifacts/local-checkout-success.png' });
    expect(errors, errors.join("\n")).toEqual([]);

    const stored = await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(stored.body.status).toBe('completed');
  });

  it('Cancel cancels the order, shows it cancelled with nothing to pay, and gives its stock back', async () => {
    const admin = await t.adminToken();
    const product = await t.createProduct(admin, { stock: 5 });
    const stockOf = async () =>
      (await t.http.get(`/api/admin/products?status=all&limit=${MAX_PAGE_SIZE}`).set('Authorization', `Bearer ${admin}`).expect(200))
        .body.find((p: { id: string }) => p.id === product.id).stock;
    const { token } = await t.register();
    const { order, checkoutUrl } = (await t.placeOrder(token, { productId: product.id, quantity: 3 })).body;
    expect(await stockOf()).toBe(2);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(checkoutUrl);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(checkoutUrl);
    expect(await page.getByTestId('status').textContent()).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Pay' }).count()).toBe(0);
    expect(await page.getByText('This order is cancelled; there is nothing to pay.').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-artifacts/local-checkout-cancelled.png' });
    expect(errors, errors.join("\n")).toEqual([]);

    const stored = await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`);
    expect(stored.body.status).toBe('cancelled');
    expect(await stockOf()).toBe(5);
  });
});

describe.skipIf(!chromiumAvailable)('the local checkout with a shipping step, in a browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let admin: string;
  let productId: string;

  beforeAll(async () => {
    server = await listen();
    t = await testApp({}, { APP_URL: server.url });
    server.attach(t.app);
    browser = await launchChromium();
    admin = await t.adminToken();
    productId = (await t.createProduct(admin, { name: 'Teapot', unitAmount: 3000, currency: 'eur' })).id;
    for (const body of [
      { name: 'Standard', unitAmount: 495, currency: 'eur', countries: ['DE', 'FR'], minDays: 2, maxDays: 4 },
      { name: 'Express', unitAmount: 1500, currency: 'eur', countries: ['DE', 'FR'], maxDays: 1 },
    ]) await t.http.post('/api/admin/shipping-options').set('Authorization', `Bearer ${admin}`).send(body).expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openCheckout() {
    const { token } = await t.register();
    const { order, checkoutUrl } = (await t.placeOrder(token, { productId })).body;
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(checkoutUrl);
    const stored = async () => (await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
    return { page, errors, stored, checkoutUrl, orderId: order.id as string };
  }

  it('shows field errors beside the fields, pays with the option picked and the address typed, and the order goes on to shipped and delivered', async () => {
    const { page, errors, stored, orderId } = await openCheckout();
    expect(await page.getByTestId('shipping').textContent()).toBe('chosen below');
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForLoadState();
    expect(await page.getByTestId('error-line1').textContent()).toBe('Enter the street address.');
    expect(await page.getByTestId('error-country').textContent()).toBe('Choose a country from the list.');
    expect(await page.getByTestId('error-shippingOptionId').textContent()).toBe('Choose a shipping option.');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Ada Lovelace');
    expect(await page.getByLabel('Full name').getAttribute('autocomplete')).toBe('name');
    await page.screenshot({ path: 'test-artifacts/local-checkout-address-errors.png' });

    await page.getByRole('radio', { name: /Express: 15\.00 EUR/ }).check();
    await page.getByLabel('Address', { exact: true }).fill('1 Rue de Rivoli');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code (optional)').fill('75001');
    await page.getByLabel('Country').selectOption({ label: 'France' });
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    expect(await page.getByTestId('status').textContent()).toBe('completed');
    expect(await page.getByTestId('total').textContent()).toBe('45.00 EUR');
    // The page with the field errors is answered 400, which Chromium reports on the console; nothing else may be there.
    const unexpected = errors.filter((e) => !e.includes('the server responded with a status of 400'));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    expect(await stored()).toMatchObject({
      status: 'completed', shippingAmount: 1500, shippingOption: { name: 'Express' },
      shippingAddress: { name: 'Ada Lovelace', line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
      fulfillment: { status: 'unfulfilled' },
    });
    expect(await page.getByTestId('fulfillment').textContent()).toBe('unfulfilled');

    const asAdmin = { Authorization: `Bearer ${admin}` };
    const queue = (await t.http.get('/api/admin/orders?fulfillment=unfulfilled').set(asAdmin).expect(200)).body;
    expect(queue.map((o: { id: string }) => o.id)).toContain(orderId);
    await t.http.post(`/api/admin/orders/${orderId}/shipment`).set(asAdmin).send({ carrier: 'La Poste', trackingNumber: 'LP123' }).expect(200);
    await page.reload();
    expect(await page.getByTestId('fulfillment').textContent()).toBe('shipped');
    await t.http.post(`/api/admin/orders/${orderId}/delivered`).set(asAdmin).expect(200);
    await page.reload();
    expect(await page.getByTestId('fulfillment').textContent()).toBe('delivered');
    expect(await page.getByTestId('status').textContent()).toBe('completed');
    expect(await stored()).toMatchObject({ status: 'completed', fulfillment: { status: 'delivered', carrier: 'La Poste', trackingNumber: 'LP123' } });
    await page.screenshot({ path: 'test-artifacts/local-checkout-delivered.png' });
  });

  it('Decline says the card was declined, and the order stays pending to be paid on a later try', async () => {
    const { page, errors, stored, checkoutUrl } = await openCheckout();
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.waitForURL(`${checkoutUrl}?declined=1`);
    expect(await page.getByTestId('notice').textContent()).toContain('Your card was declined (test).');
    expect(await page.getByTestId('status').textContent()).toBe('pending');
    expect((await stored()).status).toBe('pending');
    await page.screenshot({ path: 'test-artifacts/local-checkout-declined.png' });
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('Let it expire ends the order as an expired checkout', async () => {
    const { page, stored, checkoutUrl } = await openCheckout();
    await page.getByRole('button', { name: 'Let it expire' }).click();
    await page.waitForURL(checkoutUrl);
    expect(await page.getByTestId('status').textContent()).toBe('expired');
    expect((await stored()).status).toBe('expired');
  });
});
