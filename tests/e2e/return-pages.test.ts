import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutReport, PaymentGateway } from '../../src/application/ports/payment-gateway.js';
import { type TestApp, testApp } from '../support/app.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { listen } from '../support/listen.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';
import { hostedCheckout, noCancelOrRefund } from '../support/builders.js';

describe.skipIf(!chromiumAvailable)('the Stripe return pages in a browser', () => {
  const reports = new Map<string, CheckoutReport>();
  const stripe: PaymentGateway = {
    name: 'stripe',
    startCheckout: async ({ order }) => ({ sessionId: `cs_test_${order.id}`, url: `https://checkout.stripe.test/c/pay/cs_test_${order.id}` }),
    retrieveCheckout: async (id) => reports.get(id) ?? null,
    ...hostedCheckout, ...noCancelOrRefund,
  };
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let token: string;
  let productId: string;

  beforeAll(async () => {
    server = await listen();
    t = await testApp({ payments: stripe }, { ...STRIPE_TEST_ENV, APP_URL: server.url });
    server.attach(t.app);
    browser = await launchChromium();
    token = (await t.register()).token;
    productId = (await t.createProduct(await t.adminToken(), { name: 'Notebook', unitAmount: 1050 })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the success page completes a paid order before the webhook arrives and shows it', async () => {
    const { order } = (await t.placeOrder(token, { productId, quantity: 2 })).body;
    const sessionId = `cs_test_${order.id}`;
    reports.set(sessionId, { sessionId, orderId: order.id, outcome: 'paid', amount: { amount: 2100, currency: 'usd' } });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/checkout/success?session_id=${sessionId}`);
    expect(await page.getByRole('heading').textContent()).toContain('Thank you');
    expect(await page.getByTestId('status').textContent()).toBe('completed');
    expect(await page.getByTestId('total').textContent()).toBe('21.00 USD');
    await page.screenshot({ path: 'test-artifacts/stripe-success-page.png' });
    expect(errors).toEqual([]);
    const stored = await t.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${token}`);
    expect(stored.body.status).toBe('completed');
  });

  it("the cancel page offers a way back to the shop and shows nobody's order", async () => {
    const { order, checkoutUrl } = (await t.placeOrder(token, { productId })).body;
    const page = await browser.newPage();
    await page.goto(`${server.url}/checkout/cancel?order_id=${order.id}`);
    expect(await page.getByRole('heading').textContent()).toBe('Payment cancelled');
    // All it shows: what happened, what to do next and the way back; nothing about the order.
    expect(await page.locator('main > *').allInnerTexts()).toEqual([
      'Payment cancelled',
      'Nothing was charged. Your order stays open until its checkout expires; you can place it again at any time.',
      'Back to the shop',
    ]);
    const content = await page.content();
    for (const detail of [checkoutUrl, order.id, 'Notebook', '10.50']) expect(content).not.toContain(detail);
    expect(await page.getByTestId('status').count()).toBe(0);
    expect(await page.getByTestId('total').count()).toBe(0);
    await page.getByTestId('back').click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('heading').textContent()).toBe('Shop API');
  });

  it('an unknown session shows a not-found page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/checkout/success?session_id=cs_test_unknown`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading').textContent()).toBe('Order not found');
  });
});
