import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** Everything the moves so far set off: their events handled, the messages these recorded handed to the mailer. */
export async function settled(t: TestApp): Promise<void> {
  await t.jobs.dispatchEvents.idle();
  await t.jobs.deliverOutbox?.idle();
}

/** An order of two teapots (12.99 each) placed and paid on the local checkout, with what it set off settled. */
export async function paidOrder(t: TestApp, customer: { name?: string } = {}) {
  const admin = await t.adminToken();
  const product = await t.createProduct(admin, { name: 'Teapot <b>stout</b>', unitAmount: 1299 });
  const buyer = await t.register(customer);
  const placed = await t.placeOrder(buyer.token, { productId: product.id, quantity: 2 });
  expect(placed.status).toBe(201);
  const { order, checkoutUrl } = placed.body as { order: { id: string }; checkoutUrl: string };
  await t.http.post(`${new URL(checkoutUrl).pathname}/pay`).expect(303);
  await settled(t);
  return { order, buyer, admin, product };
}
