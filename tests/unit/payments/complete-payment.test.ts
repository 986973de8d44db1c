import { beforeEach, describe, expect, it } from 'vitest';
import { CompletePayment } from '../../../src/application/payments/complete-payment.js';
import { OrderNotFound, OrderNotPayable, PaymentAmountMismatch, ShippingAddressRefused } from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import { type Order, placeOrder } from '../../../src/domain/order.js';
import { T0, aProduct, aShippingOption, anAddress, anOrder } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('CompletePayment', () => {
  const SESSION = 'cs_test_outcomes';
  let pending: Order;
  const paidInFull = () => money(pending.total.amount, pending.total.currency);

  beforeEach(async () => {
    pending = await t.saved(anOrder().withCheckout(SESSION).build());
    t.clock.advance(MINUTE);
  });

  const completePayment = () => new CompletePayment(t.orders, movesOf(t.orders), t.clock);

  it('completes a pending order paid in full', async () => {
    const order = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
    expect(order).toMatchObject({ status: 'completed', completedAt: t.clock.now() });
    expect(await t.current(pending.id)).toEqual(order);
  });

  it('finds the order by its checkout session when the report has no order id', async () => {
    const order = await completePayment().execute({ orderId: null, sessionId: SESSION, paid: paidInFull() });
    expect(order.id).toBe(pending.id);
    expect(order.status).toBe('completed');
  });

  it('is idempotent: a repeated report changes nothing', async () => {
    const first = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
    t.clock.advance(MINUTE);
    const again = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
    expect(again).toEqual(first);
    expect(t.orders.changes).toBe(1);
  });

  it('leaves the order pending, records the issue and throws on an amount mismatch', async () => {
    const short = money(pending.total.amount - 1, pending.total.currency);
    await expect(
      completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: short }),
    ).rejects.toThrow(PaymentAmountMismatch);

    const order = await t.current(pending.id);
    expect(order.status).toBe('pending');
    expect(order.paymentIssue).toMatch(/does not match/);
    expect(order.updatedAt).toEqual(t.clock.now());
  });

  it('records the issue and throws when an ended order is paid', async () => {
    const expired = await t.saved(anOrder().expired().withCheckout('cs_expired').build());
    await expect(
      completePayment().execute({ orderId: expired.id, sessionId: 'cs_expired', paid: expired.total }),
    ).rejects.toThrow(OrderNotPayable);
    expect(await t.current(expired.id)).toMatchObject({ status: 'expired', paymentIssue: expect.any(String) });
  });

  it('reports an unknown order as not found', async () => {
    await expect(
      completePayment().execute({ orderId: '0000000000000000000000ff', sessionId: 'cs_unknown', paid: paidInFull() }),
    ).rejects.toThrow(OrderNotFound);
  });

  it('completes the order exactly once under 20 concurrent reports', async () => {
    // Every reading of the clock is a different instant, so a second completion would show.
    const ticking = { now: () => (t.clock.advance(1), t.clock.now()) };
    const complete = new CompletePayment(t.orders, movesOf(t.orders), ticking);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        complete.execute({ orderId: i % 2 ? pending.id : null, sessionId: SESSION, paid: paidInFull() }),
      ),
    );

    const completedAt = new Set(results.map((o) => o.completedAt?.getTime()));
    expect(completedAt.size).toBe(1);
    expect(results.every((o) => o.status === 'completed')).toBe(true);
    expect((await t.current(pending.id)).completedAt?.getTime()).toBe([...completedAt][0]);
    expect(t.orders.changes).toBe(1);
  });
});

describe('CompletePayment of an order with a shipping step', () => {
  const standard = aShippingOption().named('Standard').priced(495).to('DE').build();
  const mug = aProduct().priced(2000, 'eur').build();
  const SESSION = 'cs_test_shipping';

  it('stores the option picked and the address; an address the option does not serve is a payment issue, the order stays pending', async () => {
    const place = (id: string) => placeOrder(id, 'a'.repeat(24), [{ product: mug, productId: mug.id, quantity: 1 }], T0, { options: [standard], request: {} });
    const ok = await t.saved({ ...place('1'.repeat(24)), checkout: { sessionId: SESSION, url: 'https://pay.example' } });
    const completePayment = new CompletePayment(t.orders, movesOf(t.orders), t.clock);
    const breakdown = { subtotal: 2000, shipping: 495, discount: 0, tax: 0 };
    const done = await completePayment.execute({
      orderId: ok.id, sessionId: SESSION, paid: money(2495, 'eur'), breakdown, shipping: { optionId: standard.id, address: anAddress('DE') },
    });
    expect(done.shipping).toMatchObject({ chosen: { optionId: standard.id }, address: anAddress('DE') });

    const abroad = await t.saved({ ...place('2'.repeat(24)), checkout: { sessionId: 'cs_other', url: 'https://pay.example' } });
    await expect(completePayment.execute({
      orderId: abroad.id, sessionId: 'cs_other', paid: money(2495, 'eur'), breakdown, shipping: { optionId: standard.id, address: anAddress('FR') },
    })).rejects.toBeInstanceOf(ShippingAddressRefused);
    expect(await t.current(abroad.id)).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/in FR, which Standard does not serve/) });
  });
});
