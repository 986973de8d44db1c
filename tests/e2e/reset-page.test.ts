import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAccountMessages } from '../../src/adapters/memory/account-messages.js';
import { RESET_PAGE_CSP } from '../../src/adapters/http/pages/reset-page.js';
import { type TestApp, testApp } from '../support/app.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { listen } from '../support/listen.js';

const NEW = 'a brand new passphrase';

describe.skipIf(!chromiumAvailable)('the password reset page in a browser', () => {
  let t: TestApp;
  let messages: MemoryAccountMessages;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listen();
    messages = new MemoryAccountMessages();
    // Reset links are built from APP_URL, so it must point at the port we got.
    t = await testApp({ accountMessages: messages }, { APP_URL: server.url });
    server.attach(t.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page that fails the test on any console error (a CSP violation among them). */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(url);
    expect(res?.headers()['content-security-policy']).toBe(RESET_PAGE_CSP);
    return { page, errors };
  }

  const linkFor = async (email: string) => {
    await t.http.post('/api/auth/password-reset').send({ email }).expect(202);
    return messages.sent.findLast((m) => m.kind === 'password-reset' && m.to === email)!;
  };
  const fill = async (page: Page, password: string, again = password) => {
    await page.getByLabel('New password').fill(password);
    await page.getByLabel('The same again').fill(again);
    await page.getByRole('button', { name: 'Save the new password' }).click();
  };
  const status = (page: Page) => page.getByRole('status');

  it('link → new password → signed out elsewhere, the new password works; the token leaves the address bar', async () => {
    const { email, password, token } = await t.register();
    const message = await linkFor(email);
    expect(message.kind === 'password-reset' && message.link.startsWith(`${server.url}/account/reset?token=`)).toBe(true);
    const { page, errors } = await open(message.kind === 'password-reset' ? message.link : '');
    expect(page.url()).toBe(`${server.url}/account/reset`);

    await fill(page, NEW, `${NEW}!`);
    await expect.poll(() => status(page).textContent()).toBe('The two passwords differ.');
    await fill(page, NEW);
    await expect.poll(() => status(page).textContent()).toMatch(/^Your password has been changed/);
    expect(await page.locator('form').count()).toBe(0);
    await page.screenshot({ path: 'test-artifacts/reset-page-done.png' });
    expect(errors, errors.join('\n')).toEqual([]);

    await t.http.get('/api/auth/profile').set('Authorization', `Bearer ${token}`).expect(401);
    await t.http.post('/api/auth/login').send({ email, password }).expect(401);
    await t.http.post('/api/auth/login').send({ email, password: NEW }).expect(200);

    const again = await open(message.kind === 'password-reset' ? message.link : '');
    await fill(again.page, `${NEW} two`);
    await expect.poll(() => status(again.page).textContent()).toBe('This link has expired or was already used. Ask for a new one.');
  });

  it('says a link without a token is incomplete', async () => {
    const { page, errors } = await open(`${server.url}/account/reset`);
    expect(await status(page).textContent()).toBe('This link is incomplete. Ask for a new one.');
    expect(await page.locator('form').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('never runs markup that comes in the link', async () => {
    const markup = '<img src=x onerror="window.pwned=1">';
    const { page } = await open(`${server.url}/account/reset?token=${encodeURIComponent(markup)}`);
    await fill(page, NEW);
    await expect.poll(() => status(page).textContent()).toBe('This link has expired or was already used. Ask for a new one.');
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
  });
});
