import { beforeEach, describe, expect, it } from 'vitest';
import { CancelOrder } from '../../../src/application/orders/cancel-order.js';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import { OrderNotCancellable, OrderNotFound, PaymentProviderFailed } from '../../../src/domain/errors.js';
import { T0, aProduct, aUser, anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

const ann = aUser().withEmail('ann@example.com').build();
const bob = aUser().withEmail('bob@example.com').build();
const asAnn: Actor = { userId: ann.id, role: 'customer' };

let t: Harness;
beforeEach(async () => {
  t = harness();
  for (const u of [ann, bob]) await t.users.add(u);
});

const cancelOrder = () => new CancelOrder(t.orders, movesOf(t.orders), t.payments, t.stock, new CompletePayment(t.orders, movesOf(t.orders), t.clock), t.clock);

describe('CancelOrder', () => {
  it('closes the checkout first, then cancels and gives the stock back', async () => {
    const mug = aProduct().build();
    await t.products.add({ ...mug, stock: 5 });
    const order = anOrder().forUser(ann.id).of(mug, 2).withCheckout('cs_1').build();
    await t.orders.add(order, []);
    await t.stock.reserve(order.id, order.items, T0);
    expect((await t.products.byId(mug.id))!.stock).toBe(3);
    const cancelled = await cancelOrder().execute(asAnn, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(t.payments.cancelled).toEqual(['cs_1']);
    expect((await t.products.byId(mug.id))!.stock).toBe(5);
  });

  it('changes nothing when the provider refuses to close the checkout', async () => {
    const order = anOrder().forUser(ann.id).withCheckout('cs_1').build();
    await t.orders.add(order, []);
    t.payments.onCancel(new PaymentProviderFailed('no'));
    await expect(cancelOrder().execute(asAnn, order.id)).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(await t.orders.byId(order.id)).toEqual(order);
  });

  it("reports someone else's order as missing, and an ended one as not cancellable without asking the provider", async () => {
    const theirs = anOrder().forUser(bob.id).build();
    const paid = anOrder().forUser(ann.id).withCheckout('cs_paid').paid().build();
    await t.orders.add(theirs, []);
    await t.orders.add(paid, []);
    await expect(cancelOrder().execute(asAnn, theirs.id)).rejects.toBeInstanceOf(OrderNotFound);
    await expect(cancelOrder().execute(asAnn, paid.id)).rejects.toBeInstanceOf(OrderNotCancellable);
    expect(t.payments.cancelled).toEqual([]);
  });
});
