import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { testApp } from '../support/app.js';

type Mail = { to: string; subject: string; text: string };
const ADDRESS = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };

async function mailTo(t: Awaited<ReturnType<typeof testApp>>, email: string, subject: RegExp): Promise<Mail[]> {
  for (let i = 0; i < 50; i++) {
    const mine = ((await t.http.get('/mailbox/messages').expect(200)).body as Mail[]).filter((m) => m.to === email && subject.test(m.subject));
    if (mine.length > 0) return mine;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

describe('the shipped email', () => {
  it('tells the customer once, with the tracking link, when an admin ships the paid order (the embedded mailbox)', async () => {
    const t = await testApp({ storage: memoryStorage() }, { SHOP_NAME: 'Tea & Co' });
    const admin = { Authorization: `Bearer ${await t.adminToken()}` };
    const customer = await t.register();
    const product = await t.createProduct(await t.adminToken(), { unitAmount: 2000, currency: 'usd' });
    const option = (await t.http.post('/api/admin/shipping-options').set(admin)
      .send({ name: 'Standard', unitAmount: 495, currency: 'usd', countries: ['US'] }).expect(201)).body;
    const placed = (await t.http.post('/api/orders').set('Authorization', `Bearer ${customer.token}`)
      .send({ productId: product.id, shippingOptionId: option.id }).expect(201)).body;
    await t.http.post(`${new URL(placed.checkoutUrl).pathname}/pay`).set('Content-Type', 'application/x-www-form-urlencoded')
      .send(new URLSearchParams({ ...ADDRESS, shippingOptionId: option.id }).toString()).expect(303);

    const shipment = { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' };
    await t.http.post(`/api/admin/orders/${placed.order.id}/shipment`).set(admin).send(shipment).expect(200);
    await t.http.post(`/api/admin/orders/${placed.order.id}/shipment`).set(admin).send(shipment).expect(200);

    const shipped = await mailTo(t, customer.email, /on its way/);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.text).toContain(shipment.trackingUrl);
    expect(shipped[0]!.text).toContain('UPS');
  });
});
