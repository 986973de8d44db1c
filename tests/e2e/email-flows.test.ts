import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { MAILPIT_SMTP_URL, mailpitAvailable, mailpitMessage, messagesTo, waitForMessages } from '../support/mailpit.js';
import { type SpawnedService, callJson, rawRequest, spawnService, stopServices } from '../support/spawn-service.js';

/**
 * Issue 20's flows against a real SMTP server: the service runs as its own process (in-memory
 * storage, the local checkout) with SMTP_URL pointing at Mailpit, and the test reads what arrived
 * through Mailpit's HTTP API. Without Mailpit this fails in CI and skips locally (tests/support/mailpit.ts).
 */
const ADMIN = { email: 'admin@email-flows.test', password: 'admin-password-123' };
const ADDRESS = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };
const run = `${process.pid}-${Date.now()}`;
let counter = 0;
const uniqueAddress = (prefix: string) => `${prefix}-${run}-${++counter}@email-flows.test`;

type OutboxRecord = { id: string; kind: string; subject: string; to: string; status: string };

describe.skipIf(!mailpitAvailable)('customer emails through Mailpit (issue 20)', { timeout: 120_000 }, () => {
  let service: SpawnedService;
  let admin: string;

  beforeAll(async () => {
    service = await spawnService({
      NODE_ENV: 'test', JWT_SECRET: 'a-secret-for-the-email-flows-test-0123456789', RATE_LIMITS: 'off',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
      OWNER_EMAIL: uniqueAddress('owner'), SMTP_URL: MAILPIT_SMTP_URL ?? '', MAIL_FROM: 'Tea <shop@email-flows.test>', SHOP_NAME: 'Tea',
    }, { readyTimeoutMs: 60_000 });
    const login = await callJson(service.url, 'POST', '/api/auth/login', null, ADMIN);
    expect(login.status).toBe(200);
    admin = login.body!['access_token'] as string;
  }, 90_000);

  afterAll(async () => {
    if (service) await stopServices([service]);
  });

  const register = async (prefix: string, password = 'a-good-password') => {
    const email = uniqueAddress(prefix);
    const res = await callJson(service.url, 'POST', '/api/auth/register', null, { name: 'Ada', email, password });
    expect(res.status).toBe(201);
    return { email, password, token: res.body!['access_token'] as string };
  };
  const outboxFor = async (subject: string) => {
    const res = await callJson(service.url, 'GET', '/api/admin/outbox?limit=100', admin);
    expect(res.status).toBe(200);
    return (res.body as unknown as OutboxRecord[]).filter((r) => r.subject === subject);
  };

  it('shipping a paid order twice with the same details sends one "on its way" email with the tracking link', async () => {
    const product = await callJson(service.url, 'POST', '/api/products', admin, { name: 'Teapot', unitAmount: 2000, currency: 'usd' });
    expect(product.status).toBe(201);
    const option = await callJson(service.url, 'POST', '/api/admin/shipping-options', admin, { name: 'Standard', unitAmount: 495, currency: 'usd', countries: ['US'] });
    expect(option.status).toBe(201);
    const optionId = option.body!['id'] as string;
    const customer = await register('shipped');

    const placed = await callJson(service.url, 'POST', '/api/orders', customer.token, { productId: product.body!['id'], shippingOptionId: optionId });
    expect(placed.status).toBe(201);
    const orderId = (placed.body!['order'] as { id: string }).id;
    // Paid on the local checkout page's form, with a shipping address.
    const paid = await rawRequest(`${placed.body!['checkoutUrl'] as string}/pay`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...ADDRESS, shippingOptionId: optionId }).toString(),
    });
    expect(paid.status).toBe(303);

    const shipment = { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: `https://www.ups.com/track?tracknum=1Z999AA10123456784&run=${run}` };
    const first = await callJson(service.url, 'POST', `/api/admin/orders/${orderId}/shipment`, admin, shipment);
    const second = await callJson(service.url, 'POST', `/api/admin/orders/${orderId}/shipment`, admin, shipment);
    expect([first.status, second.status]).toEqual([200, 200]);

    // Every message the order set off (confirmation, owner's alert, shipped) handed to Mailpit: nothing more can follow.
    const records = await eventually('the order\'s messages to be sent', 60_000, async () => {
      const found = await outboxFor(orderId);
      return found.some((r) => r.kind === 'order-shipped') && found.every((r) => r.status === 'sent') ? found : null;
    });
    expect(records.filter((r) => r.kind === 'order-shipped')).toHaveLength(1);

    const ref = `#${orderId.slice(-8).toUpperCase()}`;
    await waitForMessages(customer.email, records.filter((r) => r.to === customer.email).length);
    const shipped = (await messagesTo(customer.email)).filter((m) => /on its way/.test(m.Subject));
    expect(shipped.map((m) => m.Subject)).toEqual([`Tea: order ${ref} is on its way`]);
    const message = await mailpitMessage(shipped[0]!.ID);
    expect(message.From).toEqual({ Name: 'Tea', Address: 'shop@email-flows.test' });
    expect(message.Text).toContain(shipment.trackingUrl);
    expect(message.Text).toContain('UPS');
    expect(message.HTML).toContain(shipment.trackingUrl.replace('&', '&amp;'));
  });

  it('a password reset from the emailed link to the new password: the old session ends, and a "password changed" email follows', async () => {
    const customer = await register('reset');
    const requested = await callJson(service.url, 'POST', '/api/auth/password-reset', null, { email: customer.email });
    expect(requested.status).toBe(202);

    const [reset] = await waitForMessages(customer.email, 1);
    expect(reset!.Subject).toBe('Tea: reset your password');
    const text = (await mailpitMessage(reset!.ID)).Text;
    const link = /(https?:\/\/\S+\/account\/reset\?token=([A-Za-z0-9_-]+))/.exec(text);
    expect(link, text).not.toBeNull();
    expect(link![1]!.startsWith(service.url)).toBe(true);
    const token = link![2]!;

    const newPassword = 'a brand new passphrase';
    const confirmed = await callJson(service.url, 'POST', '/api/auth/password-reset/confirm', null, { token, password: newPassword });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body!['access_token']).toEqual(expect.any(String));

    expect((await callJson(service.url, 'GET', '/api/auth/profile', customer.token)).status).toBe(401);
    expect((await callJson(service.url, 'POST', '/api/auth/login', null, { email: customer.email, password: customer.password })).status).toBe(401);
    const login = await callJson(service.url, 'POST', '/api/auth/login', null, { email: customer.email, password: newPassword });
    expect(login.status).toBe(200);
    expect((await callJson(service.url, 'GET', '/api/auth/profile', login.body!['access_token'] as string)).status).toBe(200);

    const messages = await waitForMessages(customer.email, 2);
    expect(messages.map((m) => m.Subject).sort()).toEqual(['Tea: reset your password', 'Tea: your password was changed']);
  });
});
