import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';

const ADDRESS = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };

describe('closing an account erases the shipping addresses it no longer needs', () => {
  it('keeps the address of a paid order still to ship until it ships, and erases every other at once', async () => {
    const t = await testApp();
    const admin = { Authorization: `Bearer ${await t.adminToken()}` };
    const customer = await t.register();
    const product = await t.createProduct(await t.adminToken(), { unitAmount: 2000, currency: 'usd' });
    const option = (await t.http.post('/api/admin/shipping-options').set(admin)
      .send({ name: 'Standard', unitAmount: 495, currency: 'usd', countries: ['US'] }).expect(201)).body;
    const paidOrder = async () => {
      const placed = (await t.http.post('/api/orders').set('Authorization', `Bearer ${customer.token}`)
        .send({ productId: product.id, shippingOptionId: option.id }).expect(201)).body;
      await t.http.post(`${new URL(placed.checkoutUrl).pathname}/pay`).set('Content-Type', 'application/x-www-form-urlencoded')
        .send(new URLSearchParams({ ...ADDRESS, shippingOptionId: option.id }).toString()).expect(303);
      return placed.order.id as string;
    };
    const addressOf = async (id: string) => (await t.http.get(`/api/admin/orders/${id}`).set(admin).expect(200)).body.shippingAddress;
    const ship = (id: string) => t.http.post(`/api/admin/orders/${id}/shipment`).set(admin).send({ carrier: 'UPS' }).expect(200);

    const shipped = await paidOrder();
    await ship(shipped);
    const toShip = await paidOrder();
    expect(await addressOf(shipped)).toMatchObject({ city: 'Springfield' });
    expect(await addressOf(toShip)).toMatchObject({ city: 'Springfield' });

    await t.http.delete('/api/auth/profile').set('Authorization', `Bearer ${customer.token}`).send({ password: customer.password }).expect(204);
    expect(await addressOf(shipped)).toBeNull();
    expect(await addressOf(toShip)).toMatchObject({ city: 'Springfield' });

    const answer = (await ship(toShip)).body;
    expect(answer.shippingAddress).toBeNull();
    expect(await addressOf(toShip)).toBeNull();
    expect(answer.fulfillment.status).toBe('shipped');
  });
});
