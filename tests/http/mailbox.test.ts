import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { testApp } from '../support/app.js';
import { paidOrder, settled } from '../support/messages.js';
import { STRIPE_TEST_ENV } from '../support/stripe-mock.js';

const OWNER = 'owner@shop.test';

/** The embedded mode whatever TEST_HTTP_STORAGE says: the mailbox exists only there. */
const embedded = (env: Record<string, string> = {}) =>
  testApp({ storage: memoryStorage() }, { OWNER_EMAIL: OWNER, SHOP_NAME: 'Tea & Co', STOREFRONT_URL: 'https://tea.example', ...env });

type Mail = { id: string; to: string; subject: string; text: string; html: string; createdAt: string };

describe('the local mailbox (embedded mode)', () => {
  it('holds the confirmation for the customer and the new paid order for the owner, newest first, as JSON', async () => {
    const t = await embedded();
    const { order, buyer } = await paidOrder(t);
    const res = await t.http.get('/mailbox/messages').expect(200).expect('Content-Type', /json/);
    const messages = res.body as Mail[];
    expect(messages.map((m) => [m.to, m.subject])).toEqual(expect.arrayContaining([
      [buyer.email, `Tea & Co: order #${order.id.slice(-8).toUpperCase()} is confirmed`],
      [OWNER, `New paid order #${order.id.slice(-8).toUpperCase()}: $25.98`],
    ]));
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(Object.keys(m).sort()).toEqual(['createdAt', 'html', 'id', 'subject', 'text', 'to']);
    const confirmation = messages.find((m) => m.to === buyer.email)!;
    expect(confirmation.text).toContain('2 × Teapot <b>stout</b>  $25.98');
    expect(confirmation.text).toContain('https://tea.example');
    expect(confirmation.html).toContain('Teapot &lt;b&gt;stout&lt;/b&gt;');
    expect(confirmation.html).not.toContain('<b>stout');
    expect(Date.parse(messages[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(messages[1]!.createdAt));
  });

  it('shows each message on GET /mailbox, its HTML part in a sandboxed frame, names escaped', async () => {
    const t = await embedded();
    const { buyer } = await paidOrder(t, { name: '<img src=x onerror=alert(1)>' });
    const res = await t.http.get('/mailbox').expect(200).expect('Content-Type', /html/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
    expect(res.text).toContain(buyer.email);
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toMatch(/<iframe[^>]+sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(res.text.match(/data-testid="message"/g)).toHaveLength(2);
  });

  it('formats amounts for the shop locale and the currency', async () => {
    const t = await embedded({ SHOP_LOCALE: 'de-DE' });
    await paidOrder(t);
    const [owner] = ((await t.http.get('/mailbox/messages').expect(200)).body as Mail[]).filter((m) => m.to === OWNER);
    expect(owner!.subject).toMatch(/: 25,98\s\$$/);
  });

  it('holds the refund notice once an administrator refunds the order', async () => {
    const t = await embedded();
    const { order, buyer, admin } = await paidOrder(t);
    await t.http.post(`/api/admin/orders/${order.id}/refund`).set('Authorization', `Bearer ${admin}`).send({}).expect(200);
    await settled(t);
    const toBuyer = ((await t.http.get('/mailbox/messages').expect(200)).body as Mail[]).filter((m) => m.to === buyer.email);
    expect(toBuyer.map((m) => m.subject)).toEqual([
      `Tea & Co: $25.98 refunded for order #${order.id.slice(-8).toUpperCase()}`,
      `Tea & Co: order #${order.id.slice(-8).toUpperCase()} is confirmed`,
    ]);
  });

  it('does not exist outside the embedded mode', async () => {
    const withStripe = await testApp({ storage: memoryStorage() }, STRIPE_TEST_ENV);
    await withStripe.http.get('/mailbox').expect(404);
    await withStripe.http.get('/mailbox/messages').expect(404);
    const withSmtp = await testApp({ storage: memoryStorage() }, { SMTP_URL: 'smtp://127.0.0.1:9' });
    await withSmtp.http.get('/mailbox').expect(404);
  });
});
