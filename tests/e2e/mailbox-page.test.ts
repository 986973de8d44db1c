import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { type TestApp, testApp } from '../support/app.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { listen } from '../support/listen.js';
import { settled } from '../support/messages.js';

const XSS_NAME = '<img src=x onerror="window.pwned=1">';
const XSS_PRODUCT = '<script>window.pwned=2</script>Kettle';

describe.skipIf(!chromiumAvailable)('the local mailbox in a browser (embedded mode)', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listen();
    t = await testApp({ storage: memoryStorage() }, { APP_URL: server.url, SHOP_NAME: 'Tea & Co', OWNER_EMAIL: 'owner@shop.test' });
    server.attach(t.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pay on the checkout page → the confirmation is in the mailbox, newest first, names shown as text and never run', async () => {
    const admin = await t.adminToken();
    const product = await t.createProduct(admin, { name: XSS_PRODUCT, unitAmount: 4500 });
    const buyer = await t.register({ name: XSS_NAME });
    const { order, checkoutUrl } = (await t.placeOrder(buyer.token, { productId: product.id, quantity: 1 })).body;

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(checkoutUrl);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success/);
    await settled(t);

    await page.goto(`${server.url}/mailbox`);
    const messages = page.getByTestId('message');
    expect(await messages.count()).toBe(2);
    const subjects = await page.getByTestId('subject').allTextContents();
    const ref = `#${order.id.slice(-8).toUpperCase()}`;
    expect(subjects).toEqual(expect.arrayContaining([`Tea & Co: order ${ref} is confirmed`, `New paid order ${ref}: $45.00`]));
    const confirmation = messages.filter({ has: page.getByTestId('to').getByText(buyer.email, { exact: true }) });
    expect(await confirmation.getByTestId('to').textContent()).toBe(buyer.email);

    // The HTML part, in its sandboxed frame: the name and the product name as text, no element made of them.
    const frame = confirmation.locator('iframe').contentFrame();
    await expect.poll(() => frame.locator('body').textContent()).toContain(`Hello ${XSS_NAME},`);
    expect(await frame.locator('body').textContent()).toContain(`1 × ${XSS_PRODUCT}`);
    expect(await frame.locator('img, script').count()).toBe(0);
    await confirmation.locator('summary').click();
    expect(await confirmation.getByTestId('text').textContent()).toContain(`Hello ${XSS_NAME},`);

    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    const ownerFrame = messages.filter({ has: page.getByTestId('to').getByText('owner@shop.test', { exact: true }) }).locator('iframe').contentFrame();
    await expect.poll(() => ownerFrame.locator('body').textContent()).toContain(`Customer: ${XSS_NAME} <${buyer.email}>`);
    await page.screenshot({ path: 'test-artifacts/mailbox.png', fullPage: true });
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
