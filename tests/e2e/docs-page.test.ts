import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { listen } from '../support/listen.js';
import { openApiDocument } from '../support/openapi-validate.js';

const operationCount = Object.values(openApiDocument()['paths'] as Record<string, object>)
  .reduce((n, ops) => n + Object.keys(ops).length, 0);

describe.skipIf(!chromiumAvailable)('the API reference at /api/docs in a browser', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    const { app } = compose(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) }), pino({ level: 'silent' }));
    server = await listen(app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders every operation from the npm-served assets, with no console errors or failed requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
    const errors: string[] = [];
    const failed: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`); });
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url()); });

    const res = await page.goto(`${server.url}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await page.locator('.opblock').nth(operationCount - 1).waitFor();

    expect(await page.locator('.opblock').count()).toBe(operationCount);
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/api/orders', '/api/products/{id}', '/health/ready']));
    await expect.poll(() => page.getByText('Place an order and start its checkout').count()).toBe(1);
    expect(await page.locator('.info .title').textContent()).toContain('Shop API');

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/docs-page.png', fullPage: false });
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('opens an operation and shows its schema and problem responses', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.url}/api/docs#/Orders/createOrder`);
    const op = page.locator('#operations-Orders-createOrder');
    await op.locator('.opblock-body').waitFor();
    await expect.poll(() => op.locator('.responses-table').first().textContent()).toContain('422');
    expect(errors).toEqual([]);
  });
});
