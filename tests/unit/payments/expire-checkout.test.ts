import { beforeEach, describe, expect, it } from 'vitest';
import { CreateOrder } from '../../../src/application/orders/create-order.js';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { ExpireCheckout } from '../../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../../src/application/payments/fail-payment.js';
import { money } from '../../../src/domain/money.js';
import type { Order } from '../../../src/domain/order.js';
import { aUser, anOrder } from '../../support/builders.js';
import { type Harness, MINUTE, actorOf, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('ExpireCheckout', () => {
  const SESSION = 'cs_test_outcomes';
  let pending: Order;
  const paidInFull = () => money(pending.total.amount, pending.total.currency);

  beforeEach(async () => {
    pending = await t.saved(anOrder().withCheckout(SESSION).build());
    t.clock.advance(MINUTE);
  });

  it('expire a pending order, found by session', async () => {
    const order = await new ExpireCheckout(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: null, sessionId: SESSION });
    expect(order.status).toBe('expired');
    expect((await t.current(pending.id)).status).toBe('expired');
  });

  it('never move a completed order', async () => {
    const completed = await new CompletePayment(t.orders, movesOf(t.orders), t.clock).execute({
      orderId: pending.id,
      sessionId: SESSION,
      paid: paidInFull(),
    });
    t.clock.advance(MINUTE);

    expect(await new ExpireCheckout(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: null, sessionId: SESSION })).toEqual(
      completed,
    );
    expect(await t.current(pending.id)).toEqual(completed);
    expect(t.orders.changes).toBe(1);
  });

  it('do not turn a failed order into an expired one', async () => {
    await new FailPayment(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: pending.id, sessionId: SESSION });
    const order = await new ExpireCheckout(t.orders, movesOf(t.orders), t.clock, t.stock).execute({ orderId: pending.id, sessionId: SESSION });
    expect(order.status).toBe('failed');
  });
});

describe('orders that end give their stock back exactly once', () => {
  it('20 concurrent expiries and failures of one order release it once', async () => {
    const customer = await t.stored(aUser().build());
    const mug = await t.withStock(3);
    const createOrder = new CreateOrder(t.users, t.products, t.orders, movesOf(t.orders), t.payments, t.ids, t.clock, t.stock, t.shippingOptions);
    const { order } = await createOrder.execute(actorOf(customer), { items: [{ productId: mug.id, quantity: 3 }] });
    const ref = { orderId: order.id, sessionId: order.checkout!.sessionId };
    const expire = new ExpireCheckout(t.orders, movesOf(t.orders), t.clock, t.stock);
    const fail = new FailPayment(t.orders, movesOf(t.orders), t.clock, t.stock);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? expire : fail).execute(ref)));
    expect(await t.stockOf(mug)).toBe(3);
  });
});
