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
